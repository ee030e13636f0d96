package be.randhub.routing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import be.randhub.broker.Queues;
import be.randhub.document.Channel;
import be.randhub.document.Document;
import be.randhub.document.HubHeaders;
import be.randhub.intake.IntakeRegister;
import be.randhub.operations.HubMetrics;
import be.randhub.privacy.ErasedDocuments;
import be.randhub.tracking.AcceptedMarks;
import be.randhub.tracking.Trail;
import be.randhub.tracking.TrailEvent;
import be.randhub.tracking.TrackingStore;
import be.randhub.tracking.TrackingWriter;

/**
 * Publishes accepted documents: each receiver's copy in its folder (written and forced) and on its queue, with the
 * documents' trail, in one broker transaction for many documents at once (group commit); then their accepted marks
 * in one database commit; then each channel gets its answer.
 * <ul>
 *   <li>HTTP and file documents are handed to {@code hub.publish.threads} publishers, each taking whatever is
 *       waiting (at most {@code hub.publish.max-batch}; never a fixed delay: a quiet hub publishes a lone document at
 *       once). A JMS document is published in its own message's transaction instead, which also takes the message
 *       off the partner's queue and carries its receipt ({@link #commitConsumed}).</li>
 *   <li>A copy that cannot be made or written leaves the batch for {@code hub.delivery}, in the same transaction:
 *       the {@code delivery} route retries it with growing pauses and dead-letters it alone, while the other
 *       receivers and documents go on.</li>
 *   <li>A document taken in again after the hub stopped in the middle of publishing it ({@code resume}) is first
 *       looked up in the trail: its {@code routed} event is committed with its copies, so if the trail has it, the
 *       copies are on the broker and only the mark is written. Duplicate detection does not have to remember it,
 *       however long ago that was.</li>
 *   <li>A copy of a document erased while it was on its way is dropped, with a {@code discarded} event.</li>
 * </ul>
 */
