package be.randhub.feed;

import static be.randhub.support.TestPartners.AGENCY;
import static be.randhub.support.TestPartners.DE_HORIZON;
import static be.randhub.support.TestPartners.KANAK;
import static be.randhub.support.TestPartners.LEARNING_NETWORK;
import static be.randhub.support.TestPartners.LINKEBEEK;
import static be.randhub.support.TestPartners.OPERATOR;
import static be.randhub.support.TestPartners.PIN;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import be.randhub.support.HubClient;
import be.randhub.support.HubTest;
import be.randhub.support.TestDocuments;
import be.randhub.support.TestDocuments.Doc;

import tools.jackson.databind.JsonNode;

/**
 * The consolidated agency feed over a period of known documents: exact counts per municipality × partner ×
 * type, the referral funnel per target activity, every tracking id once; JSON and CSV in the agency's folder,
 * on agency.feed and at GET /api/v1/feeds/agency; the learning network's summary names nobody.
 */
@HubTest
class AgencyFeedTests {

    @Autowired
    HubClient hub;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    org.apache.camel.CamelContext camel;

    @Autowired
    be.randhub.support.LogRecorder logs;

    @Test
    void feedCountsEachDocumentOfThePeriodExactlyOnce() throws Exception {
        closeFeed(); // what other tests sent goes into a feed of its own
        List<String> trackingIds = new ArrayList<>();
        Doc first = TestDocuments.referral(PIN, DE_HORIZON).set("/municipality", LINKEBEEK)
                .set("/payload/target/activity/name", "Boekenbende aan huis").set("/payload/target/activity/category", "family");
        Doc second = TestDocuments.referral(PIN, DE_HORIZON).set("/municipality", LINKEBEEK)
                .set("/payload/target/activity/name", "Boekenbende aan huis").set("/payload/target/activity/category", "family");
        trackingIds.add(hub.post(PIN, first.json()).acceptedTrackingId());
        trackingIds.add(hub.post(PIN, second.json()).acceptedTrackingId());
        trackingIds.add(hub.post(DE_HORIZON, TestDocuments.status(DE_HORIZON, PIN, first.documentId(), "accepted")
                .set("/municipality", LINKEBEEK).json()).acceptedTrackingId());
        trackingIds.add(hub.post(PIN, TestDocuments.feedbackReport(PIN, LINKEBEEK).json()).acceptedTrackingId());
        hub.post(PIN, TestDocuments.feedbackReport(PIN, "23099").json()); // refused: not counted

        JsonNode feed = closeFeed();

        assertThat(count(feed, LINKEBEEK, PIN, "referral")).isEqualTo(2);
        assertThat(count(feed, LINKEBEEK, DE_HORIZON, "referral-status")).isEqualTo(1);
        assertThat(count(feed, LINKEBEEK, PIN, "feedback-report")).isEqualTo(1);
        assertThat(feed.path("documents").asInt()).isEqualTo(4);
        assertThat(feed.path("trackingIds").valueStream().map(JsonNode::asString).toList()).containsExactlyInAnyOrderElementsOf(trackingIds);
        JsonNode funnel = feed.path("referralFunnel").valueStream()
                .filter(row -> row.path("activity").asString().equals("Boekenbende aan huis")).findFirst().orElseThrow();
        assertThat(funnel.path("target").asString()).isEqualTo(DE_HORIZON);
        assertThat(funnel.path("requested").asInt()).isEqualTo(2);
        assertThat(funnel.path("accepted").asInt()).isEqualTo(1);
        assertThat(funnel.path("completed").asInt()).isZero();

        String feedId = feed.path("feedId").asString();
        Path folder = hub.dataDir().resolve("outbox").resolve(AGENCY).resolve("feeds");
        assertThat(hub.readJson(folder.resolve(feedId + ".json")).path("feedId").asString()).isEqualTo(feedId);
        assertThat(Files.readString(folder.resolve(feedId + "-counts.csv")))
                .startsWith("municipality,municipalityName,partner,type,count").contains("23100,Linkebeek,pin,referral,2");
        assertThat(Files.readString(folder.resolve(feedId + "-funnel.csv"))).contains("de-horizon,\"Boekenbende aan huis\",family,2,1,");
        JsonNode onQueue = hub.receive(AGENCY, "agency.feed", "hubFeedId = '" + feedId + "'", HubClient.PATIENCE)
                .map(hub::text).map(hub::readJsonText).orElseThrow();
        assertThat(onQueue.path("documents").asInt()).isEqualTo(4);
    }

    @Test
    void learningNetworkGetsTheSamePeriodsSummaryWithSmallCountsHidden() {
        closeFeed();
        hub.post(KANAK, TestDocuments.referral(KANAK, "de-rand").json());

        JsonNode feed = closeFeed();

        String feedId = feed.path("feedId").asString();
        JsonNode summary = hub.receive(LEARNING_NETWORK, "learning-network.inbox", "hubFeedId = '" + feedId + "'", HubClient.PATIENCE)
                .map(hub::text).map(hub::readJsonText).orElseThrow();
        JsonNode row = summary.path("referrals").get(0);
        assertThat(row.path("municipalityName").asString()).isEqualTo("Wemmel");
        assertThat(row.path("category").asString()).isEqualTo("family");
        assertThat(row.path("outcome").asString()).isEqualTo("requested");
        assertThat(row.path("count").asString()).isEqualTo("<5");
        assertThat(summary.toString()).doesNotContain(TestDocuments.FAMILY_NAME, TestDocuments.GIVEN_NAME, "trackingId");
        assertThat(hub.dataDir().resolve("outbox").resolve(LEARNING_NETWORK).resolve("summaries").resolve(feedId + ".json")).exists();
    }

