package be.randhub.broker;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.settings.impl.AddressFullMessagePolicy;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.springframework.stereotype.Component;

import be.randhub.registry.PartnerRegistry;

/**
 * What the hub needs on its broker, embedded or external: its queues, how each address retries and where a
 * message goes after its last attempt, and who may do what where ({@link BrokerSecurity}). The embedded broker is
 * configured from this; an external one is provisioned from it at start-up ({@link ExternalBroker}).
 */
@Component
public class BrokerLayout {

    private final Queues queues;
    private final PartnerRegistry registry;
    private final BrokerProperties properties;

    public BrokerLayout(Queues queues, PartnerRegistry registry, BrokerProperties properties) {
        this.queues = queues;
        this.registry = registry;
        this.properties = properties;
    }

    /** Every queue, durable and anycast, on an address of the same name. */
    public List<QueueConfiguration> queues() {
        return queues.all().stream()
                .map(queue -> QueueConfiguration.of(queue).setAddress(queue).setRoutingType(RoutingType.ANYCAST).setDurable(true))
                .toList();
    }

    /** Address match (Artemis wildcard syntax) to its settings; later matches are more specific. */
    public Map<String, AddressSettings> addressSettings() {
        Map<String, AddressSettings> settings = new LinkedHashMap<>();
        settings.put("#", base().setMaxDeliveryAttempts(10));
        // the hub's own stages, partner inboxes included: back off between attempts, and leave the last word to
        // the hub's routes (they move a message to hub.dead-letter with its reason after max-attempts)
        AddressSettings retrying = retrying(properties.redelivery());
        settings.put("hub.#", retrying);
        settings.put("partner.*.inbox", retrying);
        return settings;
    }

    /** Address match to the roles allowed on it. */
    public Map<String, Set<Role>> security() {
        return BrokerSecurity.settings(registry);
    }

    private static AddressSettings base() {
        return new AddressSettings()
                .setAutoCreateAddresses(false)
                .setAutoCreateQueues(false)
                .setDeadLetterAddress(SimpleString.of(Queues.BROKER_DLQ))
                .setExpiryAddress(SimpleString.of(Queues.EXPIRY))
                .setAddressFullMessagePolicy(AddressFullMessagePolicy.PAGE);
    }

    private static AddressSettings retrying(BrokerProperties.Redelivery redelivery) {
        return base()
                .setRedeliveryDelay(redelivery.initialDelay().toMillis())
                .setRedeliveryMultiplier(redelivery.multiplier())
                .setMaxRedeliveryDelay(redelivery.maxDelay().toMillis())
                // a safety net only: the hub's routes dead-letter first, with the reason
                .setMaxDeliveryAttempts(redelivery.maxAttempts() + 5);
    }
}
