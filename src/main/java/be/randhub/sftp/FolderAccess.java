package be.randhub.sftp;

import java.io.IOException;
import java.nio.channels.Channel;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.security.Principal;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.apache.sshd.common.file.root.RootedFileSystem;
import org.apache.sshd.sftp.server.DirectoryHandle;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.SftpFileSystemAccessor;
import org.apache.sshd.sftp.server.SftpSubsystemProxy;

import be.randhub.register.AccessRegister;
import be.randhub.tracking.TrackingIds;

/**
 * What a login may do in its view ({@link PartnerView}): read files in {@code /inbox} and {@code /outbox}, write,
 * rename and remove files directly in {@code /inbox} (a sending partner's only), and nothing else: no folders made
 * or removed, no links, no copies on the server, no attributes, owners or permissions changed, no link followed.
 * <p>
 * <b>No half-written upload is ever taken in.</b> A file opened for writing in {@code /inbox} is written under a
 * temporary name there, {@code .sftp-<random>.upload}, which the drop folder never takes (it takes {@code *.json},
 * and a PDF only by the name its JSON gives); only when the client closes the handle is it renamed, in one step,
 * to the name the client asked for. An upload whose session ends without that close (a cut connection) is
 * removed, and any left by a stopped hub are removed when the SFTP server starts. A client that uploads under a
 * name of its own and renames it afterwards works the same: its file appears under the final name whole.
 * Writing to the middle or the end of a file already there is refused: a file in {@code /inbox} is written whole.
 */
final class FolderAccess implements SftpFileSystemAccessor {

    static final String UPLOAD_PREFIX = ".sftp-";
    static final String UPLOAD_SUFFIX = ".upload";

    /** An upload in progress: where it is written, and the name it takes once closed. */
    private record Upload(Path temporary, Path target) {
    }

    private final Map<FileHandle, Upload> uploads = new ConcurrentHashMap<>();
    private final AccessRegister register;

    FolderAccess(AccessRegister register) {
        this.register = register;
    }

    private static PartnerView view(Path path) {
        return (PartnerView) ((RootedFileSystem) path.getFileSystem()).provider();
    }

    @Override
    public LinkOption[] resolveFileAccessLinkOptions(SftpSubsystemProxy subsystem, Path file, int cmd, String extension,
                                                     boolean followLinks) {
        return new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
    }

