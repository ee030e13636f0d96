package be.randhub.benchmark;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.messaginghub.pooled.jms.JmsPoolConnectionFactory;
import org.slf4j.LoggerFactory;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The peer a user would pick instead of the hub: the Camel route they would write themselves, run by the
 * benchmark as a process of its own next to the hub and on the hub's broker (over TCP, as the operator, on the
 * queues kept for measuring): JMS in, the document parsed with Jackson (its type and id become headers, as a
 * router would use them), the message sent on to two queues, in one local JMS transaction per message (the
 * consumer's session, which the sends join), over pooled connections (pooled-jms), with the hub's own JMS
 * settings (transacted, no transaction manager, consumers cached, persistent).
 * <p>
 * Arguments: broker URL, user, password, concurrent consumers. Prints {@value #READY} once it consumes; stops
 * when its standard input closes.
 */
public final class PlainRoute {

    static final String READY = "plain route ready";

    private PlainRoute() {
    }

    public static void main(String[] arguments) throws Exception {
        // plain logback says everything at DEBUG unless configured: a route in production logs warnings
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(ch.qos.logback.classic.Level.WARN);
        String url = arguments[0];
        int consumers = Integer.parseInt(arguments[3]);
        JmsPoolConnectionFactory pool = new JmsPoolConnectionFactory();
        pool.setConnectionFactory(new ActiveMQConnectionFactory(url, arguments[1], arguments[2]));
        pool.setMaxConnections(2);
        JmsComponent jms = JmsComponent.jmsComponent(pool);
        jms.setTransacted(true);
        jms.setLazyCreateTransactionManager(false);
        jms.setCacheLevelName("CACHE_CONSUMER");
        jms.setDeliveryPersistent(true);
        jms.setConcurrentConsumers(consumers);
        jms.setMaxConcurrentConsumers(consumers);
        JsonMapper json = JsonMapper.builder().build();
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.addComponent("jms", jms);
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("jms:queue:hub.perf.in").routeId("plain-route")
                            .process(exchange -> {
                                JsonNode document = json.readTree(exchange.getIn().getBody(String.class));
                                exchange.getIn().setHeader("documentType", document.path("type").asString());
                                exchange.getIn().setHeader("documentId", document.path("documentId").asString());
                            })
                            .to("jms:queue:hub.perf.out-1")
                            .to("jms:queue:hub.perf.out-2");
                }
            });
            camel.start();
            System.out.println(READY);
            System.out.flush();
            while (System.in.read() != -1) {
                // until the benchmark closes our input
            }
        } finally {
            pool.stop();
        }
    }
}
