package be.randhub.privacy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;

/**
 * Takes contact data and known names out of free text before it goes to the learning network: e-mail
 * addresses, phone numbers (Belgian and international), Belgian national register numbers (checked with their
 * mod-97 control), IBANs (checked likewise), and any word of a name the hub holds from referrals, whatever
 * their municipality, erased ones included. Each is replaced by its kind in brackets ("[phone]"). Dates,
 * counts, postcodes, amounts and references stay, and so does every character that is not replaced.
 *
 * <p>Everything is found in the text as {@link FoldedText} folds it (look-alike, full-width and invisible
 * characters, accents, case, non-Latin digits, Unicode spaces and dashes) and replaced in the original text.
 * Names are found as whole words (a longer word containing a name, "Haddadstraat", stays); apostrophe-like
 * characters separate words (d'Amina, Amina's), and a word is also tried without a final s (Haddads) and
 * without an attached Arabic article. Names run together are found too ({@link #words}): a word is also cut
 * where folding hid a word break (a lower case letter followed by a capital, an invisible character, a
 * letter next to a framed one), and each piece and each two neighbouring pieces are tried as words; a word of {@value #SHORTEST_PAIR} to {@value #LONGEST_PAIR} letters is also two names when
 * both its halves are ("aminahaddad"), each half replaced. A particle alone is never a name, so "McDonald" is
 * "Mc[name]" when the hub knows Donald and "[name]" when it knows McDonald, "DeWitte" is "De[name]" when it
 * knows Witte; "Dewitte" in one case stays (particle and name run together without a capital). The texts of
 * one document are scrubbed together, with one lookup of their name words, pieces and halves included
 * ({@link #scrubAll}). What was removed is counted per kind, never kept, never logged.
 */
@Component
public class Scrubber {

    public static final String EMAIL = "e-mail";
    public static final String PHONE = "phone";
    public static final String NATIONAL_NUMBER = "national register number";
    public static final String IBAN = "IBAN";
    public static final String NAME = "name";

    /** What the folded text has where something was already found: no letter, digit or separator. */
    private static final char MASK = '\u0000';

    private static final Pattern EMAIL_ADDRESS = Pattern.compile("[\\p{L}\\p{N}._%+-]+@[\\p{L}\\p{N}-]+(?:\\.[\\p{L}\\p{N}-]+)*\\.\\p{L}{2,}");
    /** Between the groups of a register number: nothing, a space, or one of . _ / - with a space either side or not. */
    private static final String GROUP = "(?: ?[._/-]? ?)";
    private static final Pattern REGISTER_NUMBER = Pattern.compile("(?<![0-9])(?<![0-9][.,/_-])([0-9]{2})" + GROUP + "([0-9]{2})" + GROUP
            + "([0-9]{2})" + GROUP + "([0-9]{3})" + GROUP + "([0-9]{2})(?![0-9])(?![.,/_-][0-9])");
    /**
     * Belgian numbers in the shapes people write them, kept beside the parser: it takes only numbers its
     * metadata knows as assigned, and misses well-formed ones in other ranges (02 123 45 67, 09 123 45 67);
     * its laxer leniency would take dates (2026-11-24) instead.
     */
    private static final List<Pattern> PHONE_SHAPES = List.of(
            // international: +32 470 12 34 56, 0032 2 123 45 67, +33 (0)1 23 45 67 89
            Pattern.compile("(?<![\\w+])(?:\\+|00)[1-9]\\d{0,2}(?:[ ./-]?\\(0\\))?(?:[ ./-]?\\d){6,12}(?!\\d)"),
            // Belgian mobile: 0470 12 34 56, 0470/12.34.56, 0470123456
            Pattern.compile("(?<!\\d)(?<!\\d[.,/-])04\\d{2}(?:[ ./-]?\\d{2}){3}(?!\\d)(?![.,/-]\\d)"),
            // Belgian landline, one-digit zone: 02 123 45 67, 02/123.45.67
            Pattern.compile("(?<!\\d)(?<!\\d[.,/-])0[2349][ ./-]?\\d{3}(?:[ ./-]?\\d{2}){2}(?!\\d)(?![.,/-]\\d)"),
            // Belgian landline, two-digit zone: 015 12 34 56, 053/12.34.56
            Pattern.compile("(?<!\\d)(?<!\\d[.,/-])0[1-9]\\d[ ./-]?\\d{2}(?:[ ./-]?\\d{2}){2}(?!\\d)(?![.,/-]\\d)"));
    private static final PhoneNumberUtil PHONE_NUMBERS = PhoneNumberUtil.getInstance();
    /** How many characters around a number run the phone number parser sees. */
    private static final int PHONE_CONTEXT = 8;

