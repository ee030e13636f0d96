package be.randhub.broker;

import javax.sql.DataSource;

import jakarta.jms.ConnectionFactory;

import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.messaginghub.pooled.jms.JmsPoolConnectionFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import be.randhub.security.InternalBrokerUser;

/**
 * How the hub talks to its broker: the broker as the hub's own user, a pool of connections over it for the
 * routes (never a connection per message), and the hub's database transactions. Routes consume and produce in
 * their consumer's own JMS transaction (application.yaml, camel.component.jms); the publisher keeps sessions of
 * its own.
 */
@Configuration(proxyBeanMethods = false)
class MessagingConfiguration {

    /**
     * The broker as the hub's own user: for connections the hub keeps for itself (the publisher's); everything else
     * goes through the pool below. Destinations are looked up once per connection, not on every send.
     */
    @Bean(destroyMethod = "close")
    ActiveMQConnectionFactory brokerConnections(BrokerProperties properties, InternalBrokerUser user,
                                                ObjectProvider<EmbeddedActiveMQ> embeddedBroker,
                                                ObjectProvider<ExternalBroker> externalBroker) {
        // the embedded broker must be up, or the external one provisioned, before the first connection
        embeddedBroker.ifAvailable(broker -> { });
        externalBroker.ifAvailable(broker -> { });
        String url = properties.embedded() ? EmbeddedBrokerConfiguration.IN_VM_URL : properties.url();
        ActiveMQConnectionFactory broker = new ActiveMQConnectionFactory(url, user.user(), user.password());
        broker.setCacheDestinations(true);
        return broker;
    }

    @Bean(destroyMethod = "stop")
    @Primary
    JmsPoolConnectionFactory hubConnectionFactory(ActiveMQConnectionFactory brokerConnections, BrokerProperties properties) {
        JmsPoolConnectionFactory pool = new JmsPoolConnectionFactory();
        pool.setConnectionFactory(brokerConnections);
        pool.setMaxConnections(properties.pool().maxConnections());
        pool.setMaxSessionsPerConnection(properties.pool().maxSessionsPerConnection());
        pool.setUseAnonymousProducers(true);
        return pool;
    }

    /** Sends that join the JMS transaction in progress, or commit on their own outside one. */
    @Bean
    JmsTemplate jmsTemplate(ConnectionFactory connectionFactory) {
        JmsTemplate template = new JmsTemplate(connectionFactory);
        template.setSessionTransacted(true);
        template.setDeliveryPersistent(true);
        template.setExplicitQosEnabled(true);
        return template;
    }

    @Bean
    @Primary
    JdbcTransactionManager transactionManager(DataSource dataSource) {
        return new JdbcTransactionManager(dataSource);
    }

    @Bean
    TransactionTemplate databaseTransaction(JdbcTransactionManager transactionManager) {
        TransactionTemplate template = new TransactionTemplate(transactionManager);
        template.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRED);
        return template;
    }
}
