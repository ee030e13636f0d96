package be.randhub.broker;

import java.nio.file.Path;

import java.util.HashMap;
import java.util.Map;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.TransportConfiguration;
import org.apache.activemq.artemis.core.remoting.impl.netty.NettyAcceptorFactory;
import org.apache.activemq.artemis.core.remoting.impl.netty.TransportConstants;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.utils.critical.CriticalAnalyzerPolicy;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

import be.randhub.broker.guard.PartnerInboxGuard;
import be.randhub.config.DataDirectory;
import be.randhub.security.CredentialStore;
import be.randhub.security.InternalBrokerUser;
import be.randhub.security.LoginThrottle;
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
    EmbeddedActiveMQ embeddedBroker(BrokerProperties properties, DataDirectory data, BrokerLayout layout,
                                    Principals principals, CredentialStore credentials, InternalBrokerUser internalUser,
                                    LoginThrottle throttle, BrokerRoundTrips roundTrips) throws Exception {
        EmbeddedActiveMQ broker = new EmbeddedActiveMQ();
        broker.setConfiguration(configuration(properties, data.inside("broker"), layout));
        broker.setSecurityManager(new RegistrySecurityManager(principals, credentials, internalUser, throttle));
        // the server is made here and started by the bean's init method; its acceptors count what arrives from the start
        broker.createActiveMQServer();
        broker.getActiveMQServer().getServiceRegistry().addIncomingInterceptor(roundTrips);
        broker.getActiveMQServer().getServiceRegistry().addOutgoingInterceptor(roundTrips.responses());
        return broker;
    }

    /** Blocking round trips and commits on the broker, counted as they arrive (the hub's metrics). */
    @Bean
    BrokerRoundTrips brokerRoundTrips() {
        return new BrokerRoundTrips();
    }

    static Configuration configuration(BrokerProperties properties, Path folder, BrokerLayout layout) throws Exception {
        ConfigurationImpl configuration = new ConfigurationImpl();
        configuration.setName("rand-hub");
        configuration.setPersistenceEnabled(true);
        configuration.setJournalType(properties.journal().type());
        configuration.setJournalDirectory(folder.resolve("journal").toString());
        configuration.setBindingsDirectory(folder.resolve("bindings").toString());
        configuration.setPagingDirectory(folder.resolve("paging").toString());
        configuration.setLargeMessagesDirectory(folder.resolve("large-messages").toString());
        configuration.setCriticalAnalyzerPolicy(CriticalAnalyzerPolicy.LOG);
        configuration.setIDCacheSize(properties.idCacheSize());

        configuration.setSecurityEnabled(true);
        // no broker-side cache of logins (its key is user and password, not the source): every login reaches the
        // hub's throttle, which decides per source address; right passwords are remembered by PasswordChecker
        configuration.setAuthenticationCacheSize(0);
        configuration.setPopulateValidatedUser(true);
        // each management request is checked against what its sender may do with that resource (BrokerSecurity)
        configuration.setManagementMessageRbac(true);
        // what partners send to their inboxes is cleaned before it is stored (see PartnerInboxGuard)
        configuration.registerBrokerPlugin(new PartnerInboxGuard(properties.user()));
        configuration.setManagementRbacPrefix(BrokerSecurity.MANAGEMENT_RBAC_PREFIX);
        layout.security().forEach(configuration::putSecurityRoles);

        configuration.addAcceptorConfiguration("in-vm", IN_VM_URL);
        configuration.addAcceptorConfiguration(partnersAcceptor(properties.acceptor()));

        for (QueueConfiguration queue : layout.queues()) {
            configuration.addAddressConfiguration(new CoreAddressConfiguration().setName(queue.getName().toString())
                    .addRoutingType(RoutingType.ANYCAST).addQueueConfiguration(queue));
        }
        layout.addressSettings().forEach(configuration::addAddressSetting);
        return configuration;
    }

    /** The TCP acceptor partners' JMS clients connect to; with TLS when a key store is configured. */
    static TransportConfiguration partnersAcceptor(BrokerProperties.Acceptor acceptor) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put(TransportConstants.HOST_PROP_NAME, acceptor.host());
        parameters.put(TransportConstants.PORT_PROP_NAME, acceptor.port());
        parameters.put(TransportConstants.PROTOCOLS_PROP_NAME, "CORE");
        if (acceptor.tls().enabled()) {
            parameters.put(TransportConstants.SSL_ENABLED_PROP_NAME, true);
            parameters.put(TransportConstants.KEYSTORE_TYPE_PROP_NAME, "PKCS12");
            parameters.put(TransportConstants.KEYSTORE_PATH_PROP_NAME, acceptor.tls().keyStore());
            parameters.put(TransportConstants.KEYSTORE_PASSWORD_PROP_NAME, acceptor.tls().keyStorePassword());
            parameters.put(TransportConstants.ENABLED_PROTOCOLS_PROP_NAME, "TLSv1.3,TLSv1.2");
        }
        return new TransportConfiguration(NettyAcceptorFactory.class.getName(), parameters, "partners");
    }
}