    @Override
    public SeekableByteChannel openFile(SftpSubsystemProxy subsystem, FileHandle fileHandle, Path file, String handle,
                                        Set<? extends OpenOption> options, FileAttribute<?>... attrs) throws IOException {
        PartnerView view = view(file);
        boolean writes = options.contains(StandardOpenOption.WRITE) || options.contains(StandardOpenOption.APPEND);
        if (!writes) {
            Path local = view.local(file);
            if (view.isPlaceholder(local) || !PartnerView.regular(local)) {
                throw new NoSuchFileException(file.toString());
            }
            FileChannel channel;
            try {
                channel = FileChannel.open(local, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                throw failed(file, e);
            }
            try {
                registerRead(subsystem, local);
            } catch (IOException | RuntimeException notRecorded) {
                channel.close();
                throw notRecorded;
            }
            return channel;
        }
        Path target = view.inInbox(file);
        boolean exists = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
        if (exists && (options.contains(StandardOpenOption.CREATE_NEW))) {
            throw new FileAlreadyExistsException(file.toString());
        }
        if (!exists && !options.contains(StandardOpenOption.CREATE) && !options.contains(StandardOpenOption.CREATE_NEW)) {
            throw new NoSuchFileException(file.toString());
        }
        if (exists && (!options.contains(StandardOpenOption.TRUNCATE_EXISTING) || options.contains(StandardOpenOption.APPEND))) {
            throw new AccessDeniedException(file.toString(), null, "a file in /inbox is written whole: upload it again");
        }
        if (exists && !PartnerView.regular(target)) {
            throw new AccessDeniedException(file.toString(), null, "not a regular file");
        }
        Path temporary = target.resolveSibling(UPLOAD_PREFIX + UUID.randomUUID() + UPLOAD_SUFFIX);
        FileChannel channel;
        try {
            channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw failed(file, e);
        }
        uploads.put(fileHandle, new Upload(temporary, target));
        return channel;
    }

    @Override
    public void closeFile(SftpSubsystemProxy subsystem, FileHandle fileHandle, Path file, String handle, Channel channel,
                          Set<? extends OpenOption> options) throws IOException {
        Upload upload = uploads.remove(fileHandle);
        if (upload == null) {
            channel.close();
            return;
        }
        try {
            try (Channel written = channel) {
                if (PartnerSubsystem.closedByClient()) {
                    ((FileChannel) written).force(true);
                }
            }
            if (PartnerSubsystem.closedByClient()) {
                Files.move(upload.temporary(), upload.target(), StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw failed(file, e);
        } finally {
            Files.deleteIfExists(upload.temporary()); // gone after the rename; an interrupted upload is dropped
        }
    }

    /**
     * A delivery file of the outbox ({@code <trackingId>.json}, its PDF {@code <trackingId>.pdf}) opened by the
     * receiver: an entry of the access register (for a document about a person; any PDF). Receipts are not.
     */
    private void registerRead(SftpSubsystemProxy subsystem, Path local) throws IOException {
        String name = local.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String trackingId = dot < 0 ? name : name.substring(0, dot);
        if (!TrackingIds.looksValid(trackingId) || !(name.endsWith(".json") || name.endsWith(".pdf"))) {
            return;
        }
        var read = List.of(new AccessRegister.Read(trackingId, name.endsWith(".pdf") ? "attachment" : "content"));
        String login = subsystem.getServerSession().getUsername();
        try {
            if (name.endsWith(".pdf")) {
                register.readOfAny(login, AccessRegister.SFTP, AccessRegister.FOR_DELIVERY, read);
            } else {
                register.read(login, AccessRegister.SFTP, AccessRegister.FOR_DELIVERY, read);
            }
        } catch (RuntimeException e) {
            // not recorded, not served
            throw new IOException("the read cannot be recorded in the access register", e);
        }
    }

    @Override
    public DirectoryStream<Path> openDirectory(SftpSubsystemProxy subsystem, DirectoryHandle dirHandle, Path dir,
                                               String handle, LinkOption... linkOptions) throws IOException {
        Path local = view(dir).local(dir);
        if (!Files.isDirectory(local, LinkOption.NOFOLLOW_LINKS)) {
            throw new NoSuchFileException(dir.toString());
        }
        DirectoryStream<Path> all = Files.newDirectoryStream(dir);
        return new DirectoryStream<>() {
            @Override
            public Iterator<Path> iterator() {
                Stream<Path> shown = StreamSupport.stream(all.spliterator(), false)
                        .filter(path -> !isUpload(path.getFileName() == null ? "" : path.getFileName().toString()));
                return shown.iterator();
            }

            @Override
            public void close() throws IOException {
                all.close();
            }
        };
    }

    static boolean isUpload(String name) {
        return name.startsWith(UPLOAD_PREFIX) && name.endsWith(UPLOAD_SUFFIX);
    }

    @Override
    public void renameFile(SftpSubsystemProxy subsystem, Path oldPath, Path newPath, Collection<CopyOption> opts)
            throws IOException {
        PartnerView view = view(oldPath);
        Path from = view.inInbox(oldPath);
        Path to = view.inInbox(newPath);
        if (!PartnerView.regular(from)) {
            throw new NoSuchFileException(oldPath.toString());
        }
        if (Files.exists(to, LinkOption.NOFOLLOW_LINKS) && !opts.contains(StandardCopyOption.REPLACE_EXISTING)) {
            throw new FileAlreadyExistsException(newPath.toString());
        }
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw failed(newPath, e);
        }
    }

    @Override
    public void removeFile(SftpSubsystemProxy subsystem, Path path, boolean isDirectory) throws IOException {
        Path local = view(path).inInbox(path);
        if (isDirectory || !PartnerView.regular(local)) {
            throw new AccessDeniedException(path.toString(), null, "only files in /inbox may be removed");
        }
        try {
            Files.delete(local);
        } catch (IOException e) {
            throw failed(path, e);
        }
    }

    @Override
    public void createDirectory(SftpSubsystemProxy subsystem, Path path) throws IOException {
        throw refused(path);
    }

    @Override
    public void createLink(SftpSubsystemProxy subsystem, Path link, Path existing, boolean symLink) throws IOException {
        throw refused(link);
    }

    @Override
    public String resolveLinkTarget(SftpSubsystemProxy subsystem, Path link) throws IOException {
        throw refused(link);
    }

    @Override
    public void copyFile(SftpSubsystemProxy subsystem, Path src, Path dst, Collection<CopyOption> opts) throws IOException {
        throw refused(dst);
    }

    @Override
    public void setFileAttribute(SftpSubsystemProxy subsystem, Path file, String view, String attribute, Object value,
                                 LinkOption... options) throws IOException {
        throw refused(file);
    }

    @Override
    public void setFileOwner(SftpSubsystemProxy subsystem, Path file, Principal value, LinkOption... options) throws IOException {
        throw refused(file);
    }

    @Override
    public void setGroupOwner(SftpSubsystemProxy subsystem, Path file, Principal value, LinkOption... options) throws IOException {
        throw refused(file);
    }

    @Override
    public void setFilePermissions(SftpSubsystemProxy subsystem, Path file, Set<PosixFilePermission> perms,
                                   LinkOption... options) throws IOException {
        throw refused(file);
    }

    @Override
    public void setFileAccessControl(SftpSubsystemProxy subsystem, Path file, List<AclEntry> acl, LinkOption... options)
            throws IOException {
        throw refused(file);
    }

    /** A failure told in the view's terms: the client never sees where the hub keeps its folders. */
    private static IOException failed(Path path, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new NoSuchFileException(path.toString());
        }
        if (e instanceof FileAlreadyExistsException) {
            return new FileAlreadyExistsException(path.toString());
        }
        return new AccessDeniedException(path.toString(), null, "cannot be done");
    }

    private static AccessDeniedException refused(Path path) {
        return new AccessDeniedException(path.toString(), null, "not allowed here");
    }
}
