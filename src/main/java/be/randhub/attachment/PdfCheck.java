package be.randhub.attachment;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import be.randhub.language.Text;

/**
 * Whether bytes streamed through it are a PDF and nothing else, checked beyond the first and last bytes: a PDF
 * header, objects, a trailer or cross-reference section, {@code %%EOF} as the very end (white space aside), and
 * none of what makes a file also something else: a ZIP archive's directory where ZIP readers look for it (the last
 * 64 KiB), or HTML a browser would run anywhere in it. A PDF/ZIP or PDF/HTML polyglot is refused.
 * <p>
 * One instance per file; bytes are fed in order ({@link #update}), then {@link #verdict} says why not, or null.
 */
final class PdfCheck {

    /** A ZIP archive's end-of-central-directory record, which ZIP readers look for in the last 65,557 bytes. */
    private static final byte[] ZIP_END = {'P', 'K', 5, 6};
    private static final int ZIP_SEARCHED = 65_557;
    /** Markers of HTML a browser would run (lower case; compared without regard to case). */
    private static final List<byte[]> HTML = List.of(bytes("<html"), bytes("<script"), bytes("<!doctype html"),
            bytes("<iframe"), bytes("<body"), bytes("<object"), bytes("<embed"));
    /** A link that runs script. */
    private static final byte[] SCRIPT_LINK = bytes("javascript:");
    /** Tags that run something in HTML or SVG, counted only as a whole tag name (followed by white space, / or >). */
    private static final List<byte[]> TAGS = List.of(bytes("<svg"), bytes("<img"), bytes("<meta"), bytes("<math"),
            bytes("<link"), bytes("<style"), bytes("<form"), bytes("<base"), bytes("<video"), bytes("<audio"),
            bytes("<details"), bytes("<frameset"));
    /** Event handler attributes (an attribute name, then =). */
    private static final List<byte[]> HANDLERS = List.of(bytes("onload="), bytes("onerror="), bytes("onclick="),
            bytes("onmouseover="), bytes("onfocus="), bytes("onbegin="), bytes("ontoggle="), bytes("onanimationstart="),
            bytes("onpageshow="));
    private static final byte[] END_OBJECT = bytes("endobj");
    private static final byte[] TRAILER = bytes("trailer");
    private static final byte[] START_XREF = bytes("startxref");
    private static final byte[] EOF = bytes("%%eof");
    /** The longest pattern (with the byte before or after it), less one: how much of the previous buffer a match may start in. */
    private static final int CARRY = 18;

    private final byte[] head = new byte[8];
    private final byte[] tail = new byte[ZIP_SEARCHED];
    private final byte[] carry = new byte[CARRY];
    private int carried;
    private long size;
    private boolean objects;
    private boolean crossReference;
    private String html;

    void update(byte[] buffer, int length) {
        for (int i = 0; i < length && size + i < head.length; i++) {
            head[(int) size + i] = buffer[i];
        }
        scan(buffer, length);
        // the last bytes, in a ring indexed by their position in the file
        int from = Math.max(0, length - tail.length);
        int at = (int) ((size + from) % tail.length);
        int first = Math.min(length - from, tail.length - at);
        System.arraycopy(buffer, from, tail, at, first);
        System.arraycopy(buffer, from + first, tail, 0, length - from - first);
        size += length;
    }

    /** Why the bytes are not (only) a PDF (a text of the catalogue, {@code pdf.*}), or null when they are one. */
    Text verdict() {
        String header = new String(head, 0, (int) Math.min(size, head.length), StandardCharsets.ISO_8859_1);
        if (!header.matches("%PDF-[12]\\.\\d(?s).*")) {
            return Text.of("problem.pdf.no-header");
        }
        byte[] last = last((int) Math.min(size, tail.length));
        int end = last.length;
        while (end > 0 && isWhiteSpace(last[end - 1])) {
            end--;
        }
        if (end < EOF.length || !equalsIgnoringCase(last, end - EOF.length, EOF)) {
            return Text.of("problem.pdf.no-end");
        }
        if (!objects || !crossReference) {
            return Text.of("problem.pdf.no-objects");
        }
        if (indexOf(last, ZIP_END) >= 0) {
            return Text.of("problem.pdf.zip");
        }
        if (html != null) {
            return Text.of("problem.pdf.html", html);
        }
        return null;
    }

    /** Looks for the patterns, also where one starts at the end of the previous buffer. */
    private void scan(byte[] buffer, int length) {
        byte[] window = new byte[carried + length];
        System.arraycopy(carry, 0, window, 0, carried);
        System.arraycopy(buffer, 0, window, carried, length);
        for (int i = 0; i < window.length; i++) {
            byte b = window[i];
            if (b == '<' && html == null) {
                for (byte[] marker : HTML) {
                    if (equalsIgnoringCase(window, i, marker)) {
                        html = new String(marker, StandardCharsets.US_ASCII);
                    }
                }
                for (byte[] tag : TAGS) {
                    if (equalsIgnoringCase(window, i, tag) && i + tag.length < window.length && endsATagName(window[i + tag.length])) {
                        html = new String(tag, StandardCharsets.US_ASCII);
                    }
                }
            } else if ((b == 'j' || b == 'J') && html == null && equalsIgnoringCase(window, i, SCRIPT_LINK)) {
                html = "javascript:";
            } else if ((b == 'o' || b == 'O') && html == null && i > 0 && endsATagName(window[i - 1])) {
                for (byte[] handler : HANDLERS) {
                    if (equalsIgnoringCase(window, i, handler)) {
                        html = new String(handler, StandardCharsets.US_ASCII);
                    }
                }
            } else if ((b == 'e' || b == 'E') && !objects) {
                objects = equalsIgnoringCase(window, i, END_OBJECT);
            } else if ((b == 't' || b == 's') && !crossReference) {
                crossReference = equalsIgnoringCase(window, i, TRAILER) || equalsIgnoringCase(window, i, START_XREF);
            }
        }
        carried = Math.min(CARRY, window.length);
        System.arraycopy(window, window.length - carried, carry, 0, carried);
    }

    private byte[] last(int length) {
        byte[] last = new byte[length];
        for (int i = 0; i < length; i++) {
            last[i] = tail[(int) ((size - length + i) % tail.length)];
        }
        return last;
    }

    private static boolean endsATagName(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f' || b == '/' || b == '>';
    }

    private static boolean isWhiteSpace(byte b) {
        return b == ' ' || b == '\r' || b == '\n' || b == '\t' || b == '\f' || b == 0;
    }

    /** Whether {@code pattern} (lower case) stands at {@code at}, in any case; false when it would run past the end. */
    private static boolean equalsIgnoringCase(byte[] bytes, int at, byte[] pattern) {
        if (at < 0 || at + pattern.length > bytes.length) {
            return false;
        }
        for (int j = 0; j < pattern.length; j++) {
            byte b = bytes[at + j];
            if (b != pattern[j] && (b < 'A' || b > 'Z' || b + 32 != pattern[j])) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            int j = 0;
            while (j < needle.length && haystack[i + j] == needle[j]) {
                j++;
            }
            if (j == needle.length) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] bytes(String text) {
        return text.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
    }
}
