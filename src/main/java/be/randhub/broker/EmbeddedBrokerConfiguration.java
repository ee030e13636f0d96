package be.randhub.broker;

import java.nio.file.Path;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressFullMessagePolicy;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.utils.critical.CriticalAnalyzerPolicy;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

import be.randhub.config.DataDirectory;
import be.randhub.registry.PartnerRegistry;
import be.randhub.security.CredentialStore;
import be.randhub.security.InternalBrokerUser;
import be.randhub.security.Principals;

/**
 * The Artemis broker the hub runs in its own process by default: persistent (journal under
 * {@code <data>/broker}), secured by the partner registry, with an in-VM acceptor for the hub and a TCP acceptor
 * (localhost unless configured) for partners' own JMS clients.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "hub.broker.mode", havingValue = "embedded", matchIfMissing = true)
class EmbeddedBrokerConfiguration {

    static final String IN_VM_URL = "vm://0";

    @Bean(initMethod = "start", destroyMethod = "stop")
    EmbeddedActiveMQ embeddedBroker(BrokerProperties properties, DataDirectory data, Queues queues, PartnerRegistry registry,
                                    Principals principals, CredentialStore credentials, InternalBrokerUser internalUser) throws Exception {
        EmbeddedActiveMQ broker = new EmbeddedActiveMQ();
        broker.setConfiguration(configuration(properties, data.inside("broker"), queues, registry));
        broker.setSecurityManager(new RegistrySecurityManager(principals, credentials, internalUser));
        return broker;
    }

    static Configuration configuration(BrokerProperties properties, Path folder, Queues queues, PartnerRegistry registry)
            throws Exception {
        ConfigurationImpl configuration = new ConfigurationImpl();
        configuration.setName("rand-hub");
        configuration.setPersistenceEnabled(true);
        configuration.setJournalType(JournalType.NIO);
        configuration.setJournalDirectory(folder.resolve("journal").toString());
        configuration.setBindingsDirectory(folder.resolve("bindings").toString());
        configuration.setPagingDirectory(folder.resolve("paging").toString());
        configuration.setLargeMessagesDirectory(folder.resolve("large-messages").toString());
        configuration.setCriticalAnalyzerPolicy(CriticalAnalyzerPolicy.LOG);

        configuration.setSecurityEnabled(true);
        configuration.setPopulateValidatedUser(true);
        BrokerSecurity.settings(registry).forEach(configuration::putSecurityRoles);

        configuration.addAcceptorConfiguration("in-vm", IN_VM_URL);
        BrokerProperties.Acceptor acceptor = properties.acceptor();
        configuration.addAcceptorConfiguration("partners",
                "tcp://" + acceptor.host() + ":" + acceptor.port() + "?protocols=CORE");

        for (String queue : queues.all()) {
            configuration.addAddressConfiguration(new CoreAddressConfiguration().setName(queue)
                    .addRoutingType(RoutingType.ANYCAST)
                    .addQueueConfiguration(QueueConfiguration.of(queue).setAddress(queue).setRoutingType(RoutingType.ANYCAST)));
        }
        configuration.addAddressSetting("#", base().setMaxDeliveryAttempts(10));
        // the hub's own stages, partner inboxes included: back off between attempts, and leave the last word to
        // the hub's routes (they move a message to hub.dead-letter with its reason after max-attempts)
        AddressSettings retrying = retrying(properties.redelivery());
        configuration.addAddressSetting("hub.#", retrying);
        configuration.addAddressSetting("partner.*.inbox", retrying);
        return configuration;
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
