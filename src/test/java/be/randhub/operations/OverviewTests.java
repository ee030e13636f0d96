package be.randhub.operations;

import static be.randhub.support.TestPartners.KANAK;
import static be.randhub.support.TestPartners.KRAAINEM;
import static be.randhub.support.TestPartners.LEARNING_NETWORK;
import static be.randhub.support.TestPartners.OPERATOR;
import static be.randhub.support.TestPartners.PRIVACY_OFFICER;
import static be.randhub.support.TestPartners.RISO;
import static be.randhub.support.TestPartners.SINT_GENESIUS_RODE;
import static be.randhub.support.TestPartners.SPORTS_COUNCIL;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import be.randhub.support.HubClient;
import be.randhub.support.HubClient.Way;
import be.randhub.support.HubTest;
import be.randhub.support.TestDocuments;

import tools.jackson.databind.JsonNode;

/**
 * The overview the console opens on (GET /api/v1/operator/overview): its documents per hour, partner and channel by
 * outcome are the documents a partner sent, counted from their trail; operators only, and no personal data.
 */
@HubTest
class OverviewTests {

    private static final String OVERVIEW = "/api/v1/operator/overview";

    @Autowired
    HubClient hub;

    @Test
    void countsTheDocumentsSentPerHourByOutcomePartnerAndChannel() throws Exception {
        Map<String, Long> before = settledCounts(SPORTS_COUNCIL);
        Instant start = Instant.now();

        // accepted, then dead-lettered for the learning network, whose folder cannot be written
        String stuck;
        try (AutoCloseable unwritable = hub.unwritableOutbox(LEARNING_NETWORK)) {
            stuck = hub.post(SPORTS_COUNCIL, report(SINT_GENESIUS_RODE)).json().path("trackingId").asString();
            Awaitility.await().atMost(HubClient.PATIENCE).until(
                    () -> hub.get(SPORTS_COUNCIL, "/api/v1/documents/" + stuck).json().path("state").asString(), "dead-lettered"::equals);
        }
        assertThat(status(Way.HTTP, report(SINT_GENESIUS_RODE))).isEqualTo("accepted");
        assertThat(status(Way.HTTP, report(SINT_GENESIUS_RODE))).isEqualTo("accepted");
        assertThat(status(Way.HTTP, report(KRAAINEM))).isEqualTo("rejected");
        assertThat(status(Way.FILE, report(SINT_GENESIUS_RODE))).isEqualTo("accepted");
        assertThat(status(Way.FILE, "{\"type\": \"feedback-report\", ")).isEqualTo("rejected");
        assertThat(status(Way.JMS, report(SINT_GENESIUS_RODE))).isEqualTo("accepted");
        assertThat(status(Way.JMS, report(SINT_GENESIUS_RODE))).isEqualTo("accepted");
        assertThat(status(Way.JMS, report(KRAAINEM))).isEqualTo("rejected");

        Map<String, Long> expected = new TreeMap<>(Map.of(
                "http accepted", 3L, "http rejected", 1L, "http dead-lettered", 1L,
                "file accepted", 1L, "file rejected", 1L,
                "jms accepted", 2L, "jms rejected", 1L));
        Instant firstHour = start.truncatedTo(ChronoUnit.HOURS);
        Awaitility.await().atMost(HubClient.PATIENCE).untilAsserted(() -> {
            Map<String, Long> added = added(before, counts(hub.get(OPERATOR, OVERVIEW).json(), SPORTS_COUNCIL));
            // in the hour they were sent (or the next, should the hour turn meanwhile), never an earlier one
            assertThat(added.keySet()).allSatisfy(key -> assertThat(Instant.parse(key.substring(0, key.indexOf(' ')))).isAfterOrEqualTo(firstHour));
            assertThat(byChannelAndOutcome(added)).isEqualTo(expected);
        });
        discardDeadLetter(stuck);
    }

