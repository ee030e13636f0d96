package be.randhub.privacy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import be.randhub.document.Document;

/**
 * The names of the people the hub holds referrals for, kept only as keyed hashes (HMAC-SHA256) of their
 * folded words ({@link FoldedText}), so the learning network's copies can be scrubbed of any name the hub knows
 * without the hub keeping a list of names. The key is generated once and shared by hub instances through the
 * database.
 *
 * <p>Two tables: {@code name_token} holds every token the hub knows, with nothing but its hash and a day it
 * was seen in a referral (one row per token and day); the scrubber looks names up there, whatever the
 * municipality. {@code person_name_token} links a referral to its tokens. Erasing a referral removes its links
 * only: its tokens stay in {@code name_token}, unlinked (nobody can tell whose name they were), so the
 * learning network's copies are still scrubbed of the name of someone erased; retention removes them once the
 * day they were last seen is older than {@code hub.retention.personal-data}.
 */
@Component
public class PersonNames implements KnownNames {

    /** Name particles that are ordinary words too; a name is never recognised by these alone. */
    private static final Set<String> PARTICLES = Set.of("de", "van", "der", "den", "het", "ten", "ter", "le", "la", "les",
            "du", "des", "el", "al", "ben", "bin", "von", "da", "di", "dos", "del", "mc", "mac", "abu", "ibn",
            "\u0627\u0644", "\u0628\u0646", "\u0627\u0628\u0646", "\u0627\u0628\u0648", "\u0628\u0646\u062A"); // ال بن ابن ابو بنت
    private static final int LONGEST_PARTICLE = PARTICLES.stream().mapToInt(String::length).max().orElse(0);
    /** The shortest name word recognised: two letters (Li, Yu, Bo). */
    static final int SHORTEST = 2;
    /** The Arabic article and the clitics written onto a word before it (and the, with the, for the …), longest first. */
    private static final List<String> ARABIC_PREFIXES = List.of("\u0648\u0627\u0644", "\u0641\u0627\u0644",
            "\u0628\u0627\u0644", "\u0643\u0627\u0644", "\u0644\u0644", "\u0627\u0644", "\u0648", "\u0641"); // وال فال بال كال لل ال و ف

    private final JdbcTemplate jdbc;
    private final SecretKeySpec key;
    /** The access register's key for pseudonyms: derived from the name-token key, so a pseudonym is no name token. */
    private final SecretKeySpec subjectKey;

    public PersonNames(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.key = new SecretKeySpec(HexFormat.of().parseHex(sharedKey()), "HmacSHA256");
        this.subjectKey = new SecretKeySpec(newMac().doFinal("randhub access-register subject key v1".getBytes(StandardCharsets.UTF_8)),
                "HmacSHA256");
    }

    /**
     * The keyed pseudonym of the person a referral is about, for the access register: HMAC-SHA256 (with a key
     * derived from the hub's name-token key) of the person's name words, folded as names are compared
     * ({@link FoldedText}), sorted and joined by spaces, a line feed and the birth year. So two referrals of
     * one person by two partners give one pseudonym, "Zoë Peeters" and "PEETERS Zoe" too; the pseudonym names
     * nobody without the hub's key.
     */
    public String subject(Document referral) {
        var person = referral.payload().path("person");
        return subject(person.path("givenName").asString("") + " " + person.path("familyName").asString(""),
                person.path("birthYear").asInt(0));
    }

