package be.randhub.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Properties;

import jakarta.jms.Connection;
import jakarta.jms.Session;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import be.randhub.support.HubClient;
import be.randhub.support.HubTest;

/**
 * Credentials nobody wrote down in code: generated at first start for principals without an environment
 * variable, kept as bcrypt hashes, written once in clear to an owner-only file, and valid on HTTP and JMS alike.
 */
@HubTest
class CredentialsTests {

    @Autowired
    HubClient hub;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void generatedPasswordsAreWrittenOnceToAnOwnerOnlyFile() throws Exception {
        Path file = hub.dataDir().resolve("secrets").resolve("initial-credentials.properties");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        Properties generated = load(file);
        assertThat(generated).containsKey("gemeente-wemmel").doesNotContainKey("kanak");
    }

    @Test
    void onlyHashesAreStored() {
        assertThat(jdbc.queryForList("SELECT password_hash FROM credential", String.class))
                .isNotEmpty().allMatch(hash -> hash.startsWith("$2a$10$"))
                .doesNotContain(be.randhub.support.HubTestConfiguration.password("kanak"));
    }

    @Test
    void aGeneratedPasswordOpensHttpAndTheBroker() throws Exception {
        String password = load(hub.dataDir().resolve("secrets").resolve("initial-credentials.properties")).getProperty("gemeente-wemmel");

        HubClient.Answer answer = hub.send(null, HttpRequest.newBuilder(hub.uri("/api/v1/schemas"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("gemeente-wemmel:" + password).getBytes())));
        assertThat(answer.status()).isEqualTo(200);

        try (Connection connection = new ActiveMQConnectionFactory(hub.brokerUrl(), "gemeente-wemmel", password).createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            session.createProducer(session.createQueue("partner.gemeente-wemmel.inbox")).close();
        }
    }

    private static Properties load(Path file) throws Exception {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        return properties;
    }
}
