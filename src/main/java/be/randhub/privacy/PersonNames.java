package be.randhub.privacy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import be.randhub.document.Document;

/**
 * The names of the people referred in each municipality, kept only as keyed hashes (HMAC-SHA256) of their
 * words, so the learning network's copies can be scrubbed of any name the hub knows without the hub keeping a
 * list of names. The key is generated once and shared by hub instances through the database.
 */
@Component
public class PersonNames implements KnownNames {

    /** Words of a name: letters, with inner apostrophes and hyphens. */
    static final Pattern WORD = Pattern.compile("\\p{L}[\\p{L}'’]*");
    private static final Pattern ACCENTS = Pattern.compile("\\p{M}");
    /** Name particles that are ordinary words too; a name is never recognised by these alone. */
    private static final Set<String> PARTICLES = Set.of("de", "van", "der", "den", "het", "ten", "ter", "le", "la", "les",
            "du", "des", "el", "al", "ben", "bin", "von", "da", "di", "dos", "del", "mc", "mac", "abu", "ibn");
    private static final int SHORTEST = 3;

    private final JdbcTemplate jdbc;
    private final SecretKeySpec key;

    public PersonNames(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.key = new SecretKeySpec(HexFormat.of().parseHex(sharedKey()), "HmacSHA256");
    }

    /** Remembers the person's names of a referral; runs in the intake's database transaction. */
    public void remember(Document referral) {
        var person = referral.payload().path("person");
        Set<String> tokens = new LinkedHashSet<>();
        tokens.addAll(tokens(person.path("givenName").asString("")));
        tokens.addAll(tokens(person.path("familyName").asString("")));
        for (String token : tokens) {
            jdbc.update("INSERT INTO person_name_token (municipality, token_hmac, referrer, document_id) SELECT ?, ?, ?, ?"
                            + " WHERE NOT EXISTS (SELECT 1 FROM person_name_token WHERE municipality = ? AND token_hmac = ?"
                            + " AND referrer = ? AND document_id = ?)",
                    referral.municipality(), hmac(token), referral.sender(), referral.documentId(),
                    referral.municipality(), hmac(token), referral.sender(), referral.documentId());
        }
    }

    /** Of the given words, those that are part of the name of someone referred in the municipality. */
    @Override
    public Set<String> known(String municipality, Collection<String> words) {
        List<String> hashes = new ArrayList<>();
        java.util.Map<String, String> byHash = new java.util.HashMap<>();
        for (String word : words) {
            String normal = normalise(word);
            if (normal.length() >= SHORTEST && !PARTICLES.contains(normal)) {
                String hash = hmac(normal);
                hashes.add(hash);
                byHash.put(hash, word);
            }
        }
        Set<String> known = new HashSet<>();
        for (int from = 0; from < hashes.size(); from += 500) {
            List<String> batch = hashes.subList(from, Math.min(hashes.size(), from + 500));
            String marks = String.join(",", java.util.Collections.nCopies(batch.size(), "?"));
            List<Object> arguments = new ArrayList<>();
            arguments.add(municipality);
            arguments.addAll(batch);
            jdbc.queryForList("SELECT DISTINCT token_hmac FROM person_name_token WHERE municipality = ? AND token_hmac IN ("
                    + marks + ")", String.class, arguments.toArray()).forEach(hash -> known.add(byHash.get(hash)));
        }
        return known;
    }

    /** Forgets the names of one referral (erasure); returns how many name entries were removed. */
    public int forget(String referrer, String documentId) {
        return jdbc.update("DELETE FROM person_name_token WHERE referrer = ? AND document_id = ?", referrer, documentId);
    }

    /** The distinct normalised words of a name worth recognising. */
    static Set<String> tokens(String name) {
        Set<String> tokens = new LinkedHashSet<>();
        Matcher words = WORD.matcher(name);
        while (words.find()) {
            String normal = normalise(words.group());
            if (normal.length() >= SHORTEST && !PARTICLES.contains(normal)) {
                tokens.add(normal);
            }
        }
        return tokens;
    }

    /** Lower case, without accents or apostrophes: Zoë, ZOE and zoe are one word. */
    static String normalise(String word) {
        if (plainAscii(word)) {
            return word.toLowerCase(Locale.ROOT); // most words: no accents, no apostrophes, nothing to decompose
        }
        String decomposed = ACCENTS.matcher(Normalizer.normalize(word, Normalizer.Form.NFD)).replaceAll("");
        return decomposed.replace("'", "").replace("’", "").toLowerCase(Locale.ROOT);
    }

    private static boolean plainAscii(String word) {
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (c >= 128 || c == '\'') {
                return false;
            }
        }
        return true;
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

    private String hmac(String token) {
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
