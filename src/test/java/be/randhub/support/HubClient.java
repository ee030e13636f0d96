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
    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<String, Connection> connections = new ConcurrentHashMap<>();

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

    public Path dataDir() {
        return dataDir;
    }

    public String brokerUrl() {
        return brokerUrl;
    }

    // ---------------------------------------------------------------- HTTP

    /** An HTTP answer: status, content type and body (parsed when it is JSON). */
    public record Answer(int status, String contentType, String body, JsonNode json) {
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
            HttpResponse<String> response = http.send(authenticated(user, request).build(), HttpResponse.BodyHandlers.ofString());
            String type = response.headers().firstValue("Content-Type").orElse("");
            JsonNode body = type.contains("json") && !response.body().isEmpty() ? json.readTree(response.body()) : null;
            return new Answer(response.statusCode(), type, response.body(), body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpRequest.Builder authenticated(String user, HttpRequest.Builder request) {
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
