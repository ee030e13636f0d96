package be.randhub.sftp;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import java.security.PublicKey;
import java.util.Map;

import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.common.file.FileSystemFactory;
import org.apache.sshd.common.session.SessionContext;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.password.UserAuthPasswordFactory;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.channel.ChannelSessionFactory;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.forward.RejectAllForwardingFilter;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import be.randhub.config.DataDirectory;
import be.randhub.register.AccessRegister;
import be.randhub.registry.Partner;
import be.randhub.registry.PartnerRegistry;
import be.randhub.security.LoginThrottle;

/**
 * The SFTP drop folders ({@code hub.sftp.enabled}): an SSH server that offers the SFTP subsystem and nothing else
 * (no shell, no commands and so no SCP, no port or agent forwarding). A registry entry logs in with its id and its
 * hub password, checked by the {@link LoginThrottle} like every HTTP and broker login, so wrong SFTP passwords
 * count toward the same lock-out and a locked-out partner is refused here too; every refusal looks the same.
 * A registry entry may also log in with a public key registered for it ({@link #registeredKey}).
 * Operators and the privacy officer have no SFTP access. What a login then sees: {@link PartnerView}; what it may
 * do there: {@link FolderAccess}.
 * <p>
 * The host key is generated at the first start and kept in {@code <data>/secrets/sftp-host-key} (owner-only),
 * so clients see the same key after a restart.
 */
@Component
@ConditionalOnBooleanProperty("hub.sftp.enabled")
public class SftpServer implements SmartLifecycle {

    static final String HOST_KEY = "sftp-host-key";
    /** The folder of registered public keys, one authorized_keys file per registry id. */
    static final String KEYS = "sftp-keys";

    private static final Logger log = LoggerFactory.getLogger(SftpServer.class);

    private final SftpProperties properties;
    private final DataDirectory data;
    private final PartnerRegistry registry;
    private final LoginThrottle throttle;
    private volatile SshServer server;

    private final AccessRegister register;

    public SftpServer(SftpProperties properties, DataDirectory data, PartnerRegistry registry, LoginThrottle throttle,
                      AccessRegister register) {
        this.register = register;
        this.properties = properties;
        this.data = data;
        this.registry = registry;
        this.throttle = throttle;
    }

