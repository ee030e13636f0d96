package be.randhub.intake;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;

import be.randhub.document.Problem;
import be.randhub.document.Refusal;

/**
 * The one answer every document gets, on the channel it came by: the HTTP response, a file in
 * {@code outbox/<partner>/receipts/}, or a message on {@code partner.<id>.receipts}.
 *
 * @param status     accepted, rejected, duplicate, conflict, or dead-lettered
 * @param trackingId the hub's id for the document (for a duplicate: the original one)
 * @param receivers  who will receive it (accepted and duplicate only)
 * @param errors     every problem found (rejected and conflict only)
 * @param message    one sentence for people
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Receipt(Status status, String trackingId, String partner, String documentId, String type, String channel,
                      String receivedAt, List<String> receivers, List<Problem> errors, String message,
                      @com.fasterxml.jackson.annotation.JsonIgnore Refusal.Kind refusal) {

    public enum Status {
        ACCEPTED, REJECTED, DUPLICATE, CONFLICT,
        /** The hub could not take the document in after its last attempt; operators can replay it. */
        DEAD_LETTERED;

        @JsonValue
        public String id() {
            return name().toLowerCase().replace('_', '-');
        }

        public static Status fromId(String id) {
            return valueOf(id.toUpperCase().replace('-', '_'));
        }
    }
}
