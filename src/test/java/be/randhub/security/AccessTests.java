package be.randhub.security;

import static be.randhub.support.TestPartners.KANAK;
import static be.randhub.support.TestPartners.RISO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Reader;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import jakarta.jms.Connection;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Session;

import org.apache.activemq.artemis.api.core.ActiveMQSecurityException;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

import be.randhub.support.FromAddress;
import be.randhub.support.HubClient;
import be.randhub.support.HubTest;
import be.randhub.support.HubTestConfiguration;

/**
 * The access matrix, tried with real clients: a partner cannot touch another's queues, the receivers' queues or
 * the broker's topology; nothing answers without credentials but liveness; repeated wrong passwords lock a user
 * out from their address on HTTP and on the broker, and no answer asks a browser for Basic credentials.
 */
@HubTest
class AccessTests {

    @Autowired
    HubClient hub;

    @Test
    void aPartnerCannotConsumeTheAgencysQueue() {
        assertThatThrownBy(() -> hub.receive(KANAK, "agency.inbox", null, java.time.Duration.ofMillis(100)))
                .hasCauseInstanceOf(JMSSecurityException.class).hasMessageContaining("permission='CONSUME'");
    }

    @Test
    void aPartnerCannotReadAnotherPartnersReceiptsOrOutbox() {
        assertThatThrownBy(() -> hub.receive(KANAK, "partner.riso.receipts", null, java.time.Duration.ofMillis(100)))
                .hasCauseInstanceOf(JMSSecurityException.class);
        assertThatThrownBy(() -> hub.receive(KANAK, "partner.riso.outbox", null, java.time.Duration.ofMillis(100)))
                .hasCauseInstanceOf(JMSSecurityException.class);
    }

    @Test
    void aPartnerCannotCreateAQueue() throws Exception {
        try (ServerLocator locator = ActiveMQClient.createServerLocator(hub.brokerUrl());
             ClientSessionFactory factory = locator.createSessionFactory();
             ClientSession session = factory.createSession(KANAK, HubTestConfiguration.password(KANAK), false, true, true, false, 1)) {
            assertThatThrownBy(() -> session.createQueue(QueueConfiguration.of("kanak.private").setAddress("kanak.private")
                    .setRoutingType(RoutingType.ANYCAST).setDurable(true)))
                    .isInstanceOf(ActiveMQSecurityException.class).hasMessageContaining("does not have permission");
        }
    }

    @Test
    void receiversCannotSendIntoPartnerInboxes() {
        assertThatThrownBy(() -> hub.sendJms("agency", "partner.kanak.inbox", "{}"))
                .hasCauseInstanceOf(JMSSecurityException.class).hasMessageContaining("permission='SEND'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/documents/01a22642-c72e-71e5-a8e8-d395f1596f3e", "/api/v1/schemas", "/api/v1/schemas/referral",
            "/api/v1/attachments/" + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "/api/v1/referrals/kanak/x",
            "/api/v1/feeds/agency", "/api/v1/privacy/erasures", "/actuator/health", "/actuator/info",
            "/", "/api/v1/operator/routes", "/api/v1/operator/dead-letters", "/error"})
    void nothingAnswersWithoutCredentials(String path) {
        assertThat(hub.get(null, path).status()).isEqualTo(401);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/console/", "/console/index.html", "/console/console.js"})
    void theConsoleSendsStrangersToItsLoginPage(String path) {
        HubClient.Answer browser = hub.send(null, HttpRequest.newBuilder(hub.uri(path)).header("Accept", "text/html").GET());
        HubClient.Answer script = hub.get(null, path);

        assertThat(browser.status()).isEqualTo(302);
        assertThat(browser.body()).doesNotContain("dead-letters");
        assertThat(script.status()).isEqualTo(401);
    }

    @Test
    void livenessAnswersEveryone() {
        assertThat(hub.get(null, "/actuator/health/liveness").status()).isEqualTo(200);
    }

    /** Load balancers ask without credentials: they learn UP or DOWN, nothing of what is behind it. */
    @ParameterizedTest
    @ValueSource(strings = {"/actuator/health/readiness", "/actuator/health/liveness"})
    void probesAnswerTheirStatusToEveryoneAndTheirPartsOnlyToOperators(String path) {
        for (String caller : java.util.Arrays.asList(null, RISO)) {
            HubClient.Answer answer = hub.get(caller, path);
            assertThat(answer.status()).as(caller + " " + path).isEqualTo(200);
            assertThat(answer.json().path("status").asString()).isEqualTo("UP");
            assertThat(answer.json().properties()).as(caller + " " + path).extracting(java.util.Map.Entry::getKey).containsExactly("status");
        }
        assertThat(hub.get("operator", "/actuator/health/readiness").json().path("components").path("db").path("status").asString())
                .isEqualTo("UP");
    }

    @Test
    void operatorEndpointsRefusePartners() {
        for (String path : List.of("/actuator/health", "/actuator/info", "/api/v1/privacy/erasures")) {
            assertThat(hub.get(RISO, path).status()).as(path).isEqualTo(403);
        }
    }

    @Test
    void answersCarrySecurityHeaders() {
        var response = hub.getBytes(RISO, "/api/v1/schemas");

        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(response.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp).contains("frame-ancestors 'none'"));
        assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(response.headers().firstValue("Cache-Control")).hasValueSatisfying(cache -> assertThat(cache).contains("no-store"));
    }

