package be.randhub.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.awaitility.Awaitility;
import org.springframework.core.env.Environment;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a partner, a receiver or an operator does with the hub, over real connections: HTTP over a socket, JMS
 * over TCP with its own broker user, files in its folders. Tests read as what users do.
 */
public class HubClient {

    public static final Duration PATIENCE = Duration.ofSeconds(20);

    private final Path dataDir;
    /** Where the hub answers HTTP: {@code http://localhost:<port>} (known once the server runs). */
    private final java.util.function.Supplier<String> httpBase;
    private final String brokerUrl;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<String, Connection> connections = new ConcurrentHashMap<>();
    /** Connections that stream their sends (see {@link #stream}), and a producer per user and queue on them. */
    private final Map<String, Connection> streamingConnections = new ConcurrentHashMap<>();
    private final Map<String, StreamingProducer> streams = new ConcurrentHashMap<>();

    HubClient(Path dataDir, Environment environment, int brokerPort) {
        this(dataDir, () -> "http://localhost:" + environment.getProperty("local.server.port"), "tcp://127.0.0.1:" + brokerPort);
    }

    private HubClient(Path dataDir, java.util.function.Supplier<String> httpBase, String brokerUrl) {
        this.dataDir = dataDir;
        this.httpBase = httpBase;
        this.brokerUrl = brokerUrl;
    }

    /** A client of the packaged hub running as a process of its own. */
    public static HubClient of(HubProcess hub) {
        return new HubClient(hub.dataDir(), () -> hub.uri("").toString(), hub.brokerUrl());
    }

    /** A client of a hub (one instance of a cluster) at an HTTP base ({@code http://127.0.0.1:8080}), its data
     *  directory and the broker URL partners use (a failover URL for a broker pair). */
    public static HubClient at(Path dataDir, String httpBase, String brokerUrl) {
        return new HubClient(dataDir, () -> httpBase, brokerUrl);
    }

    public Path dataDir() {
        return dataDir;
    }

    public String brokerUrl() {
        return brokerUrl;
    }

    // ---------------------------------------------------------------- HTTP

    /** An HTTP answer: status, content type and body (parsed when it is JSON). */
    public record Answer(int status, String contentType, String body, JsonNode json) {

        /** This answer, after checking it is 200 (its body shown when it is not). */
        public Answer ok() {
            org.assertj.core.api.Assertions.assertThat(status).as(body).isEqualTo(200);
            return this;
        }

        /** The tracking id of a document the hub accepted (202; its body shown when it is not). */
        public String acceptedTrackingId() {
            org.assertj.core.api.Assertions.assertThat(status).as(body).isEqualTo(202);
            return json.path("trackingId").asString();
        }
    }

    public URI uri(String path) {
        return URI.create(httpBase.get() + path);
    }