    @Test
    void aDocumentNotYetOnTheBrokerCountsInTheFeedAfterItIsAccepted() {
        closeFeed();
        String stopped = hub.post(PIN, TestDocuments.feedbackReport(PIN, LINKEBEEK).json()).acceptedTrackingId();
        String delivered = hub.post(PIN, TestDocuments.feedbackReport(PIN, LINKEBEEK).json()).acceptedTrackingId();
        // both marked accepted (after the 202, by the publisher), so that nothing the hub does overtakes the test's own marks
        Awaitility.await().atMost(HubClient.PATIENCE).until(() -> jdbc.queryForList("SELECT state FROM document WHERE tracking_id IN (?, ?)",
                String.class, stopped, delivered), states -> states.size() == 2 && states.stream().allMatch("accepted"::equals));
        // as if the hub had stopped between claiming the first and the broker's commit
        jdbc.update("UPDATE document SET state = 'pending' WHERE tracking_id = ?", stopped);

        JsonNode first = closeFeed();
        // resent after the restart: published and marked accepted then
        jdbc.update("UPDATE document SET state = 'accepted' WHERE tracking_id = ?", stopped);
        JsonNode second = closeFeed();

        assertThat(first.path("trackingIds").valueStream().map(JsonNode::asString).toList()).containsExactly(delivered);
        assertThat(second.path("trackingIds").valueStream().map(JsonNode::asString).toList()).containsExactly(stopped);
    }

    @Test
    void onlyOperatorsCloseAFeedAndOnlyTheAgencyAndOperatorsReadThem() {
        assertThat(hub.send(PIN, java.net.http.HttpRequest.newBuilder(hub.uri("/api/v1/feeds/agency"))
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody())).status()).isEqualTo(403);
        assertThat(hub.get(PIN, "/api/v1/feeds/agency").status()).isEqualTo(403);
        assertThat(hub.get(LEARNING_NETWORK, "/api/v1/feeds/agency").status()).isEqualTo(403);
        assertThat(hub.get(AGENCY, "/api/v1/feeds/agency").status()).isEqualTo(200);
    }

    /**
     * Two hub instances' schedules fire at the same time (here: the schedule route run twice at once; the lock is in
     * the database, as it is across instances): the feed is closed once, not once and then again empty.
     */
    @Test
    void theScheduleFiredOnTwoInstancesAtOnceClosesTheFeedOnce() throws Exception {
        closeFeed();
        String trackingId = hub.post(PIN, TestDocuments.feedbackReport(PIN, LINKEBEEK).json()).acceptedTrackingId();
        jdbc.update("DELETE FROM shedlock WHERE name = ?", "agency-feed-schedule"); // a run of this test before, on this database
        int feedsBefore = jdbc.queryForObject("SELECT COUNT(*) FROM agency_feed", Integer.class);
        long closesBefore = closeLines();
        org.apache.camel.Route schedule = camel.getRoute("agency-feed-schedule");

        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
        List<java.util.concurrent.CompletableFuture<Void>> fired = java.util.stream.IntStream.range(0, 2)
                .mapToObj(instance -> java.util.concurrent.CompletableFuture.runAsync(() -> {
                    try {
                        org.apache.camel.Exchange firing = schedule.getEndpoint().createExchange();
                        firing.getExchangeExtension().setFromRouteId(schedule.getRouteId());
                        together.await();
                        schedule.getProcessor().process(firing);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })).toList();
        fired.forEach(java.util.concurrent.CompletableFuture::join);

        Awaitility.await().atMost(HubClient.PATIENCE).until(() -> closeLines() > closesBefore);
        Thread.sleep(2000); // a second close marker would be taken within this
        assertThat(closeLines()).isEqualTo(closesBefore + 1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM agency_feed", Integer.class)).isEqualTo(feedsBefore + 1);
        assertThat(jdbc.queryForObject("SELECT feed_id FROM feed_entry WHERE tracking_id = ?", String.class, trackingId)).isNotNull();
    }

    /** Log lines of closed feeds, those with documents and those without. */
    private long closeLines() {
        return logs.lines().stream().filter(line -> line.startsWith(AgencyFeeds.class.getName() + " Agency feed ") && line.contains(" closed")).count();
    }

    /** Asks the hub to close the open feed now, as an operator, and returns it once it is built (or null if empty). */
    private JsonNode closeFeed() {
        HubClient.Answer closing = hub.send(OPERATOR, java.net.http.HttpRequest.newBuilder(hub.uri("/api/v1/feeds/agency"))
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
        assertThat(closing.status()).isEqualTo(202);
        String closeId = closing.json().path("closeId").asString();
        Path file = hub.dataDir().resolve("outbox").resolve(AGENCY).resolve("feeds").resolve(closeId + ".json");
        try {
            Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> Files.exists(file));
        } catch (org.awaitility.core.ConditionTimeoutException nothingSinceTheLastFeed) {
            return null;
        }
        return hub.get(AGENCY, "/api/v1/feeds/agency").json().path("feeds").valueStream()
                .filter(feed -> feed.path("feedId").asString().equals(closeId)).findFirst().orElseThrow();
    }

    private static long count(JsonNode feed, String municipality, String partner, String type) {
        return feed.path("counts").valueStream().filter(count -> count.path("municipality").asString().equals(municipality)
                        && count.path("partner").asString().equals(partner) && count.path("type").asString().equals(type))
                .mapToLong(count -> count.path("count").asLong()).sum();
    }
}
