package be.randhub.tracking;

import java.time.Instant;

/**
 * One line of a document's trail. Details say what happened (counts, receivers, reasons), never what the
 * document contains.
 *
 * @param eventId    unique per event, so an event written twice after a crash is stored once
 * @param trackingId the document
 * @param event      what happened
 * @param partner    the sending partner
 * @param receiver   the receiver it concerns, for deliveries
 * @param channel    the channel it came by
 * @param detail     a short explanation
 * @param at         when
 */
public record TrailEvent(String eventId, String trackingId, Kind event, String partner, String receiver,
                         String channel, String detail, Instant at) {

    public enum Kind {
        RECEIVED, VALIDATED, REJECTED, DUPLICATE, CONFLICT, ROUTED, SCRUBBED, DELIVERED, DEAD_LETTERED, REPLAYED, DISCARDED, ERASED,
        /** The privacy officer opened the content. */
        OPENED;

        public String id() {
            return name().toLowerCase().replace('_', '-');
        }

        public static Kind fromId(String id) {
            return valueOf(id.toUpperCase().replace('-', '_'));
        }
    }

    public static TrailEvent of(String trackingId, Kind kind, String partner, String receiver, String channel, String detail) {
        // time-ordered like tracking ids: a batch of events lands on the last pages of the table's key index
        return new TrailEvent(TrackingIds.next(), trackingId, kind, partner, receiver, channel,
                detail == null || detail.length() <= 2000 ? detail : detail.substring(0, 2000), Instant.now());
    }
}
