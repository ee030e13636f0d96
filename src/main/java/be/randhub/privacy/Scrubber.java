package be.randhub.privacy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

/**
 * Takes contact data and known names out of free text before it goes to the learning network: e-mail
 * addresses, phone numbers (Belgian and international), Belgian national register numbers (checked with their
 * mod-97 control), IBANs (checked likewise), and any word of a name the hub holds from referrals in the same
 * municipality. Each is replaced by its kind in brackets ("[phone]"). Dates, counts, postcodes and amounts stay.
 * What was removed is counted per kind, never kept.
 */
@Component
public class Scrubber {

    public static final String EMAIL = "e-mail";
    public static final String PHONE = "phone";
    public static final String NATIONAL_NUMBER = "national register number";
    public static final String IBAN = "IBAN";
    public static final String NAME = "name";

    private static final Pattern EMAIL_ADDRESS = Pattern.compile("[\\p{L}0-9._%+-]+@[\\p{L}0-9-]+(?:\\.[\\p{L}0-9-]+)*\\.\\p{L}{2,}");
    private static final Pattern IBAN_NUMBER = Pattern.compile("\\b[A-Z]{2}\\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\\b");
    private static final Pattern REGISTER_NUMBER = Pattern.compile("(?<!\\d)(?<!\\d[.,/-])(\\d{2})[. ]?(\\d{2})[. ]?(\\d{2})[ .-]?(\\d{3})[ .-]?(\\d{2})(?!\\d)(?![.,/-]\\d)");
    private static final List<Pattern> PHONES = List.of(
            // international: +32 470 12 34 56, 0032 2 123 45 67, +33 (0)1 23 45 67 89
            Pattern.compile("(?<![\\w+])(?:\\+|00)[1-9]\\d{0,2}(?:[ ./-]?\\(0\\))?(?:[ ./-]?\\d){6,12}(?!\\d)"),
            // Belgian mobile: 0470 12 34 56, 0470/12.34.56, 0470123456
            Pattern.compile("(?<!\\d)(?<!\\d[.,/-])04\\d{2}(?:[ ./-]?\\d{2}){3}(?!\\d)(?![.,/-]\\d)"),
            // Belgian landline, one-digit zone: 02 123 45 67, 02/123.45.67
            Pattern.compile("(?<!\\d)(?<!\\d[.,/-])0[2349][ ./-]?\\d{3}(?:[ ./-]?\\d{2}){2}(?!\\d)(?![.,/-]\\d)"),
            // Belgian landline, two-digit zone: 015 12 34 56, 053/12.34.56
            Pattern.compile("(?<!\\d)(?<!\\d[.,/-])0[1-9]\\d[ ./-]?\\d{2}(?:[ ./-]?\\d{2}){2}(?!\\d)(?![.,/-]\\d)"));

    /** The fewest digits a phone number (+ country code and six) or a register number (eleven) has. */
    private static final int FEWEST_DIGITS = 7;

    private final KnownNames names;

    public Scrubber(KnownNames names) {
        this.names = names;
    }

    /** A text with what was removed counted per kind. */
    public record Result(String text, Map<String, Integer> removed) {
    }

    /** Scrubs one text; adds what it removed to {@code removed}. */
    public String scrub(String text, String municipality, Map<String, Integer> removed) {
        if (text == null || text.isBlank()) {
            return text;
        }
        String scrubbed = text.indexOf('@') < 0 ? text : replace(text, EMAIL_ADDRESS, EMAIL, removed, match -> true);
        scrubbed = replace(scrubbed, IBAN_NUMBER, IBAN, removed, Scrubber::validIban);
        scrubbed = replaceInNumberRuns(scrubbed, REGISTER_NUMBER, NATIONAL_NUMBER, removed, Scrubber::validRegisterNumber);
        for (Pattern phone : PHONES) {
            scrubbed = replaceInNumberRuns(scrubbed, phone, PHONE, removed, match -> true);
        }
        return scrubNames(scrubbed, municipality, removed);
    }

    public Result scrub(String text, String municipality) {
        Map<String, Integer> removed = new TreeMap<>();
        return new Result(scrub(text, municipality, removed), removed);
    }

