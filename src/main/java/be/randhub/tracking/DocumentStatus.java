package be.randhub.tracking;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A document's state as its sender (or an operator) sees it: where it is, per receiver, and its trail.
 *
 * @param state      received | accepting | in-transit | delivered | dead-lettered | rejected
 * @param deliveries one entry per receiver: pending, delivered or dead-lettered
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DocumentStatus(String trackingId, String partner, String documentId, String type, String channel,
                             Instant receivedAt, String state, List<Delivery> deliveries, List<Step> trail) {

    public record Delivery(String receiver, String state, Instant at) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Step(String event, Instant at, String channel, String receiver, String detail) {
    }
}
