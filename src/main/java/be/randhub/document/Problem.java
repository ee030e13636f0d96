package be.randhub.document;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import be.randhub.language.Text;

/**
 * One thing wrong with a document: where (a JSON pointer into the document, "" for the whole of it), what (a stable
 * code, the same in every language, for programs: {@code municipality.outside-cooperation}) and, in words a partner
 * can act on, its message in the reader's language. Messages never repeat the values a partner sent.
 *
 * @param message the text in the reader's language, once the channel knows it (see
 *                {@link be.randhub.language.Catalogue#localized}); null until then
 * @param text    the message's catalogue key ({@code problem.<code>}) and arguments
 */
@JsonPropertyOrder({"pointer", "code", "message"})
public record Problem(String pointer, String code, String message, @JsonIgnore Text text) {

    /** The catalogue keys of problems start with this, followed by the code. */
    public static final String KEY_PREFIX = "problem.";

    public static Problem of(String pointer, String code, Object... arguments) {
        return new Problem(pointer, code, null, Text.of(KEY_PREFIX + code, arguments));
    }

    public Problem withMessage(String message) {
        return new Problem(pointer, code, message, text);
    }
}
