package be.randhub.privacy;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * The texts (string literals, decoded) in bytes that are JSON or nearly so: refused input may be broken JSON, and a
 * partner may spell a text with escapes ({@code "kanak\u002d2026"} is {@code "kanak-2026"}). Literals are found
 * between quotes; an escape that is not JSON's is taken as the character after the backslash.
 */
final class JsonTexts {

    private JsonTexts() {
    }

    static Set<String> of(byte[] content) {
        String text = new String(content, StandardCharsets.UTF_8);
        Set<String> texts = new HashSet<>();
        int i = text.indexOf('"');
        while (i >= 0 && i < text.length()) {
            StringBuilder literal = new StringBuilder();
            int j = i + 1;
            while (j < text.length() && text.charAt(j) != '"') {
                char c = text.charAt(j);
                if (c == '\\' && j + 1 < text.length()) {
                    j = unescape(text, j + 1, literal);
                } else {
                    literal.append(c);
                    j++;
                }
            }
            texts.add(literal.toString());
            i = text.indexOf('"', j + 1);
        }
        return texts;
    }

    /** Appends the character the escape at {@code at} (after the backslash) stands for; returns where the literal goes on. */
    private static int unescape(String text, int at, StringBuilder literal) {
        char c = text.charAt(at);
        switch (c) {
            case 'n' -> literal.append('\n');
            case 't' -> literal.append('\t');
            case 'r' -> literal.append('\r');
            case 'b' -> literal.append('\b');
            case 'f' -> literal.append('\f');
            case 'u' -> {
                if (at + 5 <= text.length()) {
                    try {
                        literal.append((char) Integer.parseInt(text.substring(at + 1, at + 5), 16));
                        return at + 5;
                    } catch (NumberFormatException notHex) {
                        literal.append('u');
                    }
                } else {
                    literal.append('u');
                }
            }
            default -> literal.append(c);
        }
        return at + 1;
    }
}
