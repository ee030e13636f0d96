package be.randhub.document;

import java.util.Arrays;
import java.util.Optional;

/** The four kinds of document partners hand in. The id is what the envelope's {@code type} says. */
public enum DocumentType {
    REFERRAL("referral"),
    REFERRAL_STATUS("referral-status"),
    FEEDBACK_REPORT("feedback-report"),
    MEETING_MINUTES("meeting-minutes");

    private final String id;

    DocumentType(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<DocumentType> fromId(String id) {
        return Arrays.stream(values()).filter(type -> type.id.equals(id)).findFirst();
    }

    @Override
    public String toString() {
        return id;
    }
}
