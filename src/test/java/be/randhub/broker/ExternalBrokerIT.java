package be.randhub.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.awaitility.Awaitility;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import be.randhub.support.HubProcess;
import be.randhub.support.HubTestConfiguration;
import be.randhub.support.ManagementRequests;
import be.randhub.support.TestCertificates;
import be.randhub.support.TestDocuments;
import be.randhub.support.TestDocuments.Doc;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The packaged hub with the external-broker profile against a real standalone Artemis (the 2.40.0 distribution,
 * created and started with docker/artemis/standalone-broker as the README says), over TLS as a broker on another
 * machine would be reached: the hub provisions its queues and rights on it, partners log in to that broker,
 * documents reach their receivers through it, and operators see it as they see the embedded one.
 */
class ExternalBrokerIT {

    static final String HUB_PASSWORD = "external-broker-test-secret";
    static final String STORE_PASSWORD = "broker-tls-test-secret";
    static final List<String> PARTNERS = List.of("kanak", "riso", "de-rand", "agency", "learning-network");
    static final JsonMapper JSON = JsonMapper.builder().build();

    static Path broker;
    static TestCertificates certificates;
    static int port;
    static String url;
    static HubProcess hub;

    @BeforeAll
    static void standaloneBrokerAndHub() throws Exception {
        Path folder = Files.createDirectories(Path.of("target", "external-broker").toAbsolutePath()
                .resolve(String.valueOf(System.nanoTime())));
        broker = folder.resolve("broker");
        certificates = TestCertificates.create(folder, STORE_PASSWORD);
        port = freePort();
        url = "tcp://127.0.0.1:" + port + "?" + certificates.artemisTrustParameters();
        script("create", broker.toString(), String.valueOf(port));
        for (String partner : PARTNERS) {
            script("user", broker.toString(), partner, HubTestConfiguration.password(partner), partner);
        }
        script("user", broker.toString(), "operator", HubTestConfiguration.password("operator"), "operator");
        script("start", broker.toString());
        // with the profiles the suite runs under (postgres in CI's second run), plus this one
        String profiles = System.getenv().getOrDefault("SPRING_PROFILES_ACTIVE", "");
        hub = new HubProcess(folder, Map.of(
                "SPRING_PROFILES_ACTIVE", profiles.isBlank() ? "external-broker" : profiles + ",external-broker",
                "HUB_BROKER_URL", url,
                "HUB_BROKER_PASSWORD", HUB_PASSWORD));
        hub.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (hub != null) {
            hub.close();
        }
        if (broker != null) {
            script("stop", broker.toString());
        }
    }

    @Test
    void aReferralSentToTheStandaloneBrokerReachesTheAgencyAndTheTargetPartner() throws Exception {
        Doc referral = TestDocuments.referral("kanak", "de-rand");

        JsonNode receipt = send("kanak", referral.json());
        String trackingId = receipt.path("trackingId").asString();

        assertThat(receipt.path("status").asString()).as(receipt.toString()).isEqualTo("accepted");
        assertThat(receive("agency", "agency.inbox", trackingId).at("/document/documentId").asString())
                .isEqualTo(referral.documentId());
        assertThat(receive("de-rand", "partner.de-rand.outbox", trackingId).at("/document/documentId").asString())
                .isEqualTo(referral.documentId());
    }

    /** As on the embedded broker: an operator reads queue figures through management, and no message. */
    @Test
    void operatorsReadQueueFiguresAndNoDocuments() throws Exception {
        try (Connection connection = connect("operator")) {
            connection.start();
            assertThat(ManagementRequests.manage(connection, ResourceNames.QUEUE + "hub.delivery", "getMessageCount")).isTrue();
            assertThat(ManagementRequests.manage(connection, ResourceNames.QUEUE + "partner.de-rand.outbox", "listMessages", ""))
                    .isFalse();
            assertThat(ManagementRequests.manage(connection, ResourceNames.BROKER, "destroyQueue", "hub.tracking")).isFalse();
            try (Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
                assertThatThrownBy(() -> session.createBrowser(session.createQueue("agency.inbox")).getEnumeration())
                        .isInstanceOf(JMSSecurityException.class);
            }
        }
    }

    @Test
    void theBrokerRefusesAPartnerOnAnotherPartnersInbox() throws Exception {
        try (Connection connection = connect("riso"); Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            assertThatThrownBy(() -> session.createProducer(session.createQueue("partner.kanak.inbox"))
                    .send(session.createTextMessage(TestDocuments.feedbackReport("riso", "23098").json())))
                    .isInstanceOf(JMSSecurityException.class);
        }
    }

