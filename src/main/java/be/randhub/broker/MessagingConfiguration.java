package be.randhub.broker;

import javax.sql.DataSource;

import jakarta.jms.ConnectionFactory;

import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.spring.spi.SpringTransactionPolicy;
import org.messaginghub.pooled.jms.JmsPoolConnectionFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.jms.connection.JmsTransactionManager;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import be.randhub.security.InternalBrokerUser;

/**
 * How the hub talks to its broker: one pool of connections (never a connection per message), a JMS
 * transaction manager that every route consumes and produces in, and the two transaction policies the routes
 * name in their {@code transacted} steps.
 */
@Configuration(proxyBeanMethods = false)
class MessagingConfiguration {

    @Bean(destroyMethod = "stop")
    JmsPoolConnectionFactory hubConnectionFactory(BrokerProperties properties, InternalBrokerUser user,
                                                  ObjectProvider<EmbeddedActiveMQ> embeddedBroker,
                                                  ObjectProvider<ExternalBroker> externalBroker) {
        // the embedded broker must be up, or the external one provisioned, before the first connection
        embeddedBroker.ifAvailable(broker -> { });
        externalBroker.ifAvailable(broker -> { });
        String url = properties.embedded() ? EmbeddedBrokerConfiguration.IN_VM_URL : properties.url();
        ActiveMQConnectionFactory broker = new ActiveMQConnectionFactory(url, user.user(), user.password());
        JmsPoolConnectionFactory pool = new JmsPoolConnectionFactory();
        pool.setConnectionFactory(broker);
        pool.setMaxConnections(properties.pool().maxConnections());
        pool.setMaxSessionsPerConnection(properties.pool().maxSessionsPerConnection());
        pool.setUseAnonymousProducers(true);
        return pool;
    }

    @Bean
    JmsTransactionManager jmsTransactionManager(ConnectionFactory connectionFactory) {
        JmsTransactionManager transactionManager = new JmsTransactionManager(connectionFactory);
        // steps register work for after the commit (marking a document accepted)
        transactionManager.setTransactionSynchronization(JmsTransactionManager.SYNCHRONIZATION_ALWAYS);
        return transactionManager;
    }

    /** Joins the JMS transaction in progress (a JMS consumer's), or starts one. */
    @Bean
    SpringTransactionPolicy jmsTransaction(JmsTransactionManager transactionManager) {
        SpringTransactionPolicy policy = new SpringTransactionPolicy(transactionManager);
        policy.setPropagationBehaviorName("PROPAGATION_REQUIRED");
        return policy;
    }

    /** Always a transaction of its own: what it sends is committed when the step ends, whatever the caller does. */
    @Bean
    SpringTransactionPolicy jmsOwnTransaction(JmsTransactionManager transactionManager) {
        SpringTransactionPolicy policy = new SpringTransactionPolicy(transactionManager);
        policy.setPropagationBehaviorName("PROPAGATION_REQUIRES_NEW");
        return policy;
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
