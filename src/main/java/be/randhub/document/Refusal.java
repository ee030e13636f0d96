package be.randhub.document;

import java.util.List;

/**
 * Why a document was refused, and every problem found. The kind decides the HTTP status; on the other
 * channels it is part of the receipt.
 */
public record Refusal(Kind kind, List<Problem> problems) {

    public enum Kind {
        /** The document breaks the schema or a rule (400). */
        INVALID,
        /** The envelope names another partner than the authenticated sender (403). */
        NOT_SENDER,
        /** The documentId was sent before with other content (409). */
        CONFLICT,
        /** Larger than the configured limit (413). */
        TOO_LARGE
    }

    public Refusal {
        problems = List.copyOf(problems);
    }

    public static Refusal invalid(String pointer, String code, Object... arguments) {
        return new Refusal(Kind.INVALID, List.of(Problem.of(pointer, code, arguments)));
    }
}