    public Answer post(String user, String document) {
        return send(user, HttpRequest.newBuilder(uri("/api/v1/documents"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(document)));
    }

    public Answer postMultipart(String user, String document, byte[] attachment, String fileName) {
        String boundary = "hub-" + UUID.randomUUID();
        List<byte[]> parts = new ArrayList<>();
        parts.add(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"document\"; filename=\"document.json\"\r\n"
                + "Content-Type: application/json\r\n\r\n" + document + "\r\n").getBytes(StandardCharsets.UTF_8));
        if (attachment != null) {
            parts.add(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"attachment\"; filename=\"" + fileName
                    + "\"\r\nContent-Type: application/pdf\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            parts.add(attachment);
            parts.add("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        parts.add(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(user, HttpRequest.newBuilder(uri("/api/v1/documents"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArrays(parts)));
    }

    /** Posts a document without waiting for the answer (a client that offers documents at a fixed rate). */
    public java.util.concurrent.CompletableFuture<Answer> postAsync(String user, String document) {
        return http.sendAsync(authenticated(user, HttpRequest.newBuilder(uri("/api/v1/documents"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(document))).build(), HttpResponse.BodyHandlers.ofString())
                .thenApply(this::answer);
    }

    /** A document with its attachment read from a file as it is sent (never whole in memory). */
    public Answer postMultipart(String user, String document, Path attachment) {
        String boundary = "hub-" + UUID.randomUUID();
        try {
            return send(user, HttpRequest.newBuilder(uri("/api/v1/documents"))
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.concat(
                            HttpRequest.BodyPublishers.ofString("--" + boundary + "\r\nContent-Disposition: form-data; name=\"document\"; "
                                    + "filename=\"document.json\"\r\nContent-Type: application/json\r\n\r\n" + document + "\r\n--" + boundary
                                    + "\r\nContent-Disposition: form-data; name=\"attachment\"; filename=\"" + attachment.getFileName()
                                    + "\"\r\nContent-Type: application/pdf\r\n\r\n"),
                            HttpRequest.BodyPublishers.ofFile(attachment),
                            HttpRequest.BodyPublishers.ofString("\r\n--" + boundary + "--\r\n"))));
        } catch (java.io.FileNotFoundException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Posts a document until the hub acknowledges it (202, or 200 for a duplicate), trying again while the hub is
     * away or answers 503, as a partner does; returns the tracking id it answered with.
     */
    public String postUntilAcknowledged(String partner, String document) throws InterruptedException {
        while (true) {
            try {
                HttpResponse<String> response = http.send(authenticated(partner, HttpRequest.newBuilder(uri("/api/v1/documents"))
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(document))).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 202 || response.statusCode() == 200) {
                    return json.readTree(response.body()).path("trackingId").asString();
                }
                if (response.statusCode() != 503) {
                    throw new AssertionError("unexpected answer " + response.statusCode() + ": " + response.body());
                }
            } catch (IOException hubDown) {
                // the hub is being killed or restarted: a partner tries again
            }
            Thread.sleep(200);
        }
    }

    public Answer get(String user, String path) {
        return send(user, HttpRequest.newBuilder(uri(path)).GET());
    }

    public HttpResponse<byte[]> getBytes(String user, String path) {
        try {
            return http.send(authenticated(user, HttpRequest.newBuilder(uri(path)).GET()).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Answer send(String user, HttpRequest.Builder request) {
        try {
            return answer(http.send(authenticated(user, request).build(), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Answer answer(HttpResponse<String> response) {
        String type = response.headers().firstValue("Content-Type").orElse("");
        JsonNode body = type.contains("json") && !response.body().isEmpty() ? json.readTree(response.body()) : null;
        return new Answer(response.statusCode(), type, response.body(), body);
    }

    /**
     * The language the tests read the hub's texts in (they assert its English words); a test of another language sends
     * its own Accept-Language.
     */
    public static final String LANGUAGE = "en";

    private static HttpRequest.Builder authenticated(String user, HttpRequest.Builder request) {
        if (request.copy().build().headers().firstValue(org.springframework.http.HttpHeaders.ACCEPT_LANGUAGE).isEmpty()) {
            request.header(org.springframework.http.HttpHeaders.ACCEPT_LANGUAGE, LANGUAGE);
        }
        if (user != null) {
            String credentials = user + ":" + HubTestConfiguration.password(user);
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return request;
    }

    // ---------------------------------------------------------------- any channel

    /** The three ways in. */
    public enum Way { HTTP, FILE, JMS }

    /** Sends a document one of the three ways as the given partner and returns the receipt it gets back. */
    public JsonNode submit(Way way, String partner, String document) {
        return switch (way) {
            case HTTP -> {
                Answer answer = post(partner, document);
                if (!answer.contentType().startsWith("application/problem+json")) {
                    yield answer.json();
                }
                // a refusal over HTTP is a problem body; its "outcome" is the receipt status
                tools.jackson.databind.node.ObjectNode receipt = ((tools.jackson.databind.node.ObjectNode) answer.json()).deepCopy();
                receipt.put("status", answer.json().path("outcome").asString());
                yield receipt;
            }
            case FILE -> {
                String name = "doc-" + UUID.randomUUID() + ".json";
                drop(partner, name, document);
                yield awaitFileReceipt(partner, name);
            }
            case JMS -> awaitJmsReceipt(partner, sendDocument(partner, document));
        };
    }

    // ---------------------------------------------------------------- files

    /** Drops a file the way a careful partner does: written under a hidden name, then renamed into place. */
    public Path drop(String partner, String fileName, byte[] content) {
        try {
            Path folder = Files.createDirectories(dataDir.resolve("inbox").resolve(partner));
            Path hidden = folder.resolve("." + fileName + ".part");
            Files.write(hidden, content);
            return Files.move(hidden, folder.resolve(fileName), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path drop(String partner, String fileName, String content) {
        return drop(partner, fileName, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Waits for the receipt of a dropped file in {@code outbox/<partner>/receipts/}. */
    public JsonNode awaitFileReceipt(String partner, String fileName) {
        String stem = fileName.substring(0, fileName.lastIndexOf('.')) + ".";
        Path folder = dataDir.resolve("outbox").resolve(partner).resolve("receipts");
        Path receipt = Awaitility.await().atMost(PATIENCE).until(() -> find(folder, stem), Optional::isPresent).orElseThrow();
        return readJson(receipt);
    }

    /** Every receipt in a partner's receipts folder (file drops), read and left where it is. */
    public List<JsonNode> fileReceipts(String partner) {
        Path folder = dataDir.resolve("outbox").resolve(partner).resolve("receipts");
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".receipt.json")).map(this::readJson).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The processed files of a partner's drop folder: {@code done} or {@code failed}, all dates. */
    public List<Path> settled(String partner, String outcome) {
        Path folder = dataDir.resolve("processed").resolve(partner).resolve(outcome);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<Path> find(Path folder, String prefix) throws IOException {
        if (!Files.isDirectory(folder)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.getFileName().toString().startsWith(prefix)
                    && file.getFileName().toString().endsWith(".receipt.json")).findFirst();
        }
    }

    // ---------------------------------------------------------------- outbox folders

    public Path outboxFile(String receiver, String trackingId, String extension) {
        return dataDir.resolve("outbox").resolve(receiver).resolve(trackingId + "." + extension);
    }

    /** Waits for a delivery in a receiver's folder and returns it. */
    public JsonNode awaitOutbox(String receiver, String trackingId) {
        Path file = outboxFile(receiver, trackingId, "json");
        Awaitility.await().atMost(PATIENCE).until(() -> Files.exists(file));
        return readJson(file);
    }

    /** Every delivery in a receiver's folder ({@code <trackingId>.json}), parsed; notices and feeds are not deliveries. */
    public List<JsonNode> deliveredFiles(String receiver) {
        try (Stream<Path> files = Files.list(dataDir.resolve("outbox").resolve(receiver))) {
            return files.filter(file -> file.getFileName().toString().matches("[0-9a-f-]{36}\\.json")).map(this::readJson).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A receiver's folder that no delivery can be written to (a file where the folder should be), until closed. */
    public AutoCloseable unwritableOutbox(String receiver) throws IOException {
        Path folder = dataDir.resolve("outbox").resolve(receiver);
        Path aside = folder.resolveSibling(receiver + ".unwritable-aside");
        Files.move(folder, aside);
        // not writable as a folder, whoever the hub runs as (root included)
        Files.writeString(folder, "a file where the receiver's folder should be");
        return () -> {
            Files.delete(folder);
            Files.move(aside, folder);
        };
    }

    public boolean inOutbox(String receiver, String trackingId) {
        return Files.exists(outboxFile(receiver, trackingId, "json"));
    }

    public JsonNode readJsonText(String text) {
        return json.readTree(text);
    }

    public JsonNode readJson(Path file) {
        try {
            return json.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- what operators see

    /** How many messages wait on a hub queue, as the operators' console API tells (operators read no documents). */
    public long queueDepth(String queue) {
        return get("operator", "/api/v1/operator/queues").json().valueStream().filter(state -> queue.equals(state.path("name").asString()))
                .findFirst().orElseThrow(() -> new AssertionError("no queue " + queue)).path("depth").asLong();
    }

    /** Every queue of the hub's broker, as the operators' console API lists them. */
    public List<String> queueNames() {
        return get("operator", "/api/v1/operator/queues").json().valueStream().map(state -> state.path("name").asString()).toList();
    }

    /** A document's state as an operator sees it (received, accepted, delivered...); empty when the hub does not know it. */
    public Optional<String> documentState(String trackingId) {
        Answer answer = get("operator", "/api/v1/documents/" + trackingId);
        return answer.status() == 200 ? Optional.of(answer.json().path("state").asString()) : Optional.empty();
    }

    // ---------------------------------------------------------------- JMS

    /** Sends a text message to a queue as the given broker user; returns its JMS message id. */
    public String sendJms(String user, String queue, String body) {
        return sendJms(user, queue, body, Map.of());
    }

    public String sendJms(String user, String queue, String body, Map<String, String> properties) {
        try (Session session = connection(user).createSession(false, Session.AUTO_ACKNOWLEDGE);
             MessageProducer producer = session.createProducer(session.createQueue(queue))) {
            TextMessage message = session.createTextMessage(body);
            for (Map.Entry<String, String> property : properties.entrySet()) {
                message.setStringProperty(property.getKey(), property.getValue());
            }
            producer.send(message);
            return message.getJMSMessageID();
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Something that makes a JMS message of any kind in a session. */
    public interface MessageMaker {
        Message make(Session session) throws JMSException;
    }

    /** Sends the message the maker makes to a queue as the given broker user; returns its JMS message id. */
    public String sendMessage(String user, String queue, MessageMaker maker) {
        try (Session session = connection(user).createSession(false, Session.AUTO_ACKNOWLEDGE);
             MessageProducer producer = session.createProducer(session.createQueue(queue))) {
            Message message = maker.make(session);
            producer.send(message);
            return message.getJMSMessageID();
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends a document to the partner's inbox queue as that partner. */
    public String sendDocument(String partner, String document) {
        return sendJms(partner, "partner." + partner + ".inbox", document);
    }

    /** Sends a document to the partner's inbox queue, trying again while the broker is away (a hub killed and restarted). */
    public void sendDocumentUntilSent(String partner, String document) throws InterruptedException {
        while (true) {
            try {
                sendDocument(partner, document);
                return;
            } catch (RuntimeException brokerDown) {
                forget(partner);
            }
            Thread.sleep(200);
        }
    }

    /**
     * Sends a document to the partner's inbox queue the way a bulk sender does: streamed, the broker confirming
     * asynchronously instead of each send waiting for its disk sync. Any number of threads may stream.
     */
    public void streamDocument(String partner, String document) {
        stream(partner, "partner." + partner + ".inbox", document, Map.of());
    }

    /** Streams a persistent text message to a queue as the given broker user (see {@link #streamDocument}). */
    public void stream(String user, String queue, String body, Map<String, String> properties) {
        StreamingProducer stream = streams.computeIfAbsent(user + "\n" + queue, key -> new StreamingProducer(user, queue));
        try {
            stream.send(body, properties);
        } catch (JMSException e) {
            throw new IllegalStateException("cannot stream to " + queue, e);
        }
    }

    /** One producer on a streaming connection; its session is used by one thread at a time. */
    private final class StreamingProducer {
        private final Session session;
        private final MessageProducer producer;

        StreamingProducer(String user, String queue) {
            try {
                Connection connection = streamingConnections.computeIfAbsent(user, name -> {
                    ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(brokerUrl(), name, HubTestConfiguration.password(name));
                    factory.setBlockOnDurableSend(false);
                    factory.setConfirmationWindowSize(1024 * 1024);
                    try {
                        return factory.createConnection();
                    } catch (JMSException e) {
                        throw new IllegalStateException("cannot connect as " + name, e);
                    }
                });
                session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                producer = session.createProducer(session.createQueue(queue));
                producer.setDeliveryMode(jakarta.jms.DeliveryMode.PERSISTENT);
            } catch (JMSException e) {
                throw new IllegalStateException(e);
            }
        }

        synchronized void send(String body, Map<String, String> properties) throws JMSException {
            TextMessage message = session.createTextMessage(body);
            for (Map.Entry<String, String> property : properties.entrySet()) {
                message.setStringProperty(property.getKey(), property.getValue());
            }
            producer.send(message);
        }
    }

    /** Takes every receipt waiting on a partner's receipts queue; none when the connection went stale (it is dropped). */
    public List<JsonNode> takeJmsReceipts(String partner) {
        try {
            return drain(partner, "partner." + partner + ".receipts").stream().map(json::readTree).toList();
        } catch (RuntimeException staleConnection) {
            forget(partner); // a connection to a hub that was killed since: the next call reconnects
            return List.of();
        }
    }

    /** Takes every message from a queue as the given user and returns their bodies (text messages). */
    public List<String> drain(String user, String queue) {
        List<String> bodies = new ArrayList<>();
        try (Session session = connection(user).createSession(false, Session.AUTO_ACKNOWLEDGE);
             MessageConsumer consumer = session.createConsumer(session.createQueue(queue))) {
            Message message = consumer.receive(2000);
            while (message != null) {
                bodies.add(text(message));
                message = consumer.receive(500);
            }
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
        return bodies;
    }

    /**
     * The receivers taking every delivery from their queues and folders as it comes, and the partners their
     * receipts, counting each (see {@link DeliveryCount}); closed by the caller.
     */
    public DeliveryCount countDeliveries(Map<String, java.util.Set<String>> receiversBySender) {
        return new DeliveryCount(this, receiversBySender);
    }

    /** Waits for the receipt that answers the given message on the partner's receipts queue. */
    public JsonNode awaitJmsReceipt(String partner, String messageId) {
        return receive(partner, "partner." + partner + ".receipts", "JMSCorrelationID = '" + messageId + "'", PATIENCE)
                .map(this::text).map(json::readTree)
                .orElseThrow(() -> new AssertionError("no receipt for " + messageId + " on partner." + partner + ".receipts"));
    }

    /** Receives one message from a queue as the given user, matching the selector, or nothing within the wait. */
    public Optional<Message> receive(String user, String queue, String selector, Duration wait) {
        try (Session session = connection(user).createSession(false, Session.AUTO_ACKNOWLEDGE);
             MessageConsumer consumer = session.createConsumer(session.createQueue(queue), selector)) {
            return Optional.ofNullable(consumer.receive(wait.toMillis()));
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Receives every message for a document on a receiver's queue, waiting a little for late ones. */
    public List<JsonNode> receiveAll(String user, String queue, String trackingId, Duration wait) {
        List<JsonNode> messages = new ArrayList<>();
        Optional<Message> message = receive(user, queue, "hubTrackingId = '" + trackingId + "'", wait);
        while (message.isPresent()) {
            messages.add(json.readTree(text(message.get())));
            message = receive(user, queue, "hubTrackingId = '" + trackingId + "'", Duration.ofMillis(300));
        }
        return messages;
    }

    /** The one delivery of a document on a receiver's queue. */
    public JsonNode receiveDelivery(String user, String queue, String trackingId) {
        return receive(user, queue, "hubTrackingId = '" + trackingId + "'", PATIENCE)
                .map(this::text).map(json::readTree)
                .orElseThrow(() -> new AssertionError("no delivery of " + trackingId + " on " + queue));
    }

    public String text(Message message) {
        try {
            return ((TextMessage) message).getText();
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Closes the JMS connection of a user (one to a hub that was killed, say); the next use opens a new one. */
    public void forget(String user) {
        Connection connection = connections.remove(user);
        if (connection != null) {
            try {
                connection.close();
            } catch (JMSException | RuntimeException alreadyBroken) {
                // nothing to close
            }
        }
    }

    /** Closes every JMS connection this client opened. */
    public void closeConnections() {
        List.copyOf(connections.keySet()).forEach(this::forget);
        streams.clear();
        for (String user : List.copyOf(streamingConnections.keySet())) {
            try {
                streamingConnections.remove(user).close();
            } catch (JMSException | RuntimeException alreadyBroken) {
                // nothing to close
            }
        }
    }

    /** A JMS connection as the given broker user (kept open for the test run). */
    public Connection connection(String user) {
        return connections.computeIfAbsent(user, name -> {
            try {
                Connection connection = new ActiveMQConnectionFactory(brokerUrl(), name, HubTestConfiguration.password(name))
                        .createConnection();
                connection.start();
                return connection;
            } catch (JMSException e) {
                throw new IllegalStateException("cannot connect as " + name, e);
            }
        });
    }
}