    /** IBAN length per country (SWIFT's IBAN registry; MA and DZ: in use, not in the registry). */
    private static final Map<String, Integer> IBAN_LENGTHS = ibanLengths("AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28"
            + " CH21 CR22 CY28 CZ24 DE22 DJ27 DK18 DO28 DZ26 EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HN28"
            + " HR21 HU28 IE22 IL23 IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 LY25 MA28 MC27 MD24 ME22 MK19"
            + " MN20 MR27 MT31 MU30 NI28 NL18 NO15 OM23 PK24 PL28 PS29 PT25 QA29 RO24 RS22 RU33 SA24 SC31 SD18 SE24 SI19 SK24"
            + " SM27 SO23 ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20 YE30");
    /** Between the characters of an IBAN: these, at most three in a row (" - "). */
    private static final String IBAN_SEPARATORS = " ._/-";

    /** The fewest digits a phone number (+ country code and six) or a register number (eleven) has. */
    private static final int FEWEST_DIGITS = 7;

    /**
     * The shortest and longest word tried as two name words put together. From six letters: fewer words to
     * cut, and a shorter one ("Liwei") is found only where a capital or an invisible character separates its
     * names. Up to forty (two long names): one word adds at most 74 halves to the lookup.
     */
    static final int SHORTEST_PAIR = 6;
    static final int LONGEST_PAIR = 40;

    private final KnownNames names;

    public Scrubber(KnownNames names) {
        this.names = names;
    }

    /** A text with what was removed counted per kind. */
    public record Result(String text, Map<String, Integer> removed) {
    }

    public Result scrub(String text) {
        Map<String, Integer> removed = new TreeMap<>();
        return new Result(scrubAll(List.of(text), removed).get(0), removed);
    }