    @Test
    void theBrokerTakesTlsConnectionsOnlyAndTheHubKeepsTheTrustStorePasswordOutOfItsLog() throws Exception {
        String plain = "tcp://127.0.0.1:" + port + "?callTimeout=3000&initialConnectAttempts=1";
        assertThatThrownBy(() -> {
            try (Connection connection = new ActiveMQConnectionFactory(plain, "riso", HubTestConfiguration.password("riso")).createConnection()) {
                connection.start();
            }
        }).isInstanceOf(JMSException.class);
        assertThat(hub.log()).anyMatch(line -> line.contains("External broker tcp://127.0.0.1:" + port) && line.contains("trustStorePassword=***"))
                .noneMatch(line -> line.contains(STORE_PASSWORD));
    }

    @Test
    void aRestartedHubProvisionsAgainAndLosesNothingWaitingOnTheBroker() throws Exception {
        Doc report = TestDocuments.feedbackReport("riso", "23098");
        String trackingId = send("riso", report.json()).path("trackingId").asString();

        hub.close();
        hub.start();

        assertThat(receive("learning-network", "learning-network.inbox", trackingId).at("/document/documentId").asString())
                .isEqualTo(report.documentId());
        assertThat(send("riso", TestDocuments.feedbackReport("riso", "23098").json()).path("status").asString())
                .isEqualTo("accepted");
    }

    @Test
    void operatorsSeeTheStandaloneBrokerReadyAndItsQueues() throws Exception {
        Doc report = TestDocuments.feedbackReport("riso", "23098");
        String trackingId = send("riso", report.json()).path("trackingId").asString();

        HttpResponse<String> readiness = operatorGet("/actuator/health/readiness");

        assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(200);
        assertThat(JSON.readTree(readiness.body()).at("/components/broker/status").asString()).isEqualTo("UP");
        // the delivery waits on the standalone broker's queue, and the console says so
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> learningNetworkInboxDepth() > 0);
        receive("learning-network", "learning-network.inbox", trackingId);
    }

    private static long learningNetworkInboxDepth() throws Exception {
        return JSON.readTree(operatorGet("/api/v1/operator/queues").body()).valueStream()
                .filter(queue -> queue.path("name").asString().equals("learning-network.inbox"))
                .mapToLong(queue -> queue.path("depth").asLong()).findFirst().orElse(-1);
    }

    private static HttpResponse<String> operatorGet(String path) throws Exception {
        String credentials = Base64.getEncoder().encodeToString(
                ("operator:" + HubTestConfiguration.password("operator")).getBytes(StandardCharsets.UTF_8));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(hub.uri(path)).header("Authorization", "Basic " + credentials)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends a document as a partner on its inbox and waits for the hub's receipt. */
    private static JsonNode send(String partner, String document) throws Exception {
        try (Connection connection = connect(partner); Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            connection.start();
            TextMessage message = session.createTextMessage(document);
            session.createProducer(session.createQueue("partner." + partner + ".inbox")).send(message);
            MessageConsumer receipts = session.createConsumer(session.createQueue("partner." + partner + ".receipts"),
                    "JMSCorrelationID = '" + message.getJMSMessageID() + "'");
            TextMessage receipt = (TextMessage) receipts.receive(30_000);
            assertThat(receipt).as("a receipt for " + partner).isNotNull();
            return JSON.readTree(receipt.getText());
        }
    }

    /** The delivery of a document on a receiver's queue, taken as that receiver. */
    private static JsonNode receive(String receiver, String queue, String trackingId) throws Exception {
        try (Connection connection = connect(receiver); Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            connection.start();
            MessageConsumer consumer = session.createConsumer(session.createQueue(queue), "hubTrackingId = '" + trackingId + "'");
            TextMessage delivery = (TextMessage) consumer.receive(30_000);
            assertThat(delivery).as("the delivery of " + trackingId + " on " + queue).isNotNull();
            return JSON.readTree(delivery.getText());
        }
    }

    private static Connection connect(String user) throws Exception {
        return new ActiveMQConnectionFactory(url, user, HubTestConfiguration.password(user)).createConnection();
    }

    private static void script(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", Path.of("docker", "artemis", "standalone-broker").toAbsolutePath().toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("ARTEMIS_HOME", System.getProperty("artemis.home", "target/artemis/apache-artemis-2.40.0"));
        builder.environment().put("HUB_BROKER_PASSWORD", HUB_PASSWORD);
        builder.environment().put("BROKER_KEY_STORE", certificates.keyStore().toString());
        builder.environment().put("BROKER_KEY_STORE_PASSWORD", STORE_PASSWORD);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as("standalone-broker " + String.join(" ", arguments) + ": " + output).isZero();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
