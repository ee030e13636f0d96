package be.randhub.register;

/**
 * The chain's head signed with the hub's Ed25519 key. The signed bytes are the length-prefixed fields (as in
 * {@link LogEntry}) {@value #TAG}, seq (decimal), hash, signedAt (ISO-8601 UTC, milliseconds); the signature is
 * base64.
 */
public record SignedHead(long seq, String hash, String signedAt, String signature) {

    public static final String TAG = "randhub-log-head-v1";

    public static byte[] signedBytes(long seq, String hash, String signedAt) {
        return LogEntry.fields(TAG, Long.toString(seq), hash, signedAt);
    }

    public byte[] signedBytes() {
        return signedBytes(seq, hash, signedAt);
    }
}