    /** The pseudonym of a person given by full name (given and family names, in any order) and birth year. */
    public String subject(String fullName, int birthYear) {
        List<String> words = new ArrayList<>();
        for (String word : FoldedText.of(fullName).folded.split("[^\\p{L}\\p{N}]+")) {
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        words.sort(null);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(subjectKey);
            return HexFormat.of().formatHex(mac.doFinal((String.join(" ", words) + "\n" + birthYear).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Remembers the person's names of a referral; runs in the intake's database transaction. */
    public void remember(Document referral) {
        var person = referral.payload().path("person");
        Set<String> tokens = new LinkedHashSet<>();
        tokens.addAll(tokens(person.path("givenName").asString("")));
        tokens.addAll(tokens(person.path("familyName").asString("")));
        java.sql.Date today = java.sql.Date.valueOf(LocalDate.now(ZoneOffset.UTC));
        for (String token : tokens) {
            String hash = hmac(token);
            jdbc.update("INSERT INTO person_name_token (municipality, token_hmac, referrer, document_id) SELECT ?, ?, ?, ?"
                            + " WHERE NOT EXISTS (SELECT 1 FROM person_name_token WHERE municipality = ? AND token_hmac = ?"
                            + " AND referrer = ? AND document_id = ?)",
                    referral.municipality(), hash, referral.sender(), referral.documentId(),
                    referral.municipality(), hash, referral.sender(), referral.documentId());
            // one row per token and day, never updated: no unique key two intakes could race for
            jdbc.update("INSERT INTO name_token (token_hmac, seen_on) SELECT ?, CAST(? AS DATE)"
                    + " WHERE NOT EXISTS (SELECT 1 FROM name_token WHERE token_hmac = ? AND seen_on = CAST(? AS DATE))",
                    hash, today, hash, today);
        }
    }

    /**
     * Of the given name tokens (folded words, see {@link #candidates}), those that are part of the name of
     * someone the hub holds or held a referral for, in any municipality: one query, whatever their number.
     */
    @Override
    public Set<String> known(Collection<String> tokens) {
        Map<String, String> byHash = new HashMap<>();
        for (String token : tokens) {
            byHash.put(hmac(token), token);
        }
        if (byHash.isEmpty()) {
            return Set.of();
        }
        Object[] hashes = byHash.keySet().toArray();
        List<String> found = jdbc.execute((ConnectionCallback<List<String>>) connection -> {
            Array array = connection.createArrayOf("VARCHAR", hashes);
            try (PreparedStatement query = connection.prepareStatement("SELECT DISTINCT token_hmac FROM name_token WHERE token_hmac = ANY (?)")) {
                query.setArray(1, array);
                List<String> rows = new ArrayList<>();
                try (ResultSet result = query.executeQuery()) {
                    while (result.next()) {
                        rows.add(result.getString(1));
                    }
                }
                return rows;
            } finally {
                array.free();
            }
        });
        Set<String> known = new HashSet<>();
        for (String hash : found) {
            known.add(byHash.get(hash));
        }
        return known;
    }

    /**
     * Forgets which names were this referral's (erasure): removes its links, keeps the tokens unlinked (see the
     * class comment); returns how many name entries were unlinked.
     */
    public int forget(String referrer, String documentId) {
        return jdbc.update("DELETE FROM person_name_token WHERE referrer = ? AND document_id = ?", referrer, documentId);
    }

    /**
     * Retention: the links of referrals made before the cutoff, and every token not seen in a referral since
     * the cutoff's day (linked or not: a referral still within the period has a row of its own day). Returns
     * how many name entries (links and tokens) were removed.
     */
    public int purgeOlderThan(Instant cutoff) {
        int links = jdbc.update("DELETE FROM person_name_token WHERE EXISTS (SELECT 1 FROM referral r WHERE r.referrer ="
                + " person_name_token.referrer AND r.document_id = person_name_token.document_id AND r.requested_at < ?)",
                Timestamp.from(cutoff));
        int tokens = jdbc.update("DELETE FROM name_token WHERE seen_on < CAST(? AS DATE)",
                java.sql.Date.valueOf(LocalDate.ofInstant(cutoff, ZoneOffset.UTC)));
        return links + tokens;
    }

    /**
     * The tokens the hub keeps for a name: each folded word of two letters or more that is not a particle; for
     * a word with an apostrophe (O'Brien) also the word without it ("obrien"); for an Arabic word with the
     * article (الحداد) also the word without it.
     */
    static Set<String> tokens(String name) {
        Set<String> tokens = new LinkedHashSet<>();
        String folded = FoldedText.of(name).folded;
        for (String chunk : folded.split("[^\\p{L}']+")) {
            StringBuilder joined = new StringBuilder();
            for (String word : chunk.split("'+")) {
                addToken(word, tokens);
                joined.append(word);
            }
            if (chunk.indexOf('\'') >= 0) {
                addToken(joined.toString(), tokens);
            }
        }
        return tokens;
    }

    private static void addToken(String word, Set<String> tokens) {
        if (nameLike(word)) {
            tokens.add(word);
            String bare = withoutArabicPrefix(word);
            if (bare != null) {
                tokens.add(bare);
            }
        }
    }

    /**
     * What one word of a text may be, as a name token: itself; without a final s (Dutch genitive "Haddads",
     * English "Aminas"), when three letters or more remain; without an attached Arabic article or clitic.
     * Empty for particles and words shorter than {@value #SHORTEST} letters.
     */
    static List<String> candidates(String word) {
        if (!nameLike(word)) {
            return List.of();
        }
        String bare = withoutArabicPrefix(word);
        boolean genitive = word.length() > SHORTEST + 1 && word.charAt(word.length() - 1) == 's';
        if (bare == null && !genitive) {
            return List.of(word);
        }
        List<String> candidates = new ArrayList<>(3);
        candidates.add(word);
        if (genitive) {
            candidates.add(word.substring(0, word.length() - 1));
        }
        if (bare != null) {
            candidates.add(bare);
        }
        return candidates;
    }

    private static boolean nameLike(String word) {
        return word.length() >= SHORTEST && (word.length() > LONGEST_PARTICLE || !PARTICLES.contains(word));
    }

    /** {@link #candidates} of the text between start and end is not empty (without cutting it out when it is long). */
    static boolean nameLike(String text, int start, int end) {
        int length = end - start;
        return length >= SHORTEST && (length > LONGEST_PARTICLE || !PARTICLES.contains(text.substring(start, end)));
    }

    private static String withoutArabicPrefix(String word) {
        char first = word.charAt(0);
        if (first < '\u0600' || first > '\u06FF') {
            return null;
        }
        for (String prefix : ARABIC_PREFIXES) {
            if (word.startsWith(prefix) && word.length() - prefix.length() >= SHORTEST) {
                return word.substring(prefix.length());
            }
        }
        return null;
    }

    /** A word folded as the hub compares names: Zoë, ZOE, Ｚｏｅ and "Zoe" with a zero-width space inside are "zoe"; O'Brien is "obrien". */
    static String normalise(String word) {
        return FoldedText.word(word);
    }

    /** One keyed MAC per thread: making one per word was a quarter of the delivery threads' time. */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    String hmac(String token) {
        return HexFormat.of().formatHex(macs.get().doFinal(token.getBytes(StandardCharsets.UTF_8)));
    }

    private String sharedKey() {
        List<String> stored = jdbc.queryForList("SELECT setting_value FROM hub_setting WHERE setting_name = 'name-token-key'", String.class);
        if (!stored.isEmpty()) {
            return stored.get(0);
        }
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        try {
            jdbc.update("INSERT INTO hub_setting (setting_name, setting_value) VALUES ('name-token-key', ?)", HexFormat.of().formatHex(secret));
        } catch (DuplicateKeyException anotherInstanceWasFirst) {
            // fall through to read its key
        }
        return jdbc.queryForObject("SELECT setting_value FROM hub_setting WHERE setting_name = 'name-token-key'", String.class);
    }
}
