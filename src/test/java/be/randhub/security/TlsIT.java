package be.randhub.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

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
import be.randhub.support.TestDocuments;

import tools.jackson.databind.json.JsonMapper;

/**
 * TLS on both doors, as the README documents it: HTTPS with server.ssl.*, and the partners' JMS acceptor with
 * HUB_BROKER_TLS, using a key store the test generates with the JDK's keytool. Plain connections are refused.
 */
class TlsIT {

    static final String STORE_PASSWORD = "tls-test-secret";
    static Path keyStore;
    static Path trustStore;
    static HubProcess hub;
    static SSLContext trusting;

    @BeforeAll
    static void hubWithTls() throws Exception {
        Path folder = Files.createDirectories(Path.of("target", "tls").toAbsolutePath().resolve(String.valueOf(System.nanoTime())));
        keyStore = folder.resolve("hub.p12");
        trustStore = folder.resolve("trust.p12");
        keytool("-genkeypair", "-alias", "hub", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-keystore", keyStore.toString(), "-storetype", "PKCS12",
                "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD);
        Path certificate = folder.resolve("hub.crt");
        keytool("-exportcert", "-alias", "hub", "-keystore", keyStore.toString(), "-storepass", STORE_PASSWORD, "-file", certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", "hub", "-file", certificate.toString(), "-keystore", trustStore.toString(),
                "-storetype", "PKCS12", "-storepass", STORE_PASSWORD);
        trusting = sslContext();
        hub = new HubProcess(folder, Map.of(
                "SERVER_SSL_ENABLED", "true",
                "SERVER_SSL_KEY_STORE", keyStore.toString(),
                "SERVER_SSL_KEY_STORE_PASSWORD", STORE_PASSWORD,
                "SERVER_SSL_KEY_STORE_TYPE", "PKCS12",
                "HUB_BROKER_TLS", "true",
                "HUB_BROKER_KEY_STORE", keyStore.toString(),
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
        String url = "tcp://localhost:" + hub.brokerPort() + "?sslEnabled=true&verifyHost=true&trustStoreType=PKCS12&trustStorePath="
                + trustStore + "&trustStorePassword=" + STORE_PASSWORD;
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

    private static SSLContext sslContext() throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(trustStore)) {
            trusted.load(in, STORE_PASSWORD.toCharArray());
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    private static void keytool(String... arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
    }
}