    /**
     * Scrubs the texts of one document together: contact data first, each text on its own, then the name words
     * of all of them. A word cut in two is a name only when both halves are, so the lookup goes in two rounds:
     * the words and the first halves; then the second halves behind a known first half, if any (most documents
     * need no second round). Adds what it removed to {@code removed}; a null or empty text stays as it is.
     */
    public List<String> scrubAll(List<String> texts, Map<String, Integer> removed) {
        List<Found> found = new ArrayList<>(texts.size());
        Set<String> candidates = new HashSet<>();
        for (String text : texts) {
            Found one = text == null || text.isEmpty() ? null : find(text);
            if (one != null) {
                for (Word word : one.words) {
                    candidates.addAll(word.candidates());
                }
                for (Pair pair : one.pairs) {
                    candidates.addAll(pair.first().candidates());
                }
            }
            found.add(one);
        }
        Set<String> known = candidates.isEmpty() ? Set.of() : names.known(candidates);
        if (!known.isEmpty()) {
            Set<String> behindKnown = new HashSet<>();
            for (Found one : found) {
                for (Pair pair : one == null ? List.<Pair>of() : one.pairs) {
                    if (pair.first().known(known)) {
                        for (String candidate : pair.second().candidates()) {
                            if (!candidates.contains(candidate)) {
                                behindKnown.add(candidate);
                            }
                        }
                    }
                }
            }
            if (!behindKnown.isEmpty()) {
                Set<String> alsoKnown = names.known(behindKnown);
                if (!alsoKnown.isEmpty()) {
                    known = new HashSet<>(known);
                    known.addAll(alsoKnown);
                }
            }
        }
        List<String> scrubbed = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            scrubbed.add(found.get(i) == null ? texts.get(i) : found.get(i).replace(known, removed));
        }
        return scrubbed;
    }

    /** A span of the folded text to replace with its kind. */
    private record Span(int start, int end, String kind) {
    }

    /** A word (or a piece of one) of the folded text that may be a name, and the tokens it may be. */
    private record Word(int start, int end, List<String> candidates) {

        boolean known(Set<String> known) {
            for (String candidate : candidates) { // a loop: a stream here was a fifth of the scrubbing's time
                if (known.contains(candidate)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * A word cut in two halves: names when both halves are. The second half's tokens are worked out only when the
     * first half is a name (see {@link #scrubAll}).
     */
    private static final class Pair {
        private final Word first;
        private final String text;
        private final int secondStart;
        private final int secondEnd;
        private Word second;

        Pair(Word first, String text, int secondStart, int secondEnd) {
            this.first = first;
            this.text = text;
            this.secondStart = secondStart;
            this.secondEnd = secondEnd;
        }

        Word first() {
            return first;
        }

        Word second() {
            if (second == null) {
                second = new Word(secondStart, secondEnd, PersonNames.candidates(text.substring(secondStart, secondEnd)));
            }
            return second;
        }
    }

    /** Longer spans first where two start at the same place: the longest name found there is replaced, the ones inside it with it. */
    private static final Comparator<Span> IN_TEXT_ORDER = Comparator.comparingInt(Span::start).thenComparing(Comparator.comparingInt(Span::end).reversed());

    /** What was found in one text before the names are looked up. */
    private static final class Found {
        final FoldedText text;
        final List<Span> spans = new ArrayList<>();
        final List<Word> words = new ArrayList<>();
        final List<Pair> pairs = new ArrayList<>();
        /** The folded text, with what was found so far masked. */
        String work;

        Found(FoldedText text) {
            this.text = text;
            this.work = text.folded;
        }

        void mask(List<int[]> matches, String kind) {
            if (matches.isEmpty()) {
                return;
            }
            char[] masked = work.toCharArray();
            for (int[] match : matches) {
                spans.add(new Span(match[0], match[1], kind));
                java.util.Arrays.fill(masked, match[0], match[1], MASK);
            }
            work = new String(masked);
        }

        String replace(Set<String> known, Map<String, Integer> removed) {
            for (Word word : known.isEmpty() ? List.<Word>of() : words) {
                if (word.known(known)) {
                    spans.add(new Span(word.start(), word.end(), NAME));
                }
            }
            for (Pair pair : known.isEmpty() ? List.<Pair>of() : pairs) {
                if (pair.first().known(known) && pair.second().known(known)) {
                    spans.add(new Span(pair.first().start(), pair.first().end(), NAME));
                    spans.add(new Span(pair.second().start(), pair.second().end(), NAME));
                }
            }
            if (spans.isEmpty()) {
                return text.original;
            }
            spans.sort(IN_TEXT_ORDER);
            String original = text.original;
            StringBuilder out = new StringBuilder(original.length());
            int copied = 0;
            for (Span span : spans) {
                int start = Math.max(copied, text.originalStart(span.start()));
                int end = text.originalEnd(span.end());
                if (end <= copied) {
                    continue;
                }
                out.append(original, copied, start).append('[').append(span.kind()).append(']');
                copied = end;
                removed.merge(span.kind(), 1, Integer::sum);
            }
            return out.append(original, copied, original.length()).toString();
        }
    }

    private static Found find(String text) {
        Found found = new Found(FoldedText.of(text));
        if (found.work.indexOf('@') >= 0) {
            found.mask(matches(found.work, EMAIL_ADDRESS, 0, found.work.length(), match -> true), EMAIL);
        }
        if (digits(found.work) >= FEWEST_DIGITS) {
            found.mask(ibans(found.work), IBAN);
            List<int[]> runs = numberRuns(found.work);
            if (!runs.isEmpty()) {
                found.mask(inRuns(found.work, runs, REGISTER_NUMBER, Scrubber::validRegisterNumber), NATIONAL_NUMBER);
                found.mask(phoneNumbers(found.work, runs), PHONE);
                for (Pattern shape : PHONE_SHAPES) {
                    found.mask(inRuns(found.work, runs, shape, match -> true), PHONE);
                }
                found.mask(phoneNumberGroups(found.work, runs), PHONE);
            }
        }
        words(found);
        return found;
    }

    /**
     * The words of the folded text (runs of letters) that may be name words, with what each may be; then, for
     * names run together, the pieces of a word between the breaks folding hid ({@link FoldedText#breakBefore}),
     * each piece and each two neighbouring pieces as a word of their own, and every cut of the word (and of
     * each piece) in two halves of two letters or more when it has {@value #SHORTEST_PAIR} to
     * {@value #LONGEST_PAIR} letters. All of them go into the document's lookup (second halves in its second round).
     */
    private static void words(Found found) {
        String work = found.work;
        int length = work.length();
        int i = 0;
        List<Integer> cuts = new ArrayList<>();
        while (i < length) {
            int codePoint = work.codePointAt(i);
            if (!Character.isLetter(codePoint)) {
                i += Character.charCount(codePoint);
                continue;
            }
            int start = i;
            cuts.clear();
            cuts.add(start);
            while (i < length && Character.isLetter(codePoint = work.codePointAt(i))) {
                if (i > start && found.text.breakBefore(i)) {
                    cuts.add(i);
                }
                i += Character.charCount(codePoint);
            }
            cuts.add(i);
            word(found, start, i);
            halves(found, start, i);
            if (cuts.size() > 2) {
                for (int piece = 0; piece + 1 < cuts.size(); piece++) {
                    word(found, cuts.get(piece), cuts.get(piece + 1));
                    halves(found, cuts.get(piece), cuts.get(piece + 1));
                    if (piece + 2 < cuts.size() && cuts.size() > 3) {
                        word(found, cuts.get(piece), cuts.get(piece + 2));
                    }
                }
            }
        }
    }

    private static void word(Found found, int start, int end) {
        List<String> candidates = PersonNames.candidates(found.work.substring(start, end));
        if (!candidates.isEmpty()) {
            found.words.add(new Word(start, end, candidates));
        }
    }

    /** The word between start and end cut in two name-like halves, at every place that leaves two letters or more each side. */
    private static void halves(Found found, int start, int end) {
        if (end - start < SHORTEST_PAIR || end - start > LONGEST_PAIR) {
            return;
        }
        String work = found.work;
        for (int cut = start + PersonNames.SHORTEST; cut <= end - PersonNames.SHORTEST; cut++) {
            if (Character.isLowSurrogate(work.charAt(cut))) {
                continue;
            }
            if (!PersonNames.nameLike(work, cut, end)) {
                continue;
            }
            List<String> first = PersonNames.candidates(work.substring(start, cut));
            if (!first.isEmpty()) {
                found.pairs.add(new Pair(new Word(start, cut, first), work, cut, end));
            }
        }
    }

    private static List<int[]> matches(String work, Pattern pattern, int from, int to, Predicate<Matcher> valid) {
        List<int[]> matches = new ArrayList<>(0);
        Matcher matcher = pattern.matcher(work).region(from, to).useTransparentBounds(true).useAnchoringBounds(false);
        while (matcher.find()) {
            if (valid.test(matcher)) {
                matches.add(new int[] {matcher.start(), matcher.end()});
            }
        }
        return matches;
    }

    /**
     * The runs of digits, spaces and {@code + . / ( ) - _} that hold at least {@value #FEWEST_DIGITS} digits:
     * phone and register numbers are looked for only there, not at every position of the text. A pattern still
     * sees the text around a run (transparent bounds), so its look-behinds and look-aheads decide as before.
     */
    private static List<int[]> numberRuns(String work) {
        List<int[]> runs = new ArrayList<>(1);
        int length = work.length();
        int i = 0;
        while (i < length) {
            if (!inNumber(work.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            int digits = 0;
            for (; i < length && inNumber(work.charAt(i)); i++) {
                if (isDigit(work.charAt(i))) {
                    digits++;
                }
            }
            if (digits >= FEWEST_DIGITS) {
                runs.add(new int[] {start, i});
            }
        }
        return runs;
    }

    private static List<int[]> inRuns(String work, List<int[]> runs, Pattern pattern, Predicate<Matcher> valid) {
        List<int[]> matches = new ArrayList<>(0);
        for (int[] run : runs) {
            matches.addAll(matches(work, pattern, run[0], run[1], valid));
        }
        return matches;
    }

    /**
     * Phone numbers as Google's parser finds them (region BE: Belgian numbers without their country code), at
     * its VALID leniency: a number its metadata knows, with the national prefix where Belgium writes one, not
     * preceded or followed by a letter, not a date, a time stamp or a page range. It reads each number run that
     * may start a phone number (a + or a group of digits starting with 0: Belgian numbers are written with
     * their national or international prefix) with {@value #PHONE_CONTEXT} characters around it: what stands
     * around a number tells it from a date or a time. The rest of the text, most of it, it never reads.
     */
    private static List<int[]> phoneNumbers(String work, List<int[]> runs) {
        List<int[]> matches = new ArrayList<>(0);
        for (int[] run : runs) {
            if (!mayStartAPhoneNumber(work, run)) {
                continue;
            }
            int from = Math.max(0, run[0] - PHONE_CONTEXT);
            String window = work.substring(from, Math.min(work.length(), run[1] + PHONE_CONTEXT));
            for (PhoneNumberMatch match : PHONE_NUMBERS.findNumbers(window, "BE", PhoneNumberUtil.Leniency.VALID, Long.MAX_VALUE)) {
                int start = from + match.start();
                String raw = match.rawString();
                // "(0470 12 34 56)": the parser takes the opening bracket of the text around the number, not the closing one
                if (raw.startsWith("(") && raw.chars().filter(c -> c == '(').count() > raw.chars().filter(c -> c == ')').count()) {
                    start++;
                }
                if (start >= run[0] && from + match.end() <= run[1]) {
                    matches.add(new int[] {start, from + match.end()});
                }
            }
        }
        return matches;
    }

    /**
     * Phone numbers written as one group of digits (with its + or not) joined to other groups by - . / or _,
     * as in an identifier: "kanak-0470123456-339", "riso-2026-0470123456". The shapes and the parser leave a
     * number preceded or followed by such a group alone (it may go on: a longer number, a range of numbers);
     * a group that is a phone number on its own, to a shape or to the parser, is taken whatever it is joined to.
     * Groups of a formatted number (0470 12 34 56) are too short to be one.
     */
    private static List<int[]> phoneNumberGroups(String work, List<int[]> runs) {
        List<int[]> matches = new ArrayList<>(0);
        for (int[] run : runs) {
            int i = run[0];
            while (i < run[1]) {
                if (!isDigit(work.charAt(i))) {
                    i++;
                    continue;
                }
                int start = i > run[0] && work.charAt(i - 1) == '+' ? i - 1 : i;
                while (i < run[1] && isDigit(work.charAt(i))) {
                    i++;
                }
                if (i - start >= FEWEST_DIGITS && aPhoneNumberOnItsOwn(work.substring(start, i))) {
                    matches.add(new int[] {start, i});
                }
            }
        }
        return matches;
    }

    private static boolean aPhoneNumberOnItsOwn(String group) {
        for (Pattern shape : PHONE_SHAPES) {
            if (shape.matcher(group).matches()) {
                return true;
            }
        }
        for (PhoneNumberMatch match : PHONE_NUMBERS.findNumbers(group, "BE", PhoneNumberUtil.Leniency.VALID, Long.MAX_VALUE)) {
            if (match.start() == 0 && match.end() == group.length()) {
                return true;
            }
        }
        return false;
    }

    private static boolean mayStartAPhoneNumber(String work, int[] run) {
        for (int i = run[0]; i < run[1]; i++) {
            char c = work.charAt(i);
            if (c == '+' || (c == '0' && (i == run[0] || !isDigit(work.charAt(i - 1))))) {
                return true;
            }
        }
        return false;
    }

    /**
     * IBANs: a country code with its two check digits, not inside a word, then exactly as many letters and
     * digits as that country's IBANs have, with separators between them or not; the IBAN must end there (not
     * inside a word) and pass its mod-97 check. Counting to the country's length, never matching greedily,
     * keeps the words after an IBAN out of it ("BE68 5390 0754 7034 BIC …").
     */
    private static List<int[]> ibans(String work) {
        List<int[]> matches = new ArrayList<>(0);
        int length = work.length();
        for (int i = 0; i + 4 <= length; i++) {
            char a = work.charAt(i);
            char b = work.charAt(i + 1);
            if (a < 'a' || a > 'z' || b < 'a' || b > 'z' || !isDigit(work.charAt(i + 2)) || !isDigit(work.charAt(i + 3))
                    || (i > 0 && Character.isLetterOrDigit(work.charAt(i - 1)))) {
                continue;
            }
            Integer expected = IBAN_LENGTHS.get(work.substring(i, i + 2));
            if (expected == null) {
                continue;
            }
            StringBuilder iban = new StringBuilder(expected).append(work, i, i + 4);
            int at = i + 4;
            int end = at;
            int separators = 0;
            while (iban.length() < expected && at < length) {
                char c = work.charAt(at);
                if (isDigit(c) || (c >= 'a' && c <= 'z')) {
                    iban.append(c);
                    end = ++at;
                    separators = 0;
                } else if (IBAN_SEPARATORS.indexOf(c) >= 0 && ++separators <= 3) {
                    at++;
                } else {
                    break;
                }
            }
            if (iban.length() == expected && (end == length || !Character.isLetterOrDigit(work.charAt(end))) && validIban(iban)) {
                matches.add(new int[] {i, end});
                i = end - 1;
            }
        }
        return matches;
    }

    private static int digits(String work) {
        int digits = 0;
        for (int i = 0; i < work.length(); i++) {
            if (isDigit(work.charAt(i))) {
                digits++;
            }
        }
        return digits;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean inNumber(char c) {
        return isDigit(c) || c == ' ' || c == '+' || c == '.' || c == '/' || c == '(' || c == ')' || c == '-' || c == '_';
    }

    /** Belgian national register number: the last two digits are 97 minus the first nine modulo 97 (born 2000+: with a 2 before them). */
    static boolean validRegisterNumber(Matcher match) {
        String digits = match.group().replaceAll("[^0-9]", "");
        long body = Long.parseLong(digits.substring(0, 9));
        int check = Integer.parseInt(digits.substring(9));
        int month = Integer.parseInt(digits.substring(2, 4));
        if (month > 12 && !(month >= 20 && month <= 32) && !(month >= 40 && month <= 52)) {
            return false; // not a month, nor a bis number's month
        }
        return 97 - body % 97 == check || 97 - (2_000_000_000L + body) % 97 == check;
    }

    /** IBAN (letters and digits only, any case): rearranged and turned into digits, it is 1 modulo 97. */
    static boolean validIban(CharSequence iban) {
        int remainder = 0;
        int length = iban.length();
        for (int k = 0; k < length; k++) {
            char c = Character.toUpperCase(iban.charAt((k + 4) % length));
            if (c >= '0' && c <= '9') {
                remainder = (remainder * 10 + (c - '0')) % 97;
            } else if (c >= 'A' && c <= 'Z') {
                remainder = (remainder * 100 + (c - 'A' + 10)) % 97;
            } else {
                return false;
            }
        }
        return remainder == 1;
    }

    private static Map<String, Integer> ibanLengths(String table) {
        Map<String, Integer> lengths = new java.util.HashMap<>();
        for (String entry : table.trim().split(" +")) {
            lengths.put(entry.substring(0, 2).toLowerCase(java.util.Locale.ROOT), Integer.parseInt(entry.substring(2)));
        }
        return Map.copyOf(lengths);
    }
}
