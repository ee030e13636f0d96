package be.randhub.crash;

import java.io.IOException;
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
import java.util.Set;
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

import be.randhub.support.HubProcess;
import be.randhub.support.HubTestConfiguration;
import be.randhub.support.TestDocuments;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Partners and receivers as the crash tests see them: they send through all three channels and keep trying a
 * document until the hub has acknowledged it (a 202 or 200, a sent JMS message, a file in place); afterwards they
 * collect receipts and count what arrived where.
 */
final class Partners {

    /** One document as sent: by whom, which way, and who must receive it. */
    record Sent(String documentId, String partner, String way, String json, List<String> receivers) {

        static Sent of(TestDocuments.Doc document, String partner, String way, List<String> receivers) {
            return new Sent(document.documentId(), partner, way, document.json(), receivers);
        }
    }

    private final HubProcess hub;
    private final JsonMapper json = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** documentId -> the tracking ids the hub answered with (must end up exactly one). */
    final Map<String, Set<String>> acknowledged = new ConcurrentHashMap<>();

    Partners(HubProcess hub) {
        this.hub = hub;
    }

    // ------------------------------------------------------------ sending, until acknowledged

    void sendOverHttp(Sent document) throws InterruptedException {
        while (true) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(hub.uri("/api/v1/documents"))
                        .timeout(Duration.ofSeconds(10))
                        .header("Authorization", basic(document.partner()))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(document.json())).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 202 || response.statusCode() == 200) {
                    acknowledge(document.documentId(), json.readTree(response.body()).path("trackingId").asString());
                    return;
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

    void drop(Sent document) throws IOException {
        Path folder = hub.dataDir().resolve("inbox").resolve(document.partner());
        Files.createDirectories(folder);
        Path hidden = folder.resolve("." + document.documentId() + ".part");
        Files.writeString(hidden, document.json());
        Files.move(hidden, folder.resolve(document.documentId() + ".json"), StandardCopyOption.ATOMIC_MOVE);
    }

    private final Map<String, Connection> connections = new ConcurrentHashMap<>();

    void sendOverJms(Sent document) throws InterruptedException {
        while (true) {
            try {
                Connection connection = connection(document.partner());
                try (Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                     MessageProducer producer = session.createProducer(session.createQueue("partner." + document.partner() + ".inbox"))) {
                    producer.send(session.createTextMessage(document.json()));
                    return;
                }
            } catch (JMSException | RuntimeException brokerDown) {
                dropConnection(document.partner());
            }
            Thread.sleep(200);
        }
    }

    // ------------------------------------------------------------ what came back, and what arrived

    void acknowledge(String documentId, String trackingId) {
        acknowledged.computeIfAbsent(documentId, id -> ConcurrentHashMap.newKeySet()).add(trackingId);
    }

    /** Reads every receipt a partner got in its receipts folder (file drops). */
    void collectFileReceipts(String partner) throws IOException {
        Path folder = hub.dataDir().resolve("outbox").resolve(partner).resolve("receipts");
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".receipt.json")).toList()) {
                recordReceipt(json.readTree(Files.readString(file)));
            }
        }
    }

    /** Takes every receipt waiting on a partner's receipts queue (JMS). */
    void collectJmsReceipts(String partner) {
        try {
            for (String text : drain(partner, "partner." + partner + ".receipts")) {
                recordReceipt(json.readTree(text));
            }
        } catch (JMSException | RuntimeException staleConnection) {
            dropConnection(partner); // a connection to a hub that was killed since: the next round reconnects
        }
    }

    private void recordReceipt(JsonNode receipt) {
        String status = receipt.path("status").asString();
        if (!status.equals("accepted") && !status.equals("duplicate")) {
            throw new AssertionError("a receipt the crash test did not expect: " + receipt);
        }
        acknowledge(receipt.path("documentId").asString(), receipt.path("trackingId").asString());
    }

    /** Takes every message from a queue as the given user and returns their bodies. */
    List<String> drain(String user, String queue) throws JMSException {
        List<String> bodies = new ArrayList<>();
        try (Session session = connection(user).createSession(false, Session.AUTO_ACKNOWLEDGE);
             MessageConsumer consumer = session.createConsumer(session.createQueue(queue))) {
            Message message = consumer.receive(2000);
            while (message != null) {
                bodies.add(((TextMessage) message).getText());
                message = consumer.receive(500);
            }
        }
        return bodies;
    }

    /** How many messages wait on a hub queue, as the operator's console API tells (operators read no documents). */
    long queueDepth(String queue) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(hub.uri("/api/v1/operator/queues"))
                .header("Authorization", basic("operator")).GET().build(), HttpResponse.BodyHandlers.ofString());
        return json.readTree(response.body()).valueStream().filter(state -> queue.equals(state.path("name").asString()))
                .findFirst().orElseThrow(() -> new AssertionError("no queue " + queue)).path("depth").asLong();
    }

    /** The delivery files in a receiver's folder, parsed. */
    List<JsonNode> deliveredFiles(String receiver) throws IOException {
        Path folder = hub.dataDir().resolve("outbox").resolve(receiver);
        List<JsonNode> deliveries = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("[0-9a-f-]{36}\\.json")).toList()) {
                deliveries.add(json.readTree(Files.readString(file)));
            }
        }
        return deliveries;
    }

    /** The state an operator sees for a document. */
    Optional<String> state(String trackingId) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(hub.uri("/api/v1/documents/" + trackingId))
                .header("Authorization", basic("operator")).GET().build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? Optional.of(json.readTree(response.body()).path("state").asString()) : Optional.empty();
    }

    /**
     * Closes the open agency feed as the operator (the close marker queues behind every entry sent before it) and
     * returns the close id.
     */
    String askToCloseAgencyFeed() throws Exception {
        HttpResponse<String> closing = http.send(HttpRequest.newBuilder(hub.uri("/api/v1/feeds/agency"))
                .header("Authorization", basic("operator")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        return json.readTree(closing.body()).path("closeId").asString();
    }

    /** Closes the open agency feed as the operator and returns it, once the hub has built it. */
    JsonNode closeAgencyFeed() throws Exception {
        String closeId = askToCloseAgencyFeed();
        return org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> {
            HttpResponse<String> feeds = http.send(HttpRequest.newBuilder(hub.uri("/api/v1/feeds/agency"))
                    .header("Authorization", basic("agency")).GET().build(), HttpResponse.BodyHandlers.ofString());
            return json.readTree(feeds.body()).path("feeds").valueStream()
                    .filter(feed -> feed.path("feedId").asString().equals(closeId)).findFirst();
        }, Optional::isPresent).orElseThrow();
    }

    JsonNode parse(String text) {
        return json.readTree(text);
    }

    void closeConnections() {
        connections.keySet().forEach(this::dropConnection);
    }

    private Connection connection(String user) {
        return connections.computeIfAbsent(user, name -> {
            try {
                Connection connection = new ActiveMQConnectionFactory(hub.brokerUrl(), name, HubTestConfiguration.password(name))
                        .createConnection();
                connection.start();
                return connection;
            } catch (JMSException e) {
                throw new IllegalStateException("cannot connect as " + name + ": " + e.getMessage(), e);
            }
        });
    }

    private void dropConnection(String user) {
        Connection connection = connections.remove(user);
        if (connection != null) {
            try {
                connection.close();
            } catch (JMSException ignored) {
                // already broken
            }
        }
    }

    static String basic(String user) {
        String credentials = user + ":" + HubTestConfiguration.password(user);
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }
}
