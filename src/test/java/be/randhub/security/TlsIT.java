package be.randhub.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import javax.net.ssl.SSLContext;

import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import be.randhub.support.HubProcess;
import be.randhub.support.HubTestConfiguration;
import be.randhub.support.TestCertificates;
import be.randhub.support.TestDocuments;

import tools.jackson.databind.json.JsonMapper;

/**
 * TLS on both doors, as the README documents it: HTTPS with server.ssl.*, and the partners' JMS acceptor with
 * HUB_BROKER_TLS, using a key store the test generates with the JDK's keytool. Plain connections are refused.
 */
class TlsIT {

    static final String STORE_PASSWORD = "tls-test-secret";
    static TestCertificates certificates;
    static HubProcess hub;
    static SSLContext trusting;

    @BeforeAll
    static void hubWithTls() throws Exception {
        Path folder = Files.createDirectories(Path.of("target", "tls").toAbsolutePath().resolve(String.valueOf(System.nanoTime())));
        certificates = TestCertificates.create(folder, STORE_PASSWORD);
        trusting = certificates.trustingContext();
        hub = new HubProcess(folder, Map.of(
                "SERVER_SSL_ENABLED", "true",
                "SERVER_SSL_KEY_STORE", certificates.keyStore().toString(),
                "SERVER_SSL_KEY_STORE_PASSWORD", STORE_PASSWORD,
                "SERVER_SSL_KEY_STORE_TYPE", "PKCS12",
                "HUB_BROKER_TLS", "true",
                "HUB_BROKER_KEY_STORE", certificates.keyStore().toString(),
                "HUB_BROKER_KEY_STORE_PASSWORD", STORE_PASSWORD), trusting);
        hub.start();
    }

    @AfterAll
    static void stop() throws Exception {
        hub.close();
    }

    @Test
    void documentsAreTakenInOverHttps() throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(trusting).build();
        HttpResponse<String> answer = client.send(HttpRequest.newBuilder(hub.uri("/api/v1/documents"))
                .header("Authorization", basic("riso")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(TestDocuments.feedbackReport("riso", "23098").json())).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(202);
        assertThat(answer.headers().firstValue("Strict-Transport-Security")).isPresent();
    }

    @Test
    void plainHttpGetsNothingFromTheTlsPort() throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        java.net.URI.create("http://localhost:" + hub.httpPort() + "/api/v1/schemas"))
                .header("Authorization", basic("riso")).timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("requires TLS").doesNotContain("referral");
    }

    @Test
    void partnersSendOverJmsWithTls() throws Exception {
        String url = "tcp://localhost:" + hub.brokerPort() + "?" + certificates.artemisTrustParameters();
        try (Connection connection = new ActiveMQConnectionFactory(url, "riso", HubTestConfiguration.password("riso")).createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            connection.start();
            MessageProducer producer = session.createProducer(session.createQueue("partner.riso.inbox"));
            TextMessage message = session.createTextMessage(TestDocuments.feedbackReport("riso", "23098").json());
            producer.send(message);
            MessageConsumer receipts = session.createConsumer(session.createQueue("partner.riso.receipts"),
                    "JMSCorrelationID = '" + message.getJMSMessageID() + "'");
            TextMessage receipt = (TextMessage) receipts.receive(20_000);
            assertThat(JsonMapper.builder().build().readTree(receipt.getText()).path("status").asString()).isEqualTo("accepted");
        }
    }

    @Test
    void plainJmsIsRefusedOnTheTlsAcceptor() {
        String url = "tcp://localhost:" + hub.brokerPort() + "?callTimeout=3000&initialConnectAttempts=1";
        assertThatThrownBy(() -> {
            try (Connection connection = new ActiveMQConnectionFactory(url, "riso", HubTestConfiguration.password("riso")).createConnection()) {
                connection.start();
            }
        }).isInstanceOf(jakarta.jms.JMSException.class);
    }

    private static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + HubTestConfiguration.password(user)).getBytes(StandardCharsets.UTF_8));
    }
}
