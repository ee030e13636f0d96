package be.randhub.referral;

import static be.randhub.support.TestPartners.DE_RAND;
import static be.randhub.support.TestPartners.KANAK;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import be.randhub.support.HubClient;
import be.randhub.support.HubTest;
import be.randhub.support.TestDocuments;
import be.randhub.support.TestDocuments.Doc;

import tools.jackson.databind.JsonNode;

/** A referral nobody answers is reported to its referrer, once (the tests wait 3 s instead of 14 days). */
@HubTest
class UnansweredReferralsTests {

    @Autowired
    HubClient hub;

    @Test
    void referrerIsToldAboutAnUnansweredReferralOnce() {
        Doc referral = TestDocuments.referral(KANAK, DE_RAND);
        String trackingId = hub.post(KANAK, referral.json()).json().path("trackingId").asString();
        String selector = "hubNotice = 'unanswered-referral' AND hubReferral = 'kanak/" + referral.documentId() + "'";

        JsonNode notice = hub.receive(KANAK, "partner.kanak.outbox", selector, HubClient.PATIENCE).map(hub::text).map(
                text -> hub.readJsonText(text)).orElseThrow(() -> new AssertionError("no notice"));

        assertThat(notice.path("notice").asString()).isEqualTo("unanswered-referral");
        assertThat(notice.at("/referral/trackingId").asString()).isEqualTo(trackingId);
        assertThat(notice.path("target").asString()).isEqualTo(DE_RAND);
        assertThat(notice.toString()).doesNotContain(TestDocuments.FAMILY_NAME);
        assertThat(hub.dataDir().resolve("outbox").resolve(KANAK).resolve("notice-unanswered-" + trackingId + ".json")).exists();
        assertThat(hub.receive(KANAK, "partner.kanak.outbox", selector, Duration.ofSeconds(2))).as("a second notice").isEmpty();
    }

    @Test
    void anAnsweredReferralIsNotReported() {
        Doc referral = TestDocuments.referral(KANAK, DE_RAND);
        hub.post(KANAK, referral.json());
        hub.post(DE_RAND, TestDocuments.status(DE_RAND, KANAK, referral.documentId(), "accepted").json());

        assertThat(hub.receive(KANAK, "partner.kanak.outbox",
                "hubNotice = 'unanswered-referral' AND hubReferral = 'kanak/" + referral.documentId() + "'", Duration.ofSeconds(5)))
                .isEmpty();
    }
}
