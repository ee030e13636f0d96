package be.randhub.inbox;

import static be.randhub.support.TestPartners.AGENCY;
import static be.randhub.support.TestPartners.DE_HORIZON;
import static be.randhub.support.TestPartners.KANAK;
import static be.randhub.support.TestPartners.LEARNING_NETWORK;
import static be.randhub.support.TestPartners.METRICS;
import static be.randhub.support.TestPartners.OPERATOR;
import static be.randhub.support.TestPartners.RISO;
import static be.randhub.support.TestPartners.WEMMEL;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import be.randhub.support.HubClient;
import be.randhub.support.HubTest;
import be.randhub.support.TestDocuments;
import tools.jackson.databind.JsonNode;

/**
 * The HTTP inbox over real HTTP: a receiver pages through what was delivered to it (oldest first, each delivery
 * once across pages, each as its outbox file), with the PDFs it was given, the feeds and summaries the hub
 * writes; nobody sees another's deliveries; a delivery whose file is gone stays listed as removed; bad cursors
 * and limits are refused with a reason.
 */
@HubTest
class InboxTests {

    @Autowired
    HubClient hub;

    @Test
    void receiversPageThroughWhatWasDeliveredToThem() throws Exception {
        long agencyBefore = end(AGENCY);
        long learningNetworkBefore = end(LEARNING_NETWORK);
        List<String> referrals = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            referrals.add(hub.post(KANAK, TestDocuments.referral(KANAK, DE_HORIZON).json()).acceptedTrackingId());
        }
        byte[] pdf = TestDocuments.pdf("inbox minutes");
        String minutesId = hub.postMultipart(RISO, TestDocuments.minutes(RISO, WEMMEL).attachment(pdf, "verslag.pdf", true).json(),
                pdf, "verslag.pdf").acceptedTrackingId();
        for (String trackingId : referrals) {
            hub.awaitOutbox(DE_HORIZON, trackingId);
        }
        hub.awaitOutbox(LEARNING_NETWORK, minutesId);

        // two at a time: every delivery once, in the log's order, each exactly as its outbox file
        List<JsonNode> pages = new ArrayList<>();
        List<JsonNode> deliveries = new ArrayList<>();
        long cursor = 0;
        do {
            JsonNode page = hub.get(DE_HORIZON, "/api/v1/inbox?limit=2&after=" + cursor).ok().json();
            pages.add(page);
            assertThat(page.path("deliveries").size()).isLessThanOrEqualTo(2);
            page.path("deliveries").forEach(deliveries::add);
            cursor = page.path("next").asLong();
        } while (pages.get(pages.size() - 1).path("more").asBoolean());
        assertThat(pages.size()).isGreaterThanOrEqualTo(2);
        List<Long> cursors = deliveries.stream().map(delivery -> delivery.path("cursor").asLong()).toList();
        assertThat(cursors).isSorted().doesNotHaveDuplicates();
        assertThat(cursor).isEqualTo(cursors.get(cursors.size() - 1));
        for (String trackingId : referrals) {
            List<JsonNode> found = deliveries.stream().filter(delivery -> delivery.path("trackingId").asString().equals(trackingId)).toList();
            assertThat(found).as("delivery %s in de-horizon's inbox", trackingId).hasSize(1);
            assertThat(found.get(0).path("type").asString()).isEqualTo("referral");
            assertThat(found.get(0).path("removed").asBoolean()).isFalse();
            assertThat(found.get(0).path("content")).isEqualTo(hub.awaitOutbox(DE_HORIZON, trackingId));
        }
        JsonNode caughtUp = hub.get(DE_HORIZON, "/api/v1/inbox?after=" + cursor).ok().json();
        assertThat(caughtUp.path("deliveries")).isEmpty();
        assertThat(caughtUp.path("next").asLong()).isEqualTo(cursor);
        assertThat(caughtUp.path("more").asBoolean()).isFalse();

        // the sender is not a receiver of its own referrals; nobody else sees them
        assertThat(all(KANAK)).noneMatch(delivery -> referrals.contains(delivery.path("trackingId").asString()));
        assertThat(all(RISO)).noneMatch(delivery -> referrals.contains(delivery.path("trackingId").asString()));

        // the learning network gets the minutes with the PDF the sender marked shareable, and fetches it
        JsonNode minutes = after(LEARNING_NETWORK, learningNetworkBefore).stream()
                .filter(delivery -> delivery.path("trackingId").asString().equals(minutesId)).findFirst().orElseThrow();
        assertThat(minutes.path("attachment").asString()).isEqualTo(TestDocuments.sha256(pdf));
        assertThat(hub.getBytes(LEARNING_NETWORK, "/api/v1/attachments/" + TestDocuments.sha256(pdf)).body()).isEqualTo(pdf);

