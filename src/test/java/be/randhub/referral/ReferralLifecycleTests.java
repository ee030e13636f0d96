package be.randhub.referral;

import static be.randhub.support.TestPartners.AGENCY;
import static be.randhub.support.TestPartners.DE_HORIZON;
import static be.randhub.support.TestPartners.DE_RAND;
import static be.randhub.support.TestPartners.KANAK;
import static be.randhub.support.TestPartners.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;

import be.randhub.support.HubClient;
import be.randhub.support.HubClient.Way;
import be.randhub.support.HubTest;
import be.randhub.support.TestDocuments;
import be.randhub.support.TestDocuments.Doc;

import tools.jackson.databind.JsonNode;

/**
 * A referral's life, closed-loop: every transition, legal and illegal, over HTTP and JMS; only the target
 * moves it forward, only the referrer cancels; the referrer sees each step.
 */
@HubTest
class ReferralLifecycleTests {

    /** The lifecycle as the issue states it, written out independently of the code under test. */
    static final Set<String> LEGAL = Set.of(
            "requested>accepted", "requested>rejected", "requested>canceled",
            "accepted>in-progress", "accepted>on-hold", "accepted>canceled", "accepted>failed",
            "in-progress>on-hold", "in-progress>completed", "in-progress>failed",
            "on-hold>in-progress");
    static final Set<String> FINAL = Set.of("completed", "rejected", "canceled", "failed");

    /** How to bring a fresh referral to a status: the updates to send (the referrer cancels, the target the rest). */
    static final Map<String, List<String>> PATH = Map.of(
            "requested", List.of(),
            "accepted", List.of("accepted"),
            "rejected", List.of("rejected"),
            "canceled", List.of("canceled"),
            "in-progress", List.of("accepted", "in-progress"),
            "on-hold", List.of("accepted", "on-hold"),
            "completed", List.of("accepted", "in-progress", "completed"),
            "failed", List.of("accepted", "failed"));

    @Autowired
    HubClient hub;

    static Stream<Arguments> everyTransition() {
        List<Arguments> cases = new ArrayList<>();
        for (String from : PATH.keySet().stream().sorted().toList()) {
            for (String to : List.of("accepted", "rejected", "in-progress", "on-hold", "completed", "canceled", "failed")) {
                for (Way way : List.of(Way.HTTP, Way.JMS)) {
                    cases.add(Arguments.of(from, to, way));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} -> {1} over {2}")
    @MethodSource("everyTransition")
    void everyTransitionIsTakenOrRefusedAsTheLifecycleSays(String from, String to, Way way) {
        Doc referral = referralAt(from);
        String sender = to.equals("canceled") ? KANAK : DE_RAND;

        JsonNode receipt = hub.submit(way, sender, TestDocuments.status(sender, KANAK, referral.documentId(), to).json());

        if (LEGAL.contains(from + ">" + to)) {
            assertThat(receipt.path("status").asString()).as(receipt.toString()).isEqualTo("accepted");
            assertThat(currentStatus(referral)).isEqualTo(to);
        } else {
            assertThat(receipt.path("status").asString()).as(receipt.toString()).isEqualTo("rejected");
            JsonNode error = receipt.path("errors").get(0);
            assertThat(error.path("pointer").asString()).isEqualTo("/payload/status");
            assertThat(error.path("message").asString()).contains("is " + from)
                    .contains(FINAL.contains(from) ? "a final status" : "may");
            assertThat(currentStatus(referral)).isEqualTo(from);
        }
    }

    @Test
    void onlyTheReferrerCancels() {
        Doc referral = referralAt("accepted");

        JsonNode receipt = hub.submit(Way.HTTP, DE_RAND, TestDocuments.status(DE_RAND, KANAK, referral.documentId(), "canceled").json());

        assertThat(receipt.at("/errors/0/message").asString()).contains("is accepted", "only the referrer (kanak) cancels",
                "de-rand may now set: in-progress, on-hold, failed");
    }

    @Test
    void onlyTheTargetMovesAReferralForward() {
        Doc referral = referralAt("requested");

        JsonNode receipt = hub.submit(Way.HTTP, KANAK, TestDocuments.status(KANAK, KANAK, referral.documentId(), "accepted").json());

        assertThat(receipt.at("/errors/0/message").asString()).contains("is requested",
                "only the target (de-rand) moves a referral forward", "kanak may now set: canceled");
    }

    @Test
    void theReferrerSeesEachStepAndNobodyElseSeesTheReferral() {
        Doc referral = referralAt("requested");
        List<String> steps = List.of("accepted", "in-progress", "completed");

        for (String step : steps) {
            String trackingId = hub.post(DE_RAND, TestDocuments.status(DE_RAND, KANAK, referral.documentId(), step).json())
                    .json().path("trackingId").asString();
            JsonNode seen = hub.receiveDelivery(KANAK, "partner.kanak.outbox", trackingId);
            assertThat(seen.at("/document/payload/status").asString()).isEqualTo(step);
            assertThat(hub.awaitOutbox(KANAK, trackingId).at("/document/payload/status").asString()).isEqualTo(step);
            hub.receiveDelivery(AGENCY, "agency.inbox", trackingId);
        }

        JsonNode view = hub.get(KANAK, "/api/v1/referrals/kanak/" + referral.documentId()).json();
        assertThat(view.path("status").asString()).isEqualTo("completed");
        assertThat(view.path("isFinal").asBoolean()).isTrue();
        assertThat(view.path("history").valueStream().map(change -> change.path("status").asString()))
                .containsExactly("requested", "accepted", "in-progress", "completed");
        assertThat(hub.get(DE_RAND, "/api/v1/referrals/kanak/" + referral.documentId()).status()).isEqualTo(200);
        assertThat(hub.get(DE_HORIZON, "/api/v1/referrals/kanak/" + referral.documentId()).status()).isEqualTo(404);
        assertThat(hub.get(OPERATOR, "/api/v1/referrals/kanak/" + referral.documentId()).status()).isEqualTo(404);
    }

    @Test
    void aStatusUpdateSentAgainIsADuplicateNotAnIllegalMove() {
        Doc referral = referralAt("requested");
        Doc accepted = TestDocuments.status(DE_RAND, KANAK, referral.documentId(), "accepted");
        String trackingId = hub.post(DE_RAND, accepted.json()).json().path("trackingId").asString();

        JsonNode again = hub.submit(Way.JMS, DE_RAND, accepted.json());

        assertThat(again.path("status").asString()).isEqualTo("duplicate");
        assertThat(again.path("trackingId").asString()).isEqualTo(trackingId);
    }

    private Doc referralAt(String status) {
        Doc referral = TestDocuments.referral(KANAK, DE_RAND);
        assertThat(hub.post(KANAK, referral.json()).status()).isEqualTo(202);
        for (String step : PATH.get(status)) {
            String sender = step.equals("canceled") ? KANAK : DE_RAND;
            assertThat(hub.post(sender, TestDocuments.status(sender, KANAK, referral.documentId(), step).json()).status())
                    .as("setting up %s", step).isEqualTo(202);
        }
        return referral;
    }

    private String currentStatus(Doc referral) {
        return hub.get(KANAK, "/api/v1/referrals/kanak/" + referral.documentId()).json().path("status").asString();
    }
}
