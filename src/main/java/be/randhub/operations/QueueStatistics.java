package be.randhub.operations;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.jms.ConnectionFactory;

import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import be.randhub.broker.BrokerManagement;
import be.randhub.broker.Queues;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Depth and age of the oldest message of every hub queue, read from the broker's management (the same way for
 * the embedded and an external broker) every few seconds, for the console and for the metrics
 * {@code hub_queue_depth} and {@code hub_queue_oldest_age_seconds}.
 */
@Component
public class QueueStatistics {

    /** One queue, as last read. */
    public record QueueState(String name, long depth, double oldestAgeSeconds, int consumers) {
    }

    private static final Logger log = LoggerFactory.getLogger(QueueStatistics.class);

    private final ConnectionFactory connectionFactory;
    private final Queues queues;
    private final Map<String, QueueState> states = new ConcurrentHashMap<>();

    public QueueStatistics(ConnectionFactory connectionFactory, Queues queues, MeterRegistry registry) {
        this.connectionFactory = connectionFactory;
        this.queues = queues;
        for (String queue : queues.all()) {
            Gauge.builder("hub.queue.depth", states, known -> depth(known, queue)).tag("queue", queue)
                    .description("Messages waiting on the queue").register(registry);
            Gauge.builder("hub.queue.oldest.age", states, known -> age(known, queue)).tag("queue", queue).baseUnit("seconds")
                    .description("Age of the oldest message waiting on the queue").register(registry);
        }
    }

    /** The queues as last read, in the order the hub lists them. */
    public List<QueueState> all() {
        return queues.all().stream().map(queue -> states.getOrDefault(queue, new QueueState(queue, -1, 0, 0))).toList();
    }

    @Scheduled(initialDelay = 2_000, fixedDelayString = "${hub.operations.queue-poll:5000}")
    public void refresh() {
        try {
            states.putAll(BrokerManagement.over(connectionFactory, management -> {
                Map<String, QueueState> read = new LinkedHashMap<>();
                for (String queue : queues.all()) {
                    String resource = ResourceNames.QUEUE + queue;
                    long depth = ((Number) management.attribute(resource, "messageCount")).longValue();
                    int consumers = ((Number) management.attribute(resource, "consumerCount")).intValue();
                    Object age = depth == 0 ? 0L : management.invoke(resource, "getFirstMessageAge");
                    read.put(queue, new QueueState(queue, depth, age instanceof Number millis ? millis.doubleValue() / 1000 : 0, consumers));
                }
                return read;
            }));
        } catch (Exception e) {
            log.debug("Queue statistics not available right now", e);
        }
    }

    private static double depth(Map<String, QueueState> known, String queue) {
        QueueState state = known.get(queue);
        return state == null ? Double.NaN : state.depth();
    }

    private static double age(Map<String, QueueState> known, String queue) {
        QueueState state = known.get(queue);
        return state == null ? Double.NaN : state.oldestAgeSeconds();
    }
}