    @Test
    void coversTheLastDayHourByHourWithQueuesDeadLettersAndRoutesGroupedByPartnerAndChannel() {
        JsonNode overview = hub.get(OPERATOR, OVERVIEW).json();

        assertThat(overview.path("hours").size()).isEqualTo(24);
        Instant first = Instant.parse(overview.path("hours").get(0).asString());
        Instant last = Instant.parse(overview.path("hours").get(23).asString());
        assertThat(Duration.between(first, last)).isEqualTo(Duration.ofHours(23));
        assertThat(Instant.parse(overview.path("at").asString())).isBetween(last, last.plus(Duration.ofHours(1)));
        assertThat(overview.at("/deadLetters/waiting").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(overview.path("queues").valueStream().map(queue -> queue.path("name").asString())).contains("hub.dead-letter", "agency.inbox");
        JsonNode kanakFiles = overview.path("routeGroups").valueStream()
                .filter(group -> group.path("partner").asString("").equals(KANAK) && group.path("channel").asString("").equals("file"))
                .findFirst().orElseThrow();
        assertThat(kanakFiles.path("routes").valueStream().map(route -> route.path("id").asString())).containsExactly("file-intake-kanak");
        JsonNode hubsOwn = overview.path("routeGroups").valueStream().filter(group -> group.path("partner").isNull()).findFirst().orElseThrow();
        assertThat(hubsOwn.path("routes").valueStream().map(route -> route.path("id").asString())).contains("intake", "delivery", "publish");
    }

    @Test
    void operatorsOnlyAndNoPersonalData() {
        hub.awaitOutbox("agency", hub.post(KANAK, TestDocuments.referral(KANAK, "de-rand").json()).json().path("trackingId").asString());

        HubClient.Answer overview = hub.get(OPERATOR, OVERVIEW);
        assertThat(overview.status()).isEqualTo(200);
        assertThat(overview.body()).doesNotContain(TestDocuments.FAMILY_NAME, TestDocuments.GIVEN_NAME, TestDocuments.EMAIL);
        assertThat(hub.get(PRIVACY_OFFICER, OVERVIEW).status()).isEqualTo(403);
        assertThat(hub.get(RISO, OVERVIEW).status()).isEqualTo(403);
        assertThat(hub.get(null, OVERVIEW).status()).isEqualTo(401);
    }

    // ------------------------------------------------------------------

    private static String report(String municipality) {
        return TestDocuments.feedbackReport(SPORTS_COUNCIL, municipality).json();
    }

    private String status(Way way, String document) {
        return hub.submit(way, SPORTS_COUNCIL, document).path("status").asString();
    }

    /** The partner's counts once the trail written so far (earlier tests' included) is in: the same twice in a row. */
    private Map<String, Long> settledCounts(String partner) {
        AtomicReference<Map<String, Long>> last = new AtomicReference<>();
        return Awaitility.await().atMost(HubClient.PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> {
            Map<String, Long> now = counts(hub.get(OPERATOR, OVERVIEW).json(), partner);
            return now.equals(last.getAndSet(now)) ? now : null;
        }, Objects::nonNull);
    }

    /** "hour channel outcome" -> documents, for one partner. */
    private static Map<String, Long> counts(JsonNode overview, String partner) {
        Map<String, Long> counts = new TreeMap<>();
        overview.path("documents").valueStream().filter(row -> row.path("partner").asString("").equals(partner)).forEach(row -> {
            for (String[] outcome : new String[][] {{"accepted", "accepted"}, {"rejected", "rejected"}, {"dead-lettered", "deadLettered"}}) {
                long documents = row.path(outcome[1]).asLong();
                if (documents > 0) {
                    counts.put(row.path("hour").asString() + " " + row.path("channel").asString() + " " + outcome[0], documents);
                }
            }
        });
        return counts;
    }

    private static Map<String, Long> added(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> added = new TreeMap<>();
        after.forEach((key, count) -> {
            long more = count - before.getOrDefault(key, 0L);
            if (more != 0) {
                added.put(key, more);
            }
        });
        return added;
    }

    /** Summed over the hours: "channel outcome" -> documents. */
    private static Map<String, Long> byChannelAndOutcome(Map<String, Long> perHour) {
        Map<String, Long> summed = new TreeMap<>();
        perHour.forEach((key, count) -> summed.merge(key.substring(key.indexOf(' ') + 1), count, Long::sum));
        return summed;
    }

    private void discardDeadLetter(String trackingId) {
        String messageId = hub.get(OPERATOR, "/api/v1/operator/dead-letters").json().valueStream()
                .filter(letter -> letter.path("trackingId").asString("").equals(trackingId)).findFirst().orElseThrow()
                .path("messageId").asString();
        assertThat(hub.send(OPERATOR, HttpRequest.newBuilder(hub.uri("/api/v1/operator/dead-letters/discard"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"messageIds\":[\"" + messageId + "\"],\"reason\":\"a test's dead letter\"}")))
                .status()).isEqualTo(200);
    }
}
