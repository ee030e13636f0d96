package be.randhub.register;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * One entry of the hub's hash-chained log: a delivery, a read of personal data, an erasure, a purge or an access
 * request. It names the person it is about only by a keyed pseudonym ({@code subject}).
 * <p>
 * Its <b>canonical bytes</b> are the fields below, in this order, each as a 4-byte big-endian length followed by
 * its UTF-8 bytes (an absent field is the length {@code 0xFFFFFFFF} and no bytes): the tag
 * {@value #TAG}, seq (decimal), at (as exported: ISO-8601 UTC, milliseconds), kind, principal, channel,
 * trackingId, docType, parts, subject, purpose, detail. Its <b>hash</b> is SHA-256 over the previous entry's
 * hash (32 bytes; all zero before the first entry) followed by its canonical bytes, in hex.
 *
 * @param seq       its place in the chain: 1, 2, 3 … in commit order, no gaps
 * @param at        when it happened (milliseconds)
 * @param kind      delivery, read, erasure, purge, access-request
 * @param principal who received or read (a partner id, a receiver, an operator's login); null for the hub itself
 * @param channel   folder, queue, http, console
 * @param trackingId the document
 * @param docType   its type
 * @param parts     which parts were disclosed or read (content, status, status-history, trail, attachment, metadata)
 * @param subject   keyed pseudonym of the person (null when the document is about nobody)
 * @param purpose   why: delivery, referral-follow-up, privacy-request, operations, retention
 * @param detail    a short note without personal data
 * @param hash      the entry's link in the chain (hex)
 */
public record LogEntry(long seq, String at, String kind, String principal, String channel, String trackingId, String docType,
                       String parts, String subject, String purpose, String detail, String hash) {

    public static final String TAG = "randhub-log-entry-v1";
    public static final String GENESIS = "0".repeat(64);

    /** An entry before it has its place in the chain. */
    public record Draft(Instant at, String kind, String principal, String channel, String trackingId, String docType,
                        String parts, String subject, String purpose, String detail) {

        public LogEntry link(long seq, String previousHash) {
            LogEntry unlinked = new LogEntry(seq, at.truncatedTo(ChronoUnit.MILLIS).toString(), kind, principal, channel,
                    trackingId, docType, parts, subject, purpose, detail == null || detail.length() <= 200 ? detail : detail.substring(0, 200), null);
            return unlinked.withHash(unlinked.hashAfter(previousHash));
        }
    }

    public LogEntry withHash(String newHash) {
        return new LogEntry(seq, at, kind, principal, channel, trackingId, docType, parts, subject, purpose, detail, newHash);
    }

    public byte[] canonicalBytes() {
        return fields(TAG, Long.toString(seq), at, kind, principal, channel, trackingId, docType, parts, subject, purpose, detail);
    }

    /** This entry's hash when it follows an entry with the given hash. */
    public String hashAfter(String previousHash) {
        MessageDigest sha256 = sha256();
        sha256.update(HexFormat.of().parseHex(previousHash));
        sha256.update(canonicalBytes());
        return HexFormat.of().formatHex(sha256.digest());
    }

    /** Length-prefixed fields (see the class comment). */
    static byte[] fields(String... values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String value : values) {
            if (value == null) {
                out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
                continue;
            }
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            int length = bytes.length;
            out.writeBytes(new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length});
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