    private String scrubNames(String text, String municipality, Map<String, Integer> removed) {
        // each distinct word once: a text repeats its words, and each costs a keyed hash
        java.util.Set<String> words = new java.util.LinkedHashSet<>();
        Matcher matcher = PersonNames.WORD.matcher(text);
        while (matcher.find()) {
            words.add(matcher.group());
        }
        Set<String> known = names.known(municipality, words);
        if (known.isEmpty()) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        matcher = PersonNames.WORD.matcher(text);
        while (matcher.find()) {
            if (known.contains(matcher.group())) {
                matcher.appendReplacement(out, "[" + NAME + "]");
                removed.merge(NAME, 1, Integer::sum);
            }
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static String replace(String text, Pattern pattern, String kind, Map<String, Integer> removed,
                                  java.util.function.Predicate<Matcher> valid) {
        Matcher matcher = pattern.matcher(text);
        StringBuilder out = new StringBuilder();
        boolean any = false;
        while (matcher.find()) {
            if (valid.test(matcher)) {
                matcher.appendReplacement(out, Matcher.quoteReplacement("[" + kind + "]"));
                removed.merge(kind, 1, Integer::sum);
                any = true;
            }
        }
        if (!any) {
            return text;
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /**
     * Like {@link #replace}, for the patterns made of digits and separators only (phone and register numbers):
     * they are looked for only inside runs of digits, spaces and {@code + . / ( ) -} that hold at least
     * {@value #FEWEST_DIGITS} digits, instead of at every position of the text. The pattern still sees the text
     * around a run (transparent bounds), so its look-behinds and look-aheads decide as before.
     */
    private static String replaceInNumberRuns(String text, Pattern pattern, String kind, Map<String, Integer> removed,
                                              java.util.function.Predicate<Matcher> valid) {
        Matcher matcher = null;
        StringBuilder out = null;
        int copied = 0;
        int length = text.length();
        int i = 0;
        while (i < length) {
            if (!inNumber(text.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            int digits = 0;
            for (; i < length && inNumber(text.charAt(i)); i++) {
                if (text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                    digits++;
                }
            }
            if (digits < FEWEST_DIGITS) {
                continue;
            }
            matcher = matcher == null ? pattern.matcher(text) : matcher;
            matcher.region(start, i).useTransparentBounds(true).useAnchoringBounds(false);
            while (matcher.find()) {
                if (valid.test(matcher)) {
                    out = out == null ? new StringBuilder(length) : out;
                    out.append(text, copied, matcher.start()).append('[').append(kind).append(']');
                    copied = matcher.end();
                    removed.merge(kind, 1, Integer::sum);
                }
            }
        }
        return out == null ? text : out.append(text, copied, length).toString();
    }

    private static boolean inNumber(char c) {
        return (c >= '0' && c <= '9') || c == ' ' || c == '+' || c == '.' || c == '/' || c == '(' || c == ')' || c == '-';
    }

    /** Belgian national register number: the last two digits are 97 minus the first nine modulo 97 (born 2000+: with a 2 before them). */
    static boolean validRegisterNumber(Matcher match) {
        String digits = match.group().replaceAll("\\D", "");
        long body = Long.parseLong(digits.substring(0, 9));
        int check = Integer.parseInt(digits.substring(9));
        int month = Integer.parseInt(digits.substring(2, 4));
        if (month > 12 && !(month >= 20 && month <= 32) && !(month >= 40 && month <= 52)) {
            return false; // not a month, nor a bis number's month
        }
        return 97 - body % 97 == check || 97 - (2_000_000_000L + body) % 97 == check;
    }

    /** IBAN: rearranged and turned into digits, it is 1 modulo 97. */
    static boolean validIban(Matcher match) {
        String iban = match.group().replace(" ", "");
        String rearranged = iban.substring(4) + iban.substring(0, 4);
        StringBuilder digits = new StringBuilder();
        for (char c : rearranged.toCharArray()) {
            digits.append(Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10));
        }
        return new BigInteger(digits.toString()).mod(BigInteger.valueOf(97)).intValue() == 1;
    }
}
