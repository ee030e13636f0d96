package be.randhub.privacy;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * A text folded for matching, with the way back to the original: for each character of the folded text, the
 * original character (code point) it came from. The scrubber finds names, numbers and addresses in the folded
 * text and replaces them in the original, so whatever it does not replace stays byte for byte as it was.
 *
 * <p>Each original code point is folded on its own, in this order:
 * <ol>
 *   <li>invisible characters are dropped: format characters (zero-width space, joiners and non-joiner, word
 *       joiner, byte order mark, soft hyphen U+00AD, the Mongolian vowel separator U+180E, bidirectional marks),
 *       the Arabic tatweel U+0640 and the Hangul fillers;</li>
 *   <li>apostrophe-like characters (' ’ ‘ ʼ ʻ ´ ` ＇ ′) become ASCII {@code '}, which separates words;</li>
 *   <li>letters in a frame that NFKD leaves as symbols or puts in brackets become the letter alone
 *       ({@link #enclosedLetter}): negative circled and negative squared letters (🅐, 🅾), parenthesized letters
 *       (⒜, 🄐) and regional indicators (🇦);</li>
 *   <li>compatibility decomposition (NFKD: full-width letters and digits, mathematical alphanumerics,
 *       ligatures, presentation forms, circled and squared letters, no-break and other spaces); then every combining mark is dropped
 *       (decomposed or precomposed accents, Arabic harakat and hamza, Hebrew points). Together this is NFKC's
 *       mapping compared without marks: canonical composition would add nothing once the marks are gone;</li>
 *   <li>look-alike letters from other scripts become the Latin letter they imitate ({@link #CONFUSABLES});</li>
 *   <li>digits of any script (Arabic-Indic, Persian, Devanagari …) become ASCII digits; dashes of any kind
 *       (en dash, minus sign, figure dash …) become {@code -}; any space becomes {@code ' '};</li>
 *   <li>Arabic letters are unified: alef wasla to alef (the hamza forms are decomposed in step 3), alef
 *       maksura ى to yeh ي, teh marbuta ة to heh ه, Persian yeh ی and keheh ک to their Arabic letters;</li>
 *   <li>case folding: upper case then lower case, so ß and SS are ss, dotted İ and dotless ı are i, final ς is σ.</li>
 * </ol>
 * A text of plain ASCII folds to its lower case, character for character (no map is kept).
 *
 * <p>Dropping an invisible character joins the letters around it ("A\u200Bmina" is "amina"), and so does
 * folding a framed letter; the scrubber also needs to know where the original had a word break that folding
 * hid, which {@link #breakBefore} tells.
 */
final class FoldedText {

    /**
     * Letters of other scripts (and a few Latin ones) that look like a Latin letter, and characters that look
     * like a full stop; NFKD already folds the full-width and mathematical forms. A small table on purpose:
     * the letters a partner can type to pass a word for a name, not Unicode's whole confusables list. The
     * entries for Cherokee, Lisu and Georgian are those of Unicode's confusables (TR39) that look like a Latin
     * letter, those that rendered in common fonts come as close to one (Cherokee Ꮎ, Lisu ꓵ, Georgian Ⴀ Ⴌ Ⴖ Ⴝ ი
     * ქ Ჽ Ძ Ხ), and Cherokee Ꮻ and Georgian Ⴍ, drawn as an O; a Cherokee small letter takes its capital's entry
     * ({@link #confusables}).
     */
    static final Map<Integer, String> CONFUSABLES = confusables(
            // Cyrillic, upper and lower case where the glyph looks Latin
            "А a а a В b Е e е e К k к k М m Н h О o о o Р p р p С c с c Т t У y у y Х x х x Ѕ s ѕ s І i і i Ј j ј j"
            + " Ԁ d ԁ d Һ h һ h Ӏ l ӏ l Ԛ q ԛ q Ԝ w ԝ w Ү y ү y Ь b ь b"
            // Greek
            + " Α a α a Β b Ε e ε e Ζ z Η h Ι i ι i Κ k κ k Μ m Ν n ν v Ο o ο o Ρ p ρ p Τ t Υ y υ u Χ x χ x ϲ c Ϲ c ϳ j"
            // Armenian, Latin small capitals and IPA letters
            + " օ o ս u հ h ɑ a ɡ g ɩ i ᴀ a ʙ b ᴄ c ᴅ d ᴇ e ɢ g ʜ h ɪ i ᴊ j ᴋ k ʟ l ᴍ m ɴ n ᴏ o ᴘ p ʀ r ꜱ s ᴛ t ᴜ u ᴠ v ᴡ w ʏ y ᴢ z"
            // Cherokee capitals drawn like Latin capitals (their small letters follow them), and small letter hu
            + " Ꭰ d Ꭱ r Ꭲ t Ꭴ o Ꭵ i Ꭹ y Ꭺ a Ꭻ j Ꭼ e Ꮃ w Ꮇ m Ꮋ h Ꮍ y Ꮎ e Ꮐ g Ꮒ h Ꮓ z Ꮟ b Ꮢ r Ꮤ w Ꮥ s Ꮩ v Ꮪ s Ꮮ l"
            + " Ꮯ c Ꮲ p Ꮶ k Ꮷ d Ꮻ o Ᏻ g Ᏼ b ꮁ r"
            // Lisu (Fraser) letters drawn like Latin capitals, and its tone letters drawn like punctuation
            + " ꓐ b ꓑ p ꓒ d ꓓ d ꓔ t ꓖ g ꓗ k ꓙ j ꓚ c ꓜ z ꓝ f ꓟ m ꓠ n ꓡ l ꓢ s ꓣ r ꓦ v ꓧ h ꓪ w ꓫ x ꓬ y ꓮ a ꓰ e ꓲ i"
            + " ꓳ o ꓴ u ꓵ n ꓸ . ꓹ , ꓺ .. ꓻ ., ꓽ :"
            // Georgian: Asomtavruli, Mkhedruli and Mtavruli (the other Mtavruli capitals fold to their Mkhedruli letter)
            + " Ⴀ c Ⴌ e Ⴍ o Ⴖ n Ⴝ s ი o ქ d ყ y ჿ o Ჽ s Ძ d Ხ b"
            // full stops of other scripts (e-mail domains): ideographic, Arabic, Armenian
            + " 。 . ۔ . ։ .");

    /** Apostrophe-like characters: all of them separate words, as ' does. */
    private static final String APOSTROPHES = "'’‘ʼʻ´`＇′‛ʹ";

    final String original;
    final String folded;
    /** For each folded character, where its original code point starts and ends; null when the text is plain ASCII. */
    private final int[] starts;
    private final int[] ends;

    private FoldedText(String original, String folded, int[] starts, int[] ends) {
        this.original = original;
        this.folded = folded;
        this.starts = starts;
        this.ends = ends;
    }

    static FoldedText of(String text) {
        if (plainAscii(text)) {
            return new FoldedText(text, text.toLowerCase(Locale.ROOT), null, null);
        }
        StringBuilder folded = new StringBuilder(text.length());
        int[] starts = new int[text.length() + 8];
        int[] ends = new int[text.length() + 8];
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            int next = i + Character.charCount(codePoint);
            int before = folded.length();
            fold(codePoint, folded);
            if (folded.length() > starts.length) {
                starts = Arrays.copyOf(starts, folded.length() * 2);
                ends = Arrays.copyOf(ends, folded.length() * 2);
            }
            for (int k = before; k < folded.length(); k++) {
                starts[k] = i;
                ends[k] = next;
            }
            i = next;
        }
        return new FoldedText(text, folded.toString(), starts, ends);
    }

    /** Where the folded character at {@code index} starts in the original. */
    int originalStart(int index) {
        return starts == null ? index : starts[index];
    }

    /**
     * Where the folded range ending at {@code end} (exclusive) ends in the original: after the original code
     * point of its last character, and after the invisible characters and marks that follow it there (they
     * belong to the word: "Amina" followed by a zero-width space or "Fatima" with a trailing combining cedilla is replaced whole).
     */
    int originalEnd(int end) {
        if (starts == null) {
            return end;
        }
        int at = ends[end - 1];
        while (at < original.length()) {
            int codePoint = original.codePointAt(at);
            if (!invisible(codePoint) && !mark(Character.getType(codePoint))) {
                break;
            }
            at += Character.charCount(codePoint);
        }
        return at;
    }

    /** The word (letters only) folded as a whole: "O'Brien" is "obrien", "Zoë" is "zoe". */
    static String word(String word) {
        String folded = of(word).folded;
        StringBuilder letters = new StringBuilder(folded.length());
        for (int i = 0; i < folded.length(); ) {
            int codePoint = folded.codePointAt(i);
            if (Character.isLetter(codePoint)) {
                letters.appendCodePoint(codePoint);
            }
            i += Character.charCount(codePoint);
        }
        return letters.toString();
    }

    private static void fold(int codePoint, StringBuilder out) {
        if (codePoint < 128) {
            out.append(lowerAscii((char) codePoint));
            return;
        }
        if (invisible(codePoint)) {
            return;
        }
        if (APOSTROPHES.indexOf(codePoint) >= 0) {
            out.append('\'');
            return;
        }
        char enclosed = enclosedLetter(codePoint);
        if (enclosed != 0) {
            out.append(enclosed);
            return;
        }
        String decomposed = Normalizer.normalize(Character.toString(codePoint), Normalizer.Form.NFKD);
        for (int i = 0; i < decomposed.length(); ) {
            int part = decomposed.codePointAt(i);
            i += Character.charCount(part);
            foldDecomposed(part, out);
        }
    }

    private static void foldDecomposed(int codePoint, StringBuilder out) {
        if (codePoint < 128) {
            out.append(lowerAscii((char) codePoint));
            return;
        }
        int type = Character.getType(codePoint);
        if (mark(type) || invisible(codePoint)) {
            return;
        }
        String lookAlike = CONFUSABLES.get(codePoint);
        if (lookAlike != null) {
            out.append(lookAlike);
        } else if (Character.isDigit(codePoint)) {
            out.append((char) ('0' + Character.digit(codePoint, 10)));
        } else if (type == Character.DASH_PUNCTUATION || codePoint == '\u2212') {
            out.append('-');
        } else if (Character.isSpaceChar(codePoint)) {
            out.append(' ');
        } else if (APOSTROPHES.indexOf(codePoint) >= 0) {
            out.append('\'');
        } else if (codePoint >= 0x0600 && codePoint <= 0x06FF) {
            out.append(arabic((char) codePoint));
        } else {
            String caseFolded = Character.toString(codePoint).toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
            for (int i = 0; i < caseFolded.length(); ) {
                int folded = caseFolded.codePointAt(i);
                i += Character.charCount(folded);
                String again = CONFUSABLES.get(folded);
                if (again != null) {
                    out.append(again);
                } else {
                    out.appendCodePoint(folded);
                }
            }
        }
    }

    /**
     * The Latin letter in a frame that NFKD does not take it out of, or 0: negative circled (🅐) and negative
     * squared (🅰, 🅾) capitals, parenthesized letters (⒜, 🄐: NFKD makes "(a)", which is no letter of a word),
     * regional indicators (🇦, two of which show as a flag), and the single tortoise-shell bracketed S, crossed
     * negative squared P and squared small d. Circled (Ⓐ ⓐ) and squared (🄰) letters NFKD folds itself.
     */
    static char enclosedLetter(int codePoint) {
        if (codePoint < 0x249C || codePoint > 0x1F1FF) {
            return 0;
        }
        if (codePoint <= 0x24B5) {
            return (char) ('a' + codePoint - 0x249C); // parenthesized small letters
        }
        for (int first : ENCLOSED_ALPHABETS) {
            if (codePoint >= first && codePoint < first + 26) {
                return (char) ('a' + codePoint - first);
            }
        }
        return switch (codePoint) {
            case 0x1F12A -> 's';
            case 0x1F18A -> 'p';
            case 0x1F1A5 -> 'd';
            default -> 0;
        };
    }

    /** Where the capital A of an alphabet of 26 framed capitals is: parenthesized, negative circled, negative squared, regional indicators. */
    private static final int[] ENCLOSED_ALPHABETS = {0x1F110, 0x1F150, 0x1F170, 0x1F1E6};

    /**
     * Whether the original has a word break between the folded letters at {@code index - 1} and {@code index}
     * that folding hid: an invisible (format) character between them ("Fatoumata\u2063Ouedraogo"), a lower
     * case letter followed by an upper or title case one ("FatoumataOuedraogo", "McDonald"), or a letter next
     * to a symbol folded to one ("🇧🇪Amina"). Never inside what one original character folded to ("ß" is "ss").
     */
    boolean breakBefore(int index) {
        if (starts == null) {
            char previous = original.charAt(index - 1);
            char current = original.charAt(index);
            return previous >= 'a' && previous <= 'z' && current >= 'A' && current <= 'Z';
        }
        int before = starts[index - 1];
        int at = starts[index];
        if (before == at) {
            return false;
        }
        for (int i = ends[index - 1]; i < at; ) {
            int between = original.codePointAt(i);
            if (Character.getType(between) == Character.FORMAT) {
                return true;
            }
            i += Character.charCount(between);
        }
        int previous = original.codePointAt(before);
        int current = original.codePointAt(at);
        if (Character.isLetter(previous) != Character.isLetter(current)) {
            return true;
        }
        return Character.isLowerCase(previous) && (Character.isUpperCase(current) || Character.isTitleCase(current));
    }

    private static char arabic(char c) {
        return switch (c) {
            case '\u0671' -> '\u0627'; // alef wasla -> alef (أ إ آ decompose to alef and a mark)
            case '\u0649', '\u06CC' -> '\u064A'; // alef maksura, Persian yeh -> yeh
            case '\u0629' -> '\u0647'; // teh marbuta -> heh
            case '\u06A9' -> '\u0643'; // keheh -> kaf
            default -> c;
        };
    }

    /** Characters that show nothing: format characters, soft hyphen, tatweel, Hangul fillers. */
    static boolean invisible(int codePoint) {
        return Character.getType(codePoint) == Character.FORMAT || codePoint == '\u00AD' || codePoint == '\u180E'
                || codePoint == '\u0640' || codePoint == '\u115F' || codePoint == '\u1160' || codePoint == '\u3164'
                || codePoint == '\uFFA0' || codePoint == '\u034F';
    }

    private static boolean mark(int type) {
        return type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.COMBINING_SPACING_MARK;
    }

    private static char lowerAscii(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }

    static boolean plainAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 128) {
                return false;
            }
        }
        return true;
    }

    /** The table from its pairs; a Cherokee capital's small letter (U+AB70–ABBF, U+13F8–13FD) gets the capital's entry. */
    private static Map<Integer, String> confusables(String pairs) {
        String[] parts = pairs.trim().split(" ");
        Map<Integer, String> table = new java.util.HashMap<>();
        for (int i = 0; i < parts.length; i += 2) {
            if (parts[i].codePointCount(0, parts[i].length()) != 1 || table.put(parts[i].codePointAt(0), parts[i + 1]) != null) {
                throw new IllegalStateException("confusables table: " + parts[i]);
            }
        }
        for (Map.Entry<Integer, String> entry : Map.copyOf(table).entrySet()) {
            int capital = entry.getKey();
            if (capital >= 0x13A0 && capital <= 0x13F5 && Character.toLowerCase(capital) != capital) {
                table.putIfAbsent(Character.toLowerCase(capital), entry.getValue());
            }
        }
        return Map.copyOf(table);
    }
}
