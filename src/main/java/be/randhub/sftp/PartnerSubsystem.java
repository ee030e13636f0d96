package be.randhub.sftp;

import java.io.IOException;
import java.nio.file.AccessDeniedException;

import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.sftp.server.SftpSubsystem;
import org.apache.sshd.sftp.server.SftpSubsystemConfigurator;

/**
 * MINA's SFTP subsystem, telling {@link FolderAccess} whether a handle is being closed because the client asked
 * (an upload then complete) or because its session ended (an upload cut off, dropped); and refusing links before
 * they reach any file system.
 */
final class PartnerSubsystem extends SftpSubsystem {

    private static final ThreadLocal<Boolean> CLIENT_CLOSE = ThreadLocal.withInitial(() -> Boolean.FALSE);

    PartnerSubsystem(ChannelSession channel, SftpSubsystemConfigurator configurator) {
        super(channel, configurator);
    }

    static boolean closedByClient() {
        return CLIENT_CLOSE.get();
    }

    @Override
    protected void doClose(int id, String handle) throws IOException {
        CLIENT_CLOSE.set(Boolean.TRUE);
        try {
            super.doClose(id, handle);
        } finally {
            CLIENT_CLOSE.remove();
        }
    }

    @Override
    protected void doSymLink(int id, String targetPath, String linkPath) throws IOException {
        throw new AccessDeniedException(linkPath, null, "links are not allowed");
    }

    @Override
    protected void doLink(int id, String targetPath, String linkPath, boolean symLink) throws IOException {
        throw new AccessDeniedException(linkPath, null, "links are not allowed");
    }
}
