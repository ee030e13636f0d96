package be.randhub.broker;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.apache.activemq.artemis.core.security.Role;

import be.randhub.registry.PartnerRegistry;
import be.randhub.security.HubRole;

/**
 * The broker half of the access matrix: which role may send to, consume from or browse which address.
 * Nobody may create addresses or durable queues; the hub provisions them all at start-up. The hub alone may
 * delete addresses: the temporary reply queue of each of its management requests (queue depths, erasures) has an
 * address of its own, and without that right the broker kept every one until the pooled connection closed.
 */
final class BrokerSecurity {

    private static final String HUB = HubRole.HUB.id();
    private static final String OPERATOR = HubRole.OPERATOR.id();

    private BrokerSecurity() {
    }

    /** Address match (Artemis wildcard syntax) to the roles allowed on it. */
    static Map<String, Set<Role>> settings(PartnerRegistry registry) {
        Map<String, Set<Role>> settings = new LinkedHashMap<>();
        // by default only the hub itself (and operators, read-only) may touch an address
        settings.put("#", Set.of(hubOnAll(), browse(OPERATOR)));
        settings.put("hub.#", Set.of(hubOnAll(), browse(OPERATOR)));
        // operators may measure the broker on a queue of its own
        settings.put(Queues.PERF, Set.of(hubOnAll(), sendAndConsume(OPERATOR)));
        registry.senders().forEach(partner -> {
            String id = partner.id();
            settings.put(Queues.inbox(id), Set.of(hubOnAll(), send(id)));
            settings.put(Queues.receipts(id), Set.of(hubOnAll(), consume(id)));
            settings.put(Queues.outbox(id), Set.of(hubOnAll(), consume(id)));
        });
        settings.put("agency.#", Set.of(hubOnAll(), consume(PartnerRegistry.AGENCY)));
        settings.put("learning-network.#", Set.of(hubOnAll(), consume(PartnerRegistry.LEARNING_NETWORK)));
        settings.put("activemq.management#", Set.of(manage(HUB), manage(OPERATOR)));
        return settings;
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

    private static Role browse(String role) {
        return new Role(role, false, false, false, false, false, false, false, true, false, false, true, false);
    }

    private static Role manage(String role) {
        return new Role(role, true, true, false, false, true, true, true, true, false, false, true, true);
    }
}
