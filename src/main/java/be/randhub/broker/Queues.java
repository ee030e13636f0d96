package be.randhub.broker;

import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;

import be.randhub.registry.Partner;
import be.randhub.registry.PartnerRegistry;

/**
 * The names of every queue the hub uses, derived from the registry. Nobody creates queues ad hoc: the broker
 * holds exactly these, and a partner added to the registry gets its three queues at the next start.
 */
@Component
public class Queues {

    /** Documents accepted at intake, one message per receiver, waiting to be delivered. */
    public static final String DELIVERY = "hub.delivery";
    /** The markers that close the open agency feed (its entries are rows, see FeedEntries). */
    public static final String FEED = "hub.feed";
    /** Trail events on their way into the tracking store. */
    public static final String TRACKING = "hub.tracking";
    /** Deliveries that failed every attempt, with the reason. */
    public static final String DEAD_LETTER = "hub.dead-letter";
    /** An empty queue operators may fill and drain to measure the broker itself (artemis perf client). */
    public static final String PERF = "hub.perf";
    /** Empty queues operators may fill and drain to measure a plain route of their own on the broker (the benchmark). */
    public static final String PERF_IN = "hub.perf.in";
    public static final String PERF_OUT_1 = "hub.perf.out-1";
    public static final String PERF_OUT_2 = "hub.perf.out-2";
    /** Where the broker itself parks a message that exceeded its delivery attempts (a safety net). */
    public static final String BROKER_DLQ = "DLQ";
    public static final String EXPIRY = "ExpiryQueue";

    public static final String AGENCY_INBOX = "agency.inbox";
    public static final String AGENCY_FEED = "agency.feed";
    public static final String LEARNING_NETWORK_INBOX = "learning-network.inbox";

    private final PartnerRegistry registry;

    public Queues(PartnerRegistry registry) {
        this.registry = registry;
    }

    public static String inbox(String partner) {
        return "partner." + partner + ".inbox";
    }

    public static String receipts(String partner) {
        return "partner." + partner + ".receipts";
    }

    public static String outbox(String partner) {
        return "partner." + partner + ".outbox";
    }

    /** The queue a delivery for the given receiver goes to. */
    public static String deliveryQueue(String receiver) {
        return switch (receiver) {
            case PartnerRegistry.AGENCY -> AGENCY_INBOX;
            case PartnerRegistry.LEARNING_NETWORK -> LEARNING_NETWORK_INBOX;
            default -> outbox(receiver);
        };
    }

    public List<String> hubQueues() {
        return List.of(DELIVERY, TRACKING, FEED, DEAD_LETTER, PERF, PERF_IN, PERF_OUT_1, PERF_OUT_2, BROKER_DLQ, EXPIRY);
    }

    public List<String> receiverQueues() {
        return List.of(AGENCY_INBOX, AGENCY_FEED, LEARNING_NETWORK_INBOX);
    }

    public List<String> partnerQueues(Partner partner) {
        return List.of(inbox(partner.id()), receipts(partner.id()), outbox(partner.id()));
    }

    public List<String> all() {
        List<String> names = new ArrayList<>(hubQueues());
        names.addAll(receiverQueues());
        registry.senders().forEach(partner -> names.addAll(partnerQueues(partner)));
        return names;
    }
}
