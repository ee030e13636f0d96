package be.randhub.operations;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The hub's counters, scraped at {@code /actuator/prometheus}: documents received, accepted, rejected and
 * duplicated (by channel, partner and type), deliveries (by receiver too), dead letters (by route and receiver)
 * and receipts sent (by channel and status). Tags only take values the hub knows (a partner, a type, a channel),
 * never something a document says.
 */
@Component
public class HubMetrics {

    private final MeterRegistry registry;

    public HubMetrics(MeterRegistry registry) {
        this.registry = registry;
        // present from the start, so dashboards and alerts see 0 rather than nothing
        counter("hub.documents.dead.lettered", "Messages moved to hub.dead-letter", "route", "none", "receiver", "none");
    }

    public void received(String channel, String partner, String type) {
        counter("hub.documents.received", "Documents received", "channel", channel, "partner", partner, "type", type).increment();
    }

    /** The outcome of intake: accepted, rejected, duplicate, conflict or dead-lettered; also counts the receipt. */
    public void outcome(String outcome, String channel, String partner, String type) {
        String name = switch (outcome) {
            case "accepted" -> "hub.documents.accepted";
            case "duplicate" -> "hub.documents.duplicate";
            default -> "hub.documents.rejected";
        };
        counter(name, "Documents by the outcome of their intake", "channel", channel, "partner", partner, "type", type,
                "outcome", outcome).increment();
        counter("hub.receipts.sent", "Receipts sent", "channel", channel, "status", outcome).increment();
    }

    public void delivered(String receiver, String channel, String partner, String type) {
        counter("hub.documents.delivered", "Deliveries made", "receiver", receiver, "channel", channel, "partner", partner,
                "type", type).increment();
    }

    public void deadLettered(String route, String receiver) {
        counter("hub.documents.dead.lettered", "Messages moved to hub.dead-letter", "route", route, "receiver", receiver).increment();
    }

    /** Each counter once: registering looks it up in the registry, which costs more than the count. */
    private Counter counter(String name, String description, String... tags) {
        for (int i = 1; i < tags.length; i += 2) {
            if (tags[i] == null) {
                tags[i] = "none";
            }
        }
        return counters.computeIfAbsent(new CounterKey(name, java.util.List.of(tags)),
                key -> Counter.builder(name).description(description).tags(tags).register(registry));
    }

    private record CounterKey(String name, java.util.List<String> tags) {
    }

    private final java.util.Map<CounterKey, Counter> counters = new java.util.concurrent.ConcurrentHashMap<>();
}