    /**
     * Five wrong passwords in a row from one address lock that user out from that address, on HTTP and on the
     * broker, with an answer no different from a wrong password's; from another address the user still logs in.
     * (The lock-out used to say "too many failed logins", which told a real user from a made-up one.)
     */
    @Test
    void repeatedWrongPasswordsLockTheUserOutFromThatAddressOnHttpAndTheBroker() throws Exception {
        String user = "ocmw-linkebeek";
        String password = generatedPassword(user);
        String attacker = "127.0.0.20";
        int port = hub.uri("").getPort();
        FromAddress.Raw wrong = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            wrong = FromAddress.http(attacker, port, FromAddress.get("/api/v1/schemas",
                    Map.of("Authorization", FromAddress.basic(user, "wrong-" + attempt))));
            assertThat(wrong.status()).isEqualTo(401);
        }

        FromAddress.Raw locked = FromAddress.http(attacker, port, FromAddress.get("/api/v1/schemas",
                Map.of("Authorization", FromAddress.basic(user, password))));

        assertThat(locked.status()).isEqualTo(401);
        assertThat(locked.body()).isEqualTo(wrong.body());
        try (ServerLocator locator = FromAddress.broker(hub.brokerUrl(), attacker); ClientSessionFactory factory = locator.createSessionFactory()) {
            assertThatThrownBy(() -> factory.createSession(user, password, false, true, true, false, 1).close())
                    .isInstanceOf(ActiveMQSecurityException.class);
        }
        assertThat(basic(user, password).status()).as("the same user from its own address").isEqualTo(200);
        try (Connection connection = new ActiveMQConnectionFactory(hub.brokerUrl(), user, password).createConnection()) {
            connection.createSession(false, Session.AUTO_ACKNOWLEDGE).close();
        }
    }

    @Test
    void noAnswerAsksABrowserForBasicCredentials() {
        for (String path : List.of("/api/v1/schemas", "/api/v1/operator/routes", "/error")) {
            var response = hub.getBytes(null, path);
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().allValues("WWW-Authenticate")).as(path)
                    .noneMatch(challenge -> challenge.trim().toLowerCase(java.util.Locale.ROOT).matches("^basic(\\s.*)?$"));
        }
    }

    private HubClient.Answer basic(String user, String password) {
        return hub.send(null, HttpRequest.newBuilder(hub.uri("/api/v1/schemas"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes())));
    }

    private String generatedPassword(String user) throws Exception {
        Properties generated = new Properties();
        try (Reader reader = Files.newBufferedReader(hub.dataDir().resolve("secrets").resolve("initial-credentials.properties"))) {
            generated.load(reader);
        }
        return generated.getProperty(user);
    }

}