@Component("publisher")
public class Publisher implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Publisher.class);
    /** How long a channel waits for its document's batch before it answers "send again". */
    private static final long WAIT_SECONDS = 30;
    /** Exchange property: the document published in its JMS message's transaction, marked once that commits. */
    private static final String PUBLISHED_IN_MESSAGE = "hubPublishedInMessage";

    /** One document to publish, and what its channel waits for. */
    private record Job(Document document, List<String> receivers, List<TrailEvent> events, CompletableFuture<Void> done) {
    }

    private final Copies copies;
    private final Outbox outbox;
    private final Trail trail;
    private final AcceptedMarks marks;
    private final ErasedDocuments erased;
    private final TrackingWriter trackingWriter;
    private final TrackingStore trackingStore;
    private final IntakeRegister register;
    private final HubMetrics metrics;
    private final ActiveMQConnectionFactory broker;
    private final int maxBatch;
    private final BlockingQueue<Job> waiting = new LinkedBlockingQueue<>();
    private final List<Thread> publishers = new ArrayList<>();
    private volatile boolean stopped;

    public Publisher(Copies copies, Outbox outbox, Trail trail, AcceptedMarks marks, ErasedDocuments erased,
                     TrackingWriter trackingWriter, TrackingStore trackingStore, IntakeRegister register, HubMetrics metrics,
                     ActiveMQConnectionFactory brokerConnections, PublishProperties properties) {
        this.copies = copies;
        this.outbox = outbox;
        this.trail = trail;
        this.marks = marks;
        this.erased = erased;
        this.trackingWriter = trackingWriter;
        this.trackingStore = trackingStore;
        this.register = register;
        this.metrics = metrics;
        this.broker = brokerConnections;
        this.maxBatch = properties.maxBatch();
        for (int i = 0; i < properties.threads(); i++) {
            Thread publisher = new Thread(this::publishWhileRunning, "publisher-" + i);
            publisher.setDaemon(true);
            publishers.add(publisher);
            publisher.start();
        }
    }

    /**
     * The {@code publish} route's step: publishes the exchange's accepted document for the receivers routing chose,
     * and returns once it is on the broker and marked accepted (a JMS document: once it is in its message's
     * transaction; {@link #commitConsumed} commits it). Throws when it could not be published: the channel answers
     * "send again".
     */
    public void publish(Exchange exchange) throws Exception {
        Document document = exchange.getProperty(HubHeaders.DOCUMENT, Document.class);
        List<String> receivers = Arrays.asList(exchange.getIn().getHeader(HubHeaders.RECEIVERS, String.class).split(","));
        if ("resume".equals(exchange.getIn().getHeader(HubHeaders.CLAIM, String.class)) && publishedBefore(document)) {
            log.info("Document {} was on the broker already (published before the hub stopped); marked accepted", document.trackingId());
            trail.take(exchange); // its intake was recorded the first time
            marks.markAccepted(document.trackingId(), receivers);
            return;
        }
        Job job = new Job(document, receivers, trail.take(exchange), new CompletableFuture<>());
        Session session = exchange.getProperty(HubHeaders.CONSUMER_SESSION, Session.class);
        if (document.channel() == Channel.JMS && session != null) {
            publish(List.of(job), session);
            exchange.setProperty(PUBLISHED_IN_MESSAGE, job);
            exchange.setProperty(IntakeRegister.ENDS_AT_COMMIT, true);
            return;
        }
        waiting.add(job);
        try {
            job.done().get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException failed) {
            throw failed.getCause() instanceof Exception cause ? cause : failed;
        } catch (TimeoutException e) {
            throw new IllegalStateException("document " + document.trackingId() + " was not published within " + WAIT_SECONDS
                    + " s; send it again", e);
        }
    }

    /**
     * The JMS channel's last step: commits the message's transaction (the message taken off the partner's queue, the
     * document's copies and trail, its receipt: all at once), then writes the accepted mark; a resend waiting for
     * the document may go on.
     */
    public void commitConsumed(Exchange exchange) throws JMSException {
        exchange.getProperty(HubHeaders.CONSUMER_SESSION, Session.class).commit();
        Job job = exchange.getProperty(PUBLISHED_IN_MESSAGE, Job.class);
        exchange.removeProperty(PUBLISHED_IN_MESSAGE);
        try {
            if (job != null) {
                marks.markAccepted(job.document().trackingId(), job.receivers());
            }
        } finally {
            register.committed(exchange);
        }
    }

    /** Whether a document taken in again had been published before the hub stopped (its publish is in the trail). */
    private boolean publishedBefore(Document document) {
        trackingWriter.drain(); // what is still on hub.tracking is in the trail too
        return trackingStore.published(document.trackingId());
    }

    private void publishWhileRunning() {
        Connection connection = null;
        Session session = null;
        List<Job> batch = new ArrayList<>(maxBatch);
        while (!stopped) {
            try {
                Job first = waiting.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                waiting.drainTo(batch, maxBatch - 1);
                if (session == null) {
                    connection = broker.createConnection();
                    session = connection.createSession(true, Session.SESSION_TRANSACTED);
                }
                publishAndCommit(batch, session);
            } catch (AlreadyOnTheBroker duplicate) {
                // one of them was on the broker already, which Artemis refuses for the whole transaction: each alone
                for (Job job : batch) {
                    publishAlone(job, session);
                }
            } catch (InterruptedException stop) {
                Thread.currentThread().interrupt();
                return;
            } catch (JMSException | RuntimeException broken) {
                // the broker is unreachable or the session broke: the batch fails, the next one gets a new connection
                batch.forEach(job -> job.done().completeExceptionally(broken));
                close(connection);
                connection = null;
                session = null;
            } finally {
                batch.clear();
            }
        }
        close(connection);
    }

    /** One batch: copies and messages in one broker commit, then the marks in one database commit, then the answers. */
    private void publishAndCommit(List<Job> batch, Session session) throws JMSException {
        Outbox.Written written;
        try {
            written = publish(batch, session);
        } catch (JMSException | RuntimeException failed) {
            session.rollback();
            throw failed;
        }
        try {
            session.commit();
        } catch (JMSException failed) {
            if (!outcomeUnknown(failed)) {
                outbox.takeBack(written.created()); // no receiver keeps a file whose message did not commit
            }
            // else the broker failed over to its backup during the commit, which may have happened all the same
            // (Artemis cannot tell): the files stay. The channel says "send again"; the resend finds the document in
            // the trail if the commit happened, or publishes it again, its files recognised by their names
            if (duplicate(failed)) {
                throw new AlreadyOnTheBroker(failed);
            }
            throw failed;
        }
        Map<String, List<String>> accepted = new LinkedHashMap<>();
        batch.forEach(job -> accepted.put(job.document().trackingId(), job.receivers()));
        try {
            marks.markAccepted(accepted);
        } catch (RuntimeException notMarked) {
            // on the broker, but the answer waits for the mark: the channel says "send again", and the resend is
            // recognised by its mark (written later) or its trail
            batch.forEach(job -> job.done().completeExceptionally(notMarked));
            return;
        }
        batch.forEach(job -> job.done().complete(null));
    }

    /**
     * A batch Artemis refused because a copy in it was on the broker already (duplicate detection): a document
     * published before the hub stopped, whose trail the resend did not find (the trail of another hub instance,
     * not yet stored). Its batch is published again document by document.
     */
    private static final class AlreadyOnTheBroker extends RuntimeException {
        AlreadyOnTheBroker(Throwable cause) {
            super(cause);
        }
    }

    /** Publishes one document in a transaction of its own; one already on the broker is only marked. */
    private void publishAlone(Job job, Session session) {
        try {
            publishAndCommit(List.of(job), session);
        } catch (AlreadyOnTheBroker onTheBroker) {
            try {
                marks.markAccepted(job.document().trackingId(), job.receivers());
                job.done().complete(null);
            } catch (RuntimeException notMarked) {
                job.done().completeExceptionally(notMarked);
            }
        } catch (JMSException | RuntimeException failed) {
            job.done().completeExceptionally(failed);
        }
    }

    /** A commit cut short by a failover: it may or may not have happened on the backup. */
    static boolean outcomeUnknown(Throwable failure) {
        for (Throwable cause = failure; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof org.apache.activemq.artemis.api.core.ActiveMQTransactionOutcomeUnknownException) {
                return true;
            }
        }
        return false;
    }

    private static boolean duplicate(Throwable failure) {
        for (Throwable cause = failure; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof org.apache.activemq.artemis.api.core.ActiveMQDuplicateIdException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Writes the copies of the documents and sends their messages and trail in the session's transaction (the
     * caller commits). Returns what it wrote.
     */
    private Outbox.Written publish(List<Job> batch, Session session) throws JMSException {
        Map<Outbox.FileWrite, Placed> files = new LinkedHashMap<>();
        List<Placed> retries = new ArrayList<>();
        // the intake's events and this attempt's: one trail message, committed with the copies it tells of
        List<TrailEvent> events = new ArrayList<>();
        batch.forEach(job -> events.addAll(job.events()));
        for (Job job : batch) {
            Document document = job.document();
            Copies.Origin origin = new Copies.Origin(document.trackingId(), document.sender(), document.channel().id(),
                    document.receivedAt().toString());
            for (String receiver : job.receivers()) {
                if (erased.isErased(document.trackingId())) {
                    events.add(TrailEvent.of(document.trackingId(), TrailEvent.Kind.DISCARDED, document.sender(), receiver,
                            document.channel().id(), "not delivered: the document was erased while this copy was on its way"));
                    continue;
                }
                try {
                    Copies.Copy copy = copies.of(origin, receiver, document.json(), document.bytes());
                    files.put(new Outbox.FileWrite(receiver, document.trackingId(), document.trackingId() + ".json", copy.bytes(),
                            copy.attachmentSha256()), new Placed(job, receiver, copy));
                } catch (RuntimeException cannotMake) {
                    retries.add(new Placed(job, receiver, null));
                    log.warn("The copy of {} for {} could not be made ({}); it goes to {} to be retried", document.trackingId(),
                            receiver, cannotMake.getClass().getSimpleName(), Queues.DELIVERY);
                }
            }
        }
        Outbox.Written written = outbox.writeAll(new ArrayList<>(files.keySet()));
        written.failed().forEach((file, failure) -> {
            retries.add(new Placed(files.get(file).job(), file.receiver(), null));
            log.warn("The copy of {} for {} could not be written ({}); it goes to {} to be retried", file.trackingId(),
                    file.receiver(), failure.getClass().getSimpleName(), Queues.DELIVERY);
        });
        try (MessageProducer producer = session.createProducer(null)) {
            for (Map.Entry<Outbox.FileWrite, Placed> file : files.entrySet()) {
                if (!written.failed().containsKey(file.getKey())) {
                    deliver(session, producer, file.getValue(), events);
                }
            }
            for (Placed retry : retries) {
                toRetry(session, producer, retry);
            }
            producer.send(session.createQueue(Queues.TRACKING), trail.message(session, events));
        } catch (JMSException | RuntimeException failed) {
            outbox.takeBack(written.created());
            throw failed;
        }
        return written;
    }

    /** A copy placed for its receiver (null: it could not be made or written, and goes to be retried). */
    private record Placed(Job job, String receiver, Copies.Copy copy) {
    }

    /** The receiver's queue message: the copy, with the hub's metadata; its file is on disk already. */
    private void deliver(Session session, MessageProducer producer, Placed placed, List<TrailEvent> events) throws JMSException {
        Document document = placed.job().document();
        TextMessage message = session.createTextMessage(placed.copy().text());
        describe(message, document, placed.receiver());
        message.setStringProperty(HubHeaders.DOCUMENT_ID, placed.copy().documentId());
        producer.send(session.createQueue(Queues.deliveryQueue(placed.receiver())), message);
        if (placed.copy().scrubbed()) {
            events.add(Deliveries.scrubbed(document.trackingId(), document.sender(), placed.receiver(),
                    document.channel().id()));
        }
        events.add(TrailEvent.of(document.trackingId(), TrailEvent.Kind.DELIVERED, document.sender(),
                placed.receiver(), document.channel().id(), null));
        metrics.delivered(placed.receiver(), document.channel().id(), document.sender(), document.type().id());
    }

    /** A copy that could not be made: the document as received, on hub.delivery, for that receiver alone. */
    private void toRetry(Session session, MessageProducer producer, Placed placed) throws JMSException {
        Document document = placed.job().document();
        BytesMessage message = session.createBytesMessage();
        message.writeBytes(document.bytes());
        describe(message, document, placed.receiver());
        message.setStringProperty(HubHeaders.DOCUMENT_ID, document.documentId());
        producer.send(session.createQueue(Queues.DELIVERY), message);
    }

    /** What every message about a copy carries: the document and the receiver, and its duplicate-detection id. */
    private static void describe(Message message, Document document, String receiver) throws JMSException {
        message.setStringProperty(HubHeaders.TRACKING_ID, document.trackingId());
        message.setStringProperty(HubHeaders.RECEIVER, receiver);
        message.setStringProperty(HubHeaders.SENDER, document.sender());
        message.setStringProperty(HubHeaders.CHANNEL, document.channel().id());
        message.setStringProperty(HubHeaders.TYPE, document.type().id());
        message.setStringProperty(HubHeaders.RECEIVED_AT, document.receivedAt().toString());
        message.setStringProperty(HubHeaders.MUNICIPALITY, document.municipality());
        // Artemis drops a second message with the same id: a copy is queued once
        message.setStringProperty(HubHeaders.DUPLICATE_ID, document.trackingId() + ":" + receiver);
    }

    private static void close(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (JMSException alreadyBroken) {
                // nothing more to do
            }
        }
    }

    /** Finishes the batches under way; documents still waiting get "send again". */
    @Override
    public void destroy() throws InterruptedException {
        stopped = true;
        for (Thread publisher : publishers) {
            publisher.join(10_000);
        }
        List<Job> left = new ArrayList<>();
        waiting.drainTo(left);
        left.forEach(job -> job.done().completeExceptionally(new IllegalStateException("the hub is stopping")));
    }
}
