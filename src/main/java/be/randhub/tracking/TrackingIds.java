package be.randhub.tracking;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Tracking ids (and trail event ids) are time-ordered UUIDs (version 7): unique across hub instances without
 * coordination, and they sort by arrival, which keeps the database indexes that use them compact: a new row goes
 * on the index's last pages, so a commit rewrites a few pages instead of one random page per row.
 */
public final class TrackingIds {

    /** One generator per thread: a shared SecureRandom made every thread that names a document or an event wait for it. */
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(SecureRandom::new);

    private TrackingIds() {
    }

    public static String next() {
        long millis = System.currentTimeMillis();
        SecureRandom random = RANDOM.get();
        long randomHigh = random.nextLong();
        long randomLow = random.nextLong();
        long most = (millis << 16) | 0x7000L | (randomHigh & 0x0FFFL);
        long least = (randomLow & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(most, least).toString();
    }

    public static boolean looksValid(String candidate) {
        return candidate != null && candidate.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    }
}
