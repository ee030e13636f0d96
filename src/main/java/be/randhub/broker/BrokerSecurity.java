package be.randhub.broker;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.activemq.artemis.core.security.Role;

import be.randhub.registry.PartnerRegistry;
import be.randhub.security.HubRole;

/**
 * The broker half of the access matrix: which role may send to, consume from or browse which address, and which
 * management requests it may make. Nobody may create addresses or durable queues; the hub provisions them all at
 * start-up. The hub alone may delete addresses: the temporary reply queue of each of its management requests
 * (queue depths, erasures) has an address of its own, and without that right the broker kept every one until the
 * pooled connection closed.
 * <p>
 * Operators read no documents on the broker: they may not browse or consume any queue that holds them (the hub's
 * stages, partners' and receivers' queues, dead letters). With management message RBAC on, a management request
 * is checked against {@code mops.<resource>.<method>}: operators may read the figures of every queue (how many
 * messages, how old the oldest, consumers) and nothing else: no listing or browsing of messages, no queues
 * created or deleted, no rights changed. Everything that needs more runs as the hub's own user, behind the
 * console's HTTP API. They keep their measuring queue ({@link Queues#PERF}), which holds no documents.
 */
final class BrokerSecurity {

    private static final String HUB = HubRole.HUB.id();
    private static final String OPERATOR = HubRole.OPERATOR.id();
    /** Where management requests are checked ({@code management-rbac-prefix}). */
    static final String MANAGEMENT_RBAC_PREFIX = "mops";
    /** The queue figures operators may read on the broker: metadata, never a message. */
    private static final List<String> QUEUE_FIGURES = List.of("getMessageCount", "getDurableMessageCount", "getMessagesAdded",
            "getMessagesAcknowledged", "getMessagesExpired", "getMessagesKilled", "getConsumerCount", "getDeliveringCount",
            "getScheduledCount", "getFirstMessageAge", "getFirstMessageTimestamp", "getPersistentSize", "isPaused");

    private BrokerSecurity() {
    }

    /** Address match (Artemis wildcard syntax) to the roles allowed on it. */
    static Map<String, Set<Role>> settings(PartnerRegistry registry) {
        Map<String, Set<Role>> settings = new LinkedHashMap<>();
        // by default only the hub itself may touch an address
        settings.put("#", Set.of(hubOnAll()));
        // operators may measure the broker on queues of its own
        for (String perf : List.of(Queues.PERF, Queues.PERF_IN, Queues.PERF_OUT_1, Queues.PERF_OUT_2)) {
            settings.put(perf, Set.of(hubOnAll(), sendAndConsume(OPERATOR)));
        }
        registry.senders().forEach(partner -> {
            String id = partner.id();
            settings.put(Queues.inbox(id), Set.of(hubOnAll(), send(id)));
            settings.put(Queues.receipts(id), Set.of(hubOnAll(), consume(id)));
            settings.put(Queues.outbox(id), Set.of(hubOnAll(), consume(id)));
        });
        settings.put("agency.#", Set.of(hubOnAll(), consume(PartnerRegistry.AGENCY)));
        settings.put("learning-network.#", Set.of(hubOnAll(), consume(PartnerRegistry.LEARNING_NETWORK)));
        settings.put("activemq.management#", Set.of(manage(HUB), sendManagementRequests(OPERATOR)));
        // management requests: the hub may make any; operators only read queue figures (queue names have one to
        // three words, and a match's # may stand only at its end, hence one match per length)
        settings.put(MANAGEMENT_RBAC_PREFIX + ".#", Set.of(hubOnAll()));
        for (String figure : QUEUE_FIGURES) {
            for (String words : List.of("*", "*.*", "*.*.*")) {
                settings.put(MANAGEMENT_RBAC_PREFIX + ".queue." + words + "." + figure, Set.of(hubOnAll(), view(OPERATOR)));
            }
        }
        return settings;
    }

    /** Whether an address match sets who may make which management request ({@code mops.#}), not who may use an address. */
    static boolean isManagementRight(String match) {
        return match.startsWith(MANAGEMENT_RBAC_PREFIX + ".");
    }

    // Role(name, send, consume, createDurableQueue, deleteDurableQueue, createNonDurableQueue,
    //      deleteNonDurableQueue, manage, browse, createAddress, deleteAddress, view, edit)
    private static Role hubOnAll() {
        return new Role(HUB, true, true, false, false, true, true, true, true, false, true, true, true);
    }

    private static Role send(String role) {
        return new Role(role, true, false, false, false, false, false, false, false, false, false, false, false);
    }

    private static Role consume(String role) {
        return new Role(role, false, true, false, false, false, false, false, true, false, false, false, false);
    }

    private static Role sendAndConsume(String role) {
        return new Role(role, true, true, false, false, false, false, false, true, false, false, false, false);
    }

    private static Role view(String role) {
        return new Role(role, false, false, false, false, false, false, false, false, false, false, true, false);
    }

    /** May send management requests (what it may ask is checked on {@code mops.#}). */
    private static Role sendManagementRequests(String role) {
        return new Role(role, false, false, false, false, false, false, true, false, false, false, false, false);
    }

    private static Role manage(String role) {
        return new Role(role, true, true, false, false, true, true, true, true, false, false, true, true);
    }
}
