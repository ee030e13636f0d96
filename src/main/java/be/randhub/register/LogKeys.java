package be.randhub.register;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import be.randhub.config.DataDirectory;

/**
 * The hub's Ed25519 key pair for signing the log's head, generated at the first start with Java's own
 * signature API. The private key lies in {@code <data>/secrets/log-signing-key} (owner-only), the public key in
 * {@code <data>/log-public-key.pem} and at {@code GET /api/v1/log/public-key}. Hub instances sharing the data
 * directory share the key: the first to start writes it under a temporary name and links it into place, which
 * fails for the second (it then reads the first one's key), so two never generate two keys.
 */
@Component
public class LogKeys {

    private static final Logger log = LoggerFactory.getLogger(LogKeys.class);
    static final String PRIVATE_FILE = "log-signing-key";
    public static final String PUBLIC_FILE = "log-public-key.pem";

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final String publicPem;

    public LogKeys(DataDirectory data) {
        Path file = DataDirectory.createDirectories(data.secrets()).resolve(PRIVATE_FILE);
        try {
            if (!Files.exists(file)) {
                generate(file);
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
            KeyFactory keys = KeyFactory.getInstance("Ed25519");
            privateKey = keys.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(lines.get(0).trim())));
            publicKey = keys.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(lines.get(1).trim())));
            publicPem = pem(publicKey);
            DataDirectory.writeAtomically(data.root().resolve(PUBLIC_FILE), publicPem.getBytes(StandardCharsets.US_ASCII), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the log's signing key " + file, e);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalStateException("the log's signing key in " + file + " cannot be read", e);
        }
    }

    private static void generate(Path file) throws IOException, GeneralSecurityException {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String content = Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()) + "\n"
                + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()) + "\n";
        Path temporary = file.resolveSibling("." + UUID.randomUUID() + ".new");
        Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(temporary, content, StandardCharsets.US_ASCII);
            try (var channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.createLink(file, temporary); // atomic, and refused when another instance was first
            DataDirectory.force(file.getParent());
            log.info("Generated the log's Ed25519 signing key; its public key is in the data directory ({})", PUBLIC_FILE);
        } catch (FileAlreadyExistsException anotherInstanceWasFirst) {
            // read its key
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** The public key as PEM (X.509 SubjectPublicKeyInfo). */
    public String publicKeyPem() {
        return publicPem;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** Signs the head (sequence and hash) now. */
    public SignedHead sign(long seq, String hash) {
        String signedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(privateKey);
            signature.update(SignedHead.signedBytes(seq, hash, signedAt));
            return new SignedHead(seq, hash, signedAt, Base64.getEncoder().encodeToString(signature.sign()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign the log's head", e);
        }
    }

    public static String pem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    }

    /** Reads a public key written by {@link #pem}. */
    public static PublicKey readPem(String pem) throws GeneralSecurityException {
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    /** Whether the head was signed with the key's private half. */
    public static boolean verify(SignedHead head, PublicKey key) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initVerify(key);
            signature.update(head.signedBytes());
            return signature.verify(Base64.getDecoder().decode(head.signature()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
