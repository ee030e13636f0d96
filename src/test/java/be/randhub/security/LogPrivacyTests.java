package be.randhub.security;

import static be.randhub.support.TestPartners.AGENCY;
import static be.randhub.support.TestPartners.DE_RAND;
import static be.randhub.support.TestPartners.KANAK;
import static be.randhub.support.TestPartners.LEARNING_NETWORK;
import static be.randhub.support.TestPartners.RISO;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.beans.factory.annotation.Autowired;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;

import be.randhub.support.HubClient;
import be.randhub.support.HubClient.Way;
import be.randhub.support.HubTest;
import be.randhub.support.LogRecorder;
import be.randhub.support.TestDocuments;
import be.randhub.support.TestDocuments.Doc;

/**
 * Logs carry tracking ids, partners, types, receivers and decisions, never what a document says: every kind of
 * test document goes through every channel (accepted, duplicated, refused, conflicting), and then the whole
 * log of the test run is searched for every name, phone number, e-mail address, national register number and
 * IBAN in them.
 */
@HubTest
class LogPrivacyTests {

    static final String REGISTER_NUMBER = "85.07.30-033.28";
    static final String IBAN = "BE68 5390 0754 7034";
    static final List<String> PERSONAL = List.of(TestDocuments.GIVEN_NAME, TestDocuments.FAMILY_NAME, TestDocuments.PHONE,
            TestDocuments.EMAIL, TestDocuments.ATTENDEE_NAME, "Jan Peeters", "Sofie Claes", REGISTER_NUMBER, IBAN, "0470 12 34 56");

    @Autowired
    HubClient hub;

    @Autowired
    LogRecorder log;

    @Test
    void noPersonalDataReachesTheLogs() {
        List<String> delivered = new ArrayList<>();
        for (Way way : Way.values()) {
            Doc referral = TestDocuments.referral(KANAK, DE_RAND).set("/payload/note", "RRN " + REGISTER_NUMBER + ", IBAN " + IBAN);
            delivered.add(accepted(hub.submit(way, KANAK, referral.json())));
            hub.submit(way, KANAK, referral.json()); // duplicate
            hub.submit(way, KANAK, referral.set("/payload/needs/0", "changed").json()); // conflict
            delivered.add(accepted(hub.submit(way, DE_RAND, TestDocuments.status(DE_RAND, KANAK, referral.documentId(), "accepted")
                    .set("/payload/note", "Called " + TestDocuments.PHONE + ", wrote to " + TestDocuments.EMAIL).json())));
            delivered.add(accepted(hub.submit(way, RISO, TestDocuments.minutes(RISO, "23102")
                    .set("/payload/summary", TestDocuments.GIVEN_NAME + " " + TestDocuments.FAMILY_NAME + " came (" + TestDocuments.PHONE + ")").json())));
            delivered.add(accepted(hub.submit(way, RISO, TestDocuments.feedbackReport(RISO, "23098")
                    .set("/payload/signals/0", "Contact " + TestDocuments.EMAIL + ", " + REGISTER_NUMBER).json())));
            // refused: consent missing, another municipality, broken JSON and wrong types, all full of personal data
            hub.submit(way, KANAK, TestDocuments.referral(KANAK, DE_RAND).set("/payload/consent/given", false).set("/municipality", "23099").json());
            hub.submit(way, KANAK, "{\"payload\": {\"person\": {\"givenName\": \"" + TestDocuments.GIVEN_NAME + "\" \"familyName\": \""
                    + TestDocuments.FAMILY_NAME + "\"}}}");
            hub.submit(way, KANAK, TestDocuments.referral(KANAK, DE_RAND).set("/payload/person/birthYear", TestDocuments.FAMILY_NAME)
                    .set("/payload/person/email", TestDocuments.PHONE).json());
        }
        for (String trackingId : delivered) {
            hub.awaitOutbox(AGENCY, trackingId);
        }
        hub.receiveAll(LEARNING_NETWORK, "learning-network.inbox", delivered.get(2), Duration.ofMillis(200));

        List<String> lines = log.lines();
        assertThat(lines).as("the log was recorded").isNotEmpty();
        for (String personal : PERSONAL) {
            assertThat(lines).as("log lines mentioning %s", personal).noneMatch(line -> line.contains(personal));
        }
    }

    /**
     * A log line is one event, whatever text it carries: line breaks in the message and in an exception's text are
     * escaped by the hub's pattern (the exception's frames and causes keep their own lines), other control
     * characters replaced. The json-logs profile's encoder writes each event as one JSON line with the text intact.
     */
    @Test
    void textInALogLineCannotStartALineOfItsOwn() throws Exception {
        ch.qos.logback.classic.LoggerContext context = (ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        String forged = "2020-01-01T00:00:00.000Z  INFO 1 --- [rand-hub] [main] [] be.randhub.Forged : forged";
        IllegalStateException failure = new IllegalStateException("refused name kanak\n" + forged + "\r\n" + forged,
                new IllegalArgumentException("cause\n" + forged + " \u001b[31m"));
        LoggingEvent event = new LoggingEvent(LogPrivacyTests.class.getName(), root, Level.WARN, "Login as {} failed \u2028 \u0007",
                failure, new Object[] {"kanak\n" + forged});

        @SuppressWarnings("unchecked")
        Encoder<ILoggingEvent> console = ((OutputStreamAppender<ILoggingEvent>) root.getAppender("CONSOLE")).getEncoder();
        List<String> lines = new String(console.encode(event), StandardCharsets.UTF_8).lines().toList();

        assertThat(lines.get(0)).contains("Login as kanak\\n2020-01-01T00:00:00.000Z").doesNotContain("\u2028", "\u0007");
        assertThat(lines.get(1)).startsWith("java.lang.IllegalStateException: refused name kanak\\n2020-01-01T").contains("\\r\\n");
        assertThat(lines.subList(2, lines.size())).isNotEmpty()
                .allSatisfy(line -> assertThat(line).matches("^(\t|Caused by: java\\.lang\\.IllegalArgumentException: cause\\\\n2020).*"));
        assertThat(String.join("\n", lines)).doesNotContain("\r", "\u001b").contains("Caused by: ");

        StructuredLogEncoder json = new StructuredLogEncoder();
        json.setContext(context);
        json.setFormat("ecs");
        json.start();
        List<String> jsonLines = new String(json.encode(event), StandardCharsets.UTF_8).lines().toList();
        assertThat(jsonLines).hasSize(1);
        assertThat(hub.readJsonText(jsonLines.get(0)).path("message").asString()).isEqualTo("Login as kanak\n" + forged + " failed \u2028 \u0007");
    }

    private static String accepted(tools.jackson.databind.JsonNode receipt) {
        assertThat(receipt.path("status").asString()).as(receipt.toString()).isEqualTo("accepted");
        return receipt.path("trackingId").asString();
    }
}