        // a delivery whose file is gone (retention, erasure) stays listed, as removed
        String gone = referrals.get(0);
        Files.delete(hub.outboxFile(DE_HORIZON, gone, "json"));
        JsonNode removed = all(DE_HORIZON).stream().filter(delivery -> delivery.path("trackingId").asString().equals(gone)).findFirst().orElseThrow();
        assertThat(removed.path("removed").asBoolean()).isTrue();
        assertThat(removed.path("content").isNull()).isTrue();

        // the feed the operator closes reaches the agency's inbox, its summary the learning network's
        HubClient.Answer closing = hub.send(OPERATOR, HttpRequest.newBuilder(hub.uri("/api/v1/feeds/agency")).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(closing.status()).isEqualTo(202);
        String feedId = closing.json().path("closeId").asString();
        JsonNode feed = Awaitility.await().atMost(HubClient.PATIENCE).until(() -> after(AGENCY, agencyBefore).stream()
                .filter(delivery -> delivery.path("type").asString().equals("agency-feed")).findFirst().orElse(null), found -> found != null);
        assertThat(feed.path("file").asString()).isEqualTo("feeds/" + feedId + ".json");
        assertThat(feed.path("content").isObject()).isTrue();
        assertThat(after(AGENCY, agencyBefore)).anyMatch(delivery -> delivery.path("trackingId").asString().equals(minutesId));
        JsonNode summary = Awaitility.await().atMost(HubClient.PATIENCE).until(() -> after(LEARNING_NETWORK, learningNetworkBefore).stream()
                .filter(delivery -> delivery.path("type").asString().equals("learning-network-summary")).findFirst().orElse(null), found -> found != null);
        assertThat(summary.path("file").asString()).isEqualTo("summaries/" + feedId + ".json");

        // refused with a reason: a cursor or limit that is not one; only receivers have an inbox
        for (String bad : List.of("after=-1", "after=abc", "after=1e3", "limit=0", "limit=501", "limit=x")) {
            HubClient.Answer refused = hub.get(DE_HORIZON, "/api/v1/inbox?" + bad);
            assertThat(refused.status()).as(bad).isEqualTo(400);
            assertThat(refused.json().path("detail").asString()).as(bad).startsWith(bad.substring(0, bad.indexOf('=')) + " is ");
        }
        // in the caller's language
        HubClient.Answer inFrench = hub.send(DE_HORIZON, HttpRequest.newBuilder(hub.uri("/api/v1/inbox?limit=501")).header("Accept-Language", "fr"));
        assertThat(inFrench.status()).isEqualTo(400);
        assertThat(inFrench.json().path("title").asString()).isEqualTo("Paramètre non valable");
        assertThat(inFrench.json().path("detail").asString()).isEqualTo("limit est un nombre entier de 1 à 500");
        HubClient.Answer unknownInDutch = hub.send(DE_HORIZON, HttpRequest.newBuilder(hub.uri("/api/v1/attachments/" + "0".repeat(64)))
                .header("Accept-Language", "nl"));
        assertThat(unknownInDutch.status()).isEqualTo(404);
        assertThat(unknownInDutch.json().path("title").asString()).isEqualTo("Onbekende bijlage");
        assertThat(hub.get(OPERATOR, "/api/v1/inbox").status()).isEqualTo(403);
        assertThat(hub.get(METRICS, "/api/v1/inbox").status()).isEqualTo(403);
        assertThat(hub.get(null, "/api/v1/inbox").status()).isEqualTo(401);
    }

    /** The receiver's cursor at the end of its inbox now. */
    private long end(String receiver) {
        long cursor = 0;
        JsonNode page;
        do {
            page = hub.get(receiver, "/api/v1/inbox?limit=500&after=" + cursor).ok().json();
            cursor = page.path("next").asLong();
        } while (page.path("more").asBoolean());
        return cursor;
    }

    private List<JsonNode> all(String receiver) {
        return after(receiver, 0);
    }

    private List<JsonNode> after(String receiver, long cursor) {
        List<JsonNode> deliveries = new ArrayList<>();
        JsonNode page;
        do {
            page = hub.get(receiver, "/api/v1/inbox?limit=500&after=" + cursor).ok().json();
            page.path("deliveries").forEach(deliveries::add);
            cursor = page.path("next").asLong();
        } while (page.path("more").asBoolean());
        return deliveries;
    }

}
