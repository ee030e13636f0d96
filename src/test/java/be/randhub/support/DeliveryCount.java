package be.randhub.support;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The receivers and partners of a run, taking everything the hub hands them as it comes and accounting for
 * it: each receiver consumes its queue and its folder (a delivery file is read by its name and deleted, as a
 * receiver that picks its files up does), each sending partner its receipts (queue and folder), so nothing piles
 * up. Every (trackingId, receiver) must turn up exactly once on the receiver's queue and once in its folder, at
 * the receivers its sender's documents go to, and a document must keep one tracking id: anything else is a
 * problem, and {@link #verify} fails the run on it or on a file that never came.
 * <p>
 * A document is complete when all its receivers have its message (its files are in their folders before
 * that: the hub forces a file before its message commits). Only message properties are read, so the receivers
 * cost the machine little.
 */
public final class DeliveryCount implements AutoCloseable {

    /** A document all of whose receivers have its message. */
    public record Completion(String trackingId, String sender, String documentId, Instant receivedAt, long completedAtMillis) {
    }

    private static final Pattern DELIVERY_FILE = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.json");
    private static final List<String> SENDERS = List.of("kanak", "de-rand", "riso", "de-horizon");

    private final Path dataDir;
    private final Map<String, Set<String>> receiversBySender;
    private final JsonMapper json = JsonMapper.builder().build();
    private final List<Connection> connections = new ArrayList<>();
    /** trackingId -> receivers whose queue brought it, and whose folder. */
    private final Map<String, Set<String>> onQueues = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> inFolders = new ConcurrentHashMap<>();
    /** sender/documentId -> the one tracking id its deliveries carry. */
    private final Map<String, String> trackingIds = new ConcurrentHashMap<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final AtomicLong complete = new AtomicLong();
    private final AtomicLong lastCompletion = new AtomicLong();
    private final List<Long> completionTimes = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, AtomicLong> receipts = new ConcurrentHashMap<>();
    private final Thread folders;
    private volatile boolean running = true;
    private volatile Consumer<Completion> onCompletion = completion -> { };
    private volatile long sweeps;

    /** Receivers by sender: whom a sender's documents go to (every receiver named here is watched). */
    DeliveryCount(HubClient client, Map<String, Set<String>> receiversBySender) {
        this.dataDir = client.dataDir();
        this.receiversBySender = receiversBySender;
        try {
            for (String receiver : receivers()) {
                listen(client, receiver, receiverQueue(receiver), this::delivered);
            }
            for (String sender : SENDERS) {
                listen(client, sender, "partner." + sender + ".receipts", (user, message) -> receipt(((TextMessage) message).getText(), "jms"));
            }
        } catch (JMSException e) {
            close();
            throw new IllegalStateException(e);
        }
        folders = new Thread(this::sweepFolders, "receivers' folders");
        folders.setDaemon(true);
        folders.start();
    }

    /** Called on each completion (on a receiver's thread: keep it short). */
    public DeliveryCount onCompletion(Consumer<Completion> listener) {
        this.onCompletion = listener;
        return this;
    }

    /** Starts a new measurement: completions and receipts counted so far are forgotten (what is known stays checked). */
    public void reset() {
        complete.set(0);
        completionTimes.clear();
        receipts.clear();
    }

    /** Documents completed since the last reset. */
    public long complete() {
        return complete.get();
    }

    public long lastCompletionMillis() {
        return lastCompletion.get();
    }

    /** When each document completed since the last reset, in the order they did (epoch milliseconds). */
    public List<Long> completionTimes() {
        synchronized (completionTimes) {
            return List.copyOf(completionTimes);
        }
    }

    /** Receipts taken since the last reset, by channel and status ({@code jms accepted}, {@code file duplicate}...). */
    public Map<String, Long> receipts() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        receipts.forEach((key, count) -> counts.put(key, count.get()));
        return counts;
    }

    /** Waits until {@code count} documents completed since the last reset; fails at once on a problem. */
    public void awaitComplete(long count, Duration patience) throws InterruptedException {
        long deadline = System.currentTimeMillis() + patience.toMillis();
        while (complete.get() < count) {
            failOnProblems();
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("only " + complete.get() + " of " + count + " documents completed in " + patience);
            }
            Thread.sleep(20);
        }
    }

    /** Waits until the receipts of the given channel ({@code jms}, {@code file}) add up to {@code count} since the last reset. */
    public void awaitReceipts(String channel, long count, Duration patience) throws InterruptedException {
        long deadline = System.currentTimeMillis() + patience.toMillis();
        while (receipts(channel) < count) {
            failOnProblems();
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("only " + receipts(channel) + " of " + count + " " + channel + " receipts came in " + patience);
            }
            Thread.sleep(20);
        }
    }

    private long receipts(String channel) {
        return receipts.entrySet().stream().filter(entry -> entry.getKey().startsWith(channel + " ")).mapToLong(entry -> entry.getValue().get()).sum();
    }

    /**
     * Fails unless every delivery so far came exactly once on its queue and once in its folder: waits (within the
     * patience) for the folders to be swept after the last message, then compares.
     */
    public void verify(Duration patience) throws InterruptedException {
        long deadline = System.currentTimeMillis() + patience.toMillis();
        List<String> missing = mismatches();
        while (!missing.isEmpty() && System.currentTimeMillis() < deadline) {
            long sweep = sweeps;
            while (sweeps < sweep + 2 && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            missing = mismatches();
        }
        missing.forEach(problems::add);
        failOnProblems();
    }

    /** Deliveries counted so far, on the queues and in the folders (each (trackingId, receiver) once). */
    public long deliveries() {
        return onQueues.values().stream().mapToLong(Set::size).sum();
    }

    private List<String> mismatches() {
        List<String> found = new ArrayList<>();
        onQueues.forEach((trackingId, receivers) -> {
            Set<String> files = inFolders.getOrDefault(trackingId, Set.of());
            for (String receiver : List.copyOf(receivers)) {
                if (!files.contains(receiver)) {
                    found.add("no file in outbox/" + receiver + " for " + trackingId + ", whose message came");
                }
            }
        });
        inFolders.forEach((trackingId, receivers) -> {
            Set<String> messages = onQueues.getOrDefault(trackingId, Set.of());
            for (String receiver : List.copyOf(receivers)) {
                if (!messages.contains(receiver)) {
                    found.add("no message on " + receiverQueue(receiver) + " for " + trackingId + ", whose file came");
                }
            }
        });
        return found;
    }

    private void failOnProblems() {
        if (!problems.isEmpty()) {
            throw new IllegalStateException(problems.size() + " problems with the deliveries, the first: "
                    + String.join("; ", problems.subList(0, Math.min(10, problems.size()))));
        }
    }

    // ------------------------------------------------------------------ queues

    private interface Listener {
        void take(String user, Message message) throws JMSException;
    }

    private void listen(HubClient client, String user, String queue, Listener listener) throws JMSException {
        Connection connection = new ActiveMQConnectionFactory(client.brokerUrl(), user, HubTestConfiguration.password(user)).createConnection();
        connections.add(connection);
        Session session = connection.createSession(false, Session.DUPS_OK_ACKNOWLEDGE);
        MessageConsumer consumer = session.createConsumer(session.createQueue(queue));
        consumer.setMessageListener(message -> {
            try {
                listener.take(user, message);
            } catch (JMSException | RuntimeException e) {
                problems.add("a message on " + queue + " could not be read: " + e);
            }
        });
        connection.start();
    }

    private void delivered(String receiver, Message message) throws JMSException {
        String trackingId = message.getStringProperty("hubTrackingId");
        String receivedAt = message.getStringProperty("hubReceivedAt");
        if (trackingId == null || receivedAt == null) {
            return; // a notice or a summary, not a delivery
        }
        String sender = message.getStringProperty("hubSender");
        String documentId = message.getStringProperty("hubDocumentId");
        String known = trackingIds.putIfAbsent(sender + "/" + documentId, trackingId);
        if (known != null && !known.equals(trackingId)) {
            problems.add(sender + "/" + documentId + " delivered under two tracking ids, " + known + " and " + trackingId);
        }
        Set<String> expected = receiversBySender.getOrDefault(sender, Set.of());
        if (!expected.contains(receiver)) {
            problems.add(trackingId + " from " + sender + " delivered to " + receiver + ", not one of " + expected);
        }
        Set<String> receivers = onQueues.computeIfAbsent(trackingId, id -> ConcurrentHashMap.newKeySet());
        boolean added;
        boolean done;
        synchronized (receivers) { // the one message that completes the document, whatever the order
            added = receivers.add(receiver);
            done = added && receivers.size() == expected.size() && receivers.containsAll(expected);
        }
        if (!added) {
            problems.add(trackingId + " came twice on " + receiverQueue(receiver));
        } else if (done) {
            long now = System.currentTimeMillis();
            completionTimes.add(now);
            lastCompletion.set(now);
            complete.incrementAndGet();
            onCompletion.accept(new Completion(trackingId, sender, documentId, Instant.parse(receivedAt), now));
        }
    }

    private void receipt(String text, String channel) {
        JsonNode receipt = json.readTree(text);
        String status = receipt.path("status").asString();
        receipts.computeIfAbsent(channel + " " + status, key -> new AtomicLong()).incrementAndGet();
        if (!status.equals("accepted")) {
            problems.add("a " + channel + " receipt " + status + " for " + receipt.path("documentId").asString() + ": " + text);
        }
    }

    // ------------------------------------------------------------------ folders

    /** Sweeps the receivers' folders and the senders' receipt folders, every 100 ms. */
    private void sweepFolders() {
        while (running) {
            try {
                for (String receiver : receivers()) {
                    sweepDeliveries(receiver);
                }
                for (String sender : SENDERS) {
                    sweepReceipts(sender);
                }
                sweeps++;
                Thread.sleep(100);
            } catch (InterruptedException stop) {
                return;
            } catch (IOException | RuntimeException e) {
                problems.add("the receivers' folders could not be read: " + e);
            }
        }
    }

    private void sweepDeliveries(String receiver) throws IOException {
        Path folder = dataDir.resolve("outbox").resolve(receiver);
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.json")) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (!DELIVERY_FILE.matcher(name).matches()) {
                    continue; // a notice or a feed
                }
                String trackingId = name.substring(0, name.length() - ".json".length());
                if (!inFolders.computeIfAbsent(trackingId, id -> ConcurrentHashMap.newKeySet()).add(receiver)) {
                    problems.add(trackingId + " came twice in outbox/" + receiver);
                }
                Files.deleteIfExists(file);
            }
        } catch (NoSuchFileException gone) {
            // not there yet
        }
    }

    private void sweepReceipts(String sender) throws IOException {
        Path folder = dataDir.resolve("outbox").resolve(sender).resolve("receipts");
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.receipt.json")) {
            for (Path file : files) {
                receipt(Files.readString(file), "file");
                Files.deleteIfExists(file);
            }
        } catch (NoSuchFileException gone) {
            // not there yet
        }
    }

    private Set<String> receivers() {
        Set<String> receivers = new java.util.TreeSet<>();
        receiversBySender.values().forEach(receivers::addAll);
        return receivers;
    }

    private static String receiverQueue(String receiver) {
        return switch (receiver) {
            case "agency" -> "agency.inbox";
            case "learning-network" -> "learning-network.inbox";
            default -> "partner." + receiver + ".outbox";
        };
    }

    @Override
    public void close() {
        running = false;
        if (folders != null) {
            folders.interrupt();
        }
        for (Connection connection : connections) {
            try {
                connection.close();
            } catch (JMSException ignored) {
                // closing anyway
            }
        }
    }
}
