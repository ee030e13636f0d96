package be.randhub.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;

import org.HdrHistogram.Recorder;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

import be.randhub.support.HubTestConfiguration;

/**
 * The receivers, consuming their queues as fast as the hub delivers, and counting a document complete when
 * every receiver has it. Latency is from the hub's intake (the delivery's hubReceivedAt) to the last delivery.
 * Only message properties are read, so the receivers cost the machine little.
 */
final class Deliveries implements AutoCloseable {

    private static final String[][] RECEIVERS = {{"agency", "agency.inbox"}, {"learning-network", "learning-network.inbox"},
            {"de-rand", "partner.de-rand.outbox"}, {"kanak", "partner.kanak.outbox"}};

    private final Map<String, AtomicInteger> copies = new ConcurrentHashMap<>();
    private final AtomicLong complete = new AtomicLong();
    private final AtomicLong lastCompletion = new AtomicLong();
    private final List<Connection> connections = new ArrayList<>();
    private volatile Recorder latencies = new Recorder(3);
    /** From the moment a client offered a document (HTTP request sent, JMS message sent) to its last delivery. */
    private final Recorder offerLatencies = new Recorder(3);
    private final Map<String, Long> offeredAt = new ConcurrentHashMap<>();

    Deliveries(String brokerUrl) throws JMSException {
        for (String[] receiver : RECEIVERS) {
            Connection connection = new ActiveMQConnectionFactory(brokerUrl, receiver[0], HubTestConfiguration.password(receiver[0]))
                    .createConnection();
            Session session = connection.createSession(false, Session.DUPS_OK_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue(receiver[1]));
            consumer.setMessageListener(message -> {
                try {
                    String trackingId = message.getStringProperty("hubTrackingId");
                    String receivedAt = message.getStringProperty("hubReceivedAt");
                    if (trackingId == null || receivedAt == null) {
                        return; // a notice or a summary, not a delivery
                    }
                    if (copies.computeIfAbsent(trackingId, id -> new AtomicInteger()).incrementAndGet() == 2) {
                        long now = System.currentTimeMillis();
                        long latency = now - java.time.Instant.parse(receivedAt).toEpochMilli();
                        latencies.recordValue(Math.max(0, latency) * 1000);
                        Long offered = offeredAt.remove(message.getStringProperty("hubSender") + "/"
                                + message.getStringProperty("hubDocumentId"));
                        if (offered != null) {
                            offerLatencies.recordValue(Math.max(0, now - offered) * 1000);
                        }
                        complete.incrementAndGet();
                        lastCompletion.set(now);
                        copies.remove(trackingId);
                    }
                } catch (JMSException e) {
                    throw new IllegalStateException(e);
                }
            });
            connection.start();
            connections.add(connection);
        }
    }

    long complete() {
        return complete.get();
    }

    long lastCompletionMillis() {
        return lastCompletion.get();
    }

    /** Starts a new measurement: the counts and latencies so far are forgotten. */
    void reset() {
        complete.set(0);
        latencies.getIntervalHistogram();
        offerLatencies.getIntervalHistogram();
        offeredAt.clear();
    }

    /** Notes when a client offers a document, for {@link #offerLatencies}. */
    void offered(String partner, String documentId, long millis) {
        offeredAt.put(partner + "/" + documentId, millis);
    }

    /** Latencies from the client's offer (in microseconds) since the last reset, of the documents noted offered. */
    org.HdrHistogram.Histogram offerLatencies() {
        return offerLatencies.getIntervalHistogram();
    }

    /** Latencies (in microseconds) since the last reset. */
    org.HdrHistogram.Histogram latencies() {
        return latencies.getIntervalHistogram();
    }

    void awaitComplete(long count, java.time.Duration patience) throws InterruptedException {
        long deadline = System.currentTimeMillis() + patience.toMillis();
        while (complete.get() < count) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("only " + complete.get() + " of " + count + " documents completed in " + patience);
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() throws JMSException {
        for (Connection connection : connections) {
            connection.close();
        }
    }
}