    @Override
    public synchronized void start() {
        if (server != null) {
            return;
        }
        for (Partner partner : registry.all()) {
            view(partner);
            if (!partner.isReceiver()) {
                removeUnfinishedUploads(data.inbox(partner.id()));
            }
        }
        SshServer ssh = SshServer.setUpDefaultServer();
        ssh.setHost(properties.host());
        ssh.setPort(properties.port());
        ssh.setKeyPairProvider(hostKey());
        ssh.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE, UserAuthPasswordFactory.INSTANCE));
        ssh.setPasswordAuthenticator((name, password, session) -> login(name, password,
                String.valueOf(session.getClientAddress())));
        ssh.setPublickeyAuthenticator((name, key, session) -> registeredKey(name, key));
        ssh.setKeyboardInteractiveAuthenticator(null);
        ssh.setGSSAuthenticator(null);
        ssh.setHostBasedAuthenticator(null);
        ssh.setChannelFactories(List.of(ChannelSessionFactory.INSTANCE));
        ssh.setForwardingFilter(RejectAllForwardingFilter.INSTANCE);
        ssh.setAgentFactory(null);
        ssh.setShellFactory(null);
        ssh.setCommandFactory(null);
        SftpSubsystemFactory sftp = new SftpSubsystemFactory() {
            @Override
            public Command createSubsystem(ChannelSession channel) throws IOException {
                return new PartnerSubsystem(channel, this);
            }
        };
        sftp.setFileSystemAccessor(new FolderAccess(register));
        ssh.setSubsystemFactories(List.of(sftp));
        ssh.setFileSystemFactory(new FileSystemFactory() {
            @Override
            public Path getUserHomeDir(SessionContext session) {
                return null;
            }

            @Override
            public FileSystem createFileSystem(SessionContext session) {
                Partner partner = registry.find(session.getUsername()).orElseThrow();
                return PartnerView.open(view(partner));
            }
        });
        CoreModuleProperties.MAX_AUTH_REQUESTS.set(ssh, 6);
        try {
            ssh.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the SFTP server on " + properties.host() + ":" + properties.port(), e);
        }
        server = ssh;
        log.info("SFTP drop folders on {}:{}", properties.host(), properties.port());
    }

    /** Whether the login may use SFTP: a registry entry (partner or receiver) with its right password. */
    boolean login(String name, String password, String address) {
        try {
            Optional<String> account = throttle.login(name, password, LoginThrottle.source(address));
            return account.flatMap(registry::find).isPresent();
        } catch (RuntimeException failure) {
            log.warn("An SFTP login could not be checked: {}", failure.getClass().getSimpleName());
            return false;
        }
    }

    /**
     * Whether the key is one registered for the registry entry: {@code <data>/sftp-keys/<id>}, in OpenSSH's
     * {@code authorized_keys} format, written by whoever runs the hub (partners cannot reach it). Key options are
     * not honoured; a key cannot be guessed, so key logins are not counted by the password lock-out.
     */
    boolean registeredKey(String name, PublicKey key) {
        Optional<Partner> partner = registry.find(name);
        if (partner.isEmpty()) {
            return false;
        }
        Path file = data.inside(KEYS, partner.get().id());
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try {
            for (AuthorizedKeyEntry entry : AuthorizedKeyEntry.readAuthorizedKeys(file, LinkOption.NOFOLLOW_LINKS)) {
                PublicKey registered = entry.resolvePublicKey(null, Map.of(), PublicKeyEntryResolver.IGNORING);
                if (registered != null && KeyUtils.compareKeys(registered, key)) {
                    return true;
                }
            }
        } catch (IOException | GeneralSecurityException | RuntimeException unreadable) {
            log.warn("The SFTP keys registered for {} cannot be read: {}", partner.get().id(), unreadable.getClass().getSimpleName());
        }
        return false;
    }

    /** The real folders behind a registry entry's view; creates its root with the two names it shows. */
    private PartnerView.Folders view(Partner partner) {
        Path root = DataDirectory.createDirectories(data.inside("sftp", partner.id()));
        DataDirectory.createDirectories(root.resolve(PartnerView.OUTBOX));
        Path outbox = DataDirectory.createDirectories(data.outbox(partner.id()));
        Path inbox = null;
        if (!partner.isReceiver()) {
            DataDirectory.createDirectories(root.resolve(PartnerView.INBOX));
            inbox = DataDirectory.createDirectories(data.inbox(partner.id()));
        }
        return new PartnerView.Folders(root, inbox, outbox);
    }

    private static void removeUnfinishedUploads(Path inbox) {
        try (Stream<Path> files = Files.list(inbox)) {
            for (Path file : files.filter(f -> FolderAccess.isUpload(f.getFileName().toString())).toList()) {
                if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean the unfinished SFTP uploads in " + inbox, e);
        }
    }

    private SimpleGeneratorHostKeyProvider hostKey() {
        Path file = DataDirectory.createDirectories(data.secrets()).resolve(HOST_KEY);
        SimpleGeneratorHostKeyProvider keys = new SimpleGeneratorHostKeyProvider(file) {
            /** Written owner-only from the first byte, under a temporary name, then renamed into place. */
            @Override
            protected void writeKeyPair(KeyPair kp, Path path) throws IOException, GeneralSecurityException {
                Path temporary = path.resolveSibling(path.getFileName() + ".new");
                Files.deleteIfExists(temporary);
                Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                try (OutputStream out = Files.newOutputStream(temporary, LinkOption.NOFOLLOW_LINKS)) {
                    doWriteKeyPair(NamedResource.ofName(path.toString()), kp, out);
                }
                Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE);
            }
        };
        keys.setStrictFilePermissions(true);
        keys.setOverwriteAllowed(false);
        keys.loadKeys(null); // generates and stores it at the first start
        return keys;
    }

    @Override
    public synchronized void stop() {
        SshServer running = server;
        server = null;
        if (running != null) {
            try {
                running.stop(true);
            } catch (IOException e) {
                log.warn("The SFTP server did not stop cleanly: {}", e.getClass().getSimpleName());
            }
        }
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    /** The port it listens on (the configured one, or the one the system chose for port 0). */
    public int port() {
        SshServer running = server;
        return running == null ? properties.port() : running.getPort();
    }
}
