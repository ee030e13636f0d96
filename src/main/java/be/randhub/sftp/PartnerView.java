package be.randhub.sftp;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.sshd.common.file.root.RootedFileSystem;
import org.apache.sshd.common.file.root.RootedFileSystemProvider;
import org.apache.sshd.common.file.root.RootedPath;

/**
 * What one SFTP login sees: {@code /inbox} (a sending partner's drop folder, {@code data/inbox/<id>/}) and
 * {@code /outbox} (its outbox folder, receipts included, {@code data/outbox/<id>/}), nothing else. The root
 * itself is a folder of the hub's ({@code data/sftp/<id>/}) holding an empty {@code inbox} and {@code outbox}
 * only so that listing {@code /} shows them; those two names always lead to the real folders.
 * <p>
 * Every path is resolved by name from one of those three folders, {@code ..} taken away first (it cannot climb
 * above {@code /}), and refused when any part of it below that folder is a link: the hub never follows one, not
 * even a link the partner's own machine put into its drop folder.
 */
final class PartnerView extends RootedFileSystemProvider {

    static final String INBOX = "inbox";
    static final String OUTBOX = "outbox";

    /** The real folders of one login's view. {@code inbox} is null for a receiver. */
    record Folders(Path root, Path inbox, Path outbox) {
    }

    private final Folders folders;

    private PartnerView(Folders folders) {
        this.folders = folders;
    }

    /** A file system of its own for one session, rooted at the view's root folder. */
    static RootedFileSystem open(Folders folders) {
        return new RootedFileSystem(new PartnerView(folders), folders.root(), Map.of());
    }

    Folders folders() {
        return folders;
    }

    /** The folder on disk a path of the view stands for (may not exist); never outside the three folders. */
    Path local(Path path) {
        return unroot(path);
    }

    @Override
    protected Path resolveLocalPath(RootedPath path) {
        List<String> names = new ArrayList<>();
        for (Path name : path.toAbsolutePath().normalize()) {
            String part = name.toString();
            if (part.equals("..")) {
                if (!names.isEmpty()) {
                    names.remove(names.size() - 1);
                }
            } else if (!part.isEmpty() && !part.equals(".")) {
                if (part.indexOf('/') >= 0 || part.indexOf('\\') >= 0 || part.indexOf('\0') >= 0) {
                    throw new InvalidPathException(part, "not a name");
                }
                names.add(part);
            }
        }
        Path base = folders.root();
        int first = 0;
        if (!names.isEmpty() && names.get(0).equals(INBOX) && folders.inbox() != null) {
            base = folders.inbox();
            first = 1;
        } else if (!names.isEmpty() && names.get(0).equals(OUTBOX)) {
            base = folders.outbox();
            first = 1;
        }
        Path resolved = base;
        for (int i = first; i < names.size(); i++) {
            resolved = resolved.resolve(names.get(i));
            if (Files.isSymbolicLink(resolved)) {
                throw new InvalidPathException(path.toString(), "links are not followed");
            }
        }
        if (!resolved.normalize().startsWith(base)) {
            throw new InvalidPathException(path.toString(), "not in the view");
        }
        return resolved;
    }

    @Override
    protected Path root(RootedFileSystem rfs, Path local) {
        Path absolute = local.toAbsolutePath().normalize();
        if (folders.inbox() != null && absolute.startsWith(folders.inbox())) {
            return under(rfs, INBOX, folders.inbox().relativize(absolute));
        }
        if (absolute.startsWith(folders.outbox())) {
            return under(rfs, OUTBOX, folders.outbox().relativize(absolute));
        }
        if (absolute.startsWith(folders.root())) {
            Path relative = folders.root().relativize(absolute);
            return relative.toString().isEmpty() ? rfs.getPath("/") : rfs.getPath("/" + relative);
        }
        return rfs.getPath("/"); // nothing outside the view is ever shown, not even a link's target
    }

    private static Path under(RootedFileSystem rfs, String top, Path relative) {
        return relative.toString().isEmpty() ? rfs.getPath("/" + top) : rfs.getPath("/" + top, relative.toString());
    }

    /** Refuses unless the path lies directly in the inbox (no sub-folders there) and is no link. */
    Path inInbox(Path path) throws IOException {
        Path local = local(path);
        if (folders.inbox() == null || !folders.inbox().equals(local.getParent())) {
            throw new AccessDeniedException(path.toString(), null, "only files directly in /inbox may be written");
        }
        if (Files.isSymbolicLink(local)) {
            throw new AccessDeniedException(path.toString(), null, "links are not followed");
        }
        return local;
    }

    /** Whether a local path is the view's own root folder or one of its two placeholders. */
    boolean isPlaceholder(Path local) {
        return local.startsWith(folders.root());
    }

    static boolean regular(Path local) {
        return Files.isRegularFile(local, LinkOption.NOFOLLOW_LINKS);
    }
}
