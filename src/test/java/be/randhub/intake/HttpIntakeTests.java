package be.randhub.intake;

import static be.randhub.support.TestPartners.AGENCY;
import static be.randhub.support.TestPartners.DE_HORIZON;
import static be.randhub.support.TestPartners.DE_RAND;
import static be.randhub.support.TestPartners.KANAK;
import static be.randhub.support.TestPartners.OPERATOR;
import static be.randhub.support.TestPartners.RISO;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import be.randhub.support.HubClient;
import be.randhub.support.HubClient.Answer;
import be.randhub.support.HubTest;
import be.randhub.support.TestDocuments;
import be.randhub.support.TestDocuments.Doc;

/** The HTTP channel's contract: status codes, problem bodies, receipts, and the document status endpoint. */
@HubTest
class HttpIntakeTests {

    @Autowired
    HubClient hub;

    @Test
    void acceptedDocumentIsAnswered202WithItsTrackingId() {
        Answer answer = hub.post(KANAK, TestDocuments.referral(KANAK, DE_RAND).json());

        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.json().path("status").asString()).isEqualTo("accepted");
        assertThat(answer.json().path("trackingId").asString()).matches("[0-9a-f-]{36}");
    }

    @Test
    void resendIsAnsweredAsDuplicateWithTheOriginalTrackingIdAndNotRoutedAgain() {
        Doc report = TestDocuments.feedbackReport(RISO, "23098");
        String original = hub.post(RISO, report.json()).json().path("trackingId").asString();
        hub.awaitOutbox(AGENCY, original);

        Answer again = hub.post(RISO, report.json());

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("status").asString()).isEqualTo("duplicate");
        assertThat(again.json().path("trackingId").asString()).isEqualTo(original);
        assertThat(hub.receiveAll(AGENCY, "agency.inbox", original, java.time.Duration.ofSeconds(1))).hasSize(1);
    }

    @Test
    void sameDocumentIdWithOtherContentIsAConflict() {
        Doc report = TestDocuments.feedbackReport(RISO, "23098");
        String original = hub.post(RISO, report.json()).json().path("trackingId").asString();

        Answer changed = hub.post(RISO, report.set("/payload/participants/total", 24).json());

        assertThat(changed.status()).isEqualTo(409);
        assertThat(changed.contentType()).startsWith("application/problem+json");
        assertThat(changed.json().at("/errors/0/pointer").asString()).isEqualTo("/documentId");
        assertThat(changed.json().at("/errors/0/message").asString())
                .contains("was already sent", original, "new documentId");
    }

    @Test
    void refusalListsEveryErrorWithAPointer() {
        Doc broken = TestDocuments.referral(KANAK, DE_RAND)
                .set("/payload/person/birthYear", "nineteen")
                .remove("/payload/person/familyName")
                .set("/payload/consent/given", false)
                .set("/municipality", "23099");

        Answer answer = hub.post(KANAK, broken.json());

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().path("trackingId").asString()).isNotEmpty();
        assertThat(answer.json().path("errors").valueStream().map(error -> error.path("pointer").asString()))
                .contains("/payload/person/birthYear", "/payload/person/familyName", "/municipality", "/payload/consent/given");
        assertThat(answer.body()).doesNotContain("nineteen");
    }

    @Test
    void documentNamingAnotherPartnerIsForbidden() {
        Answer answer = hub.post(KANAK, TestDocuments.feedbackReport(RISO, "23098").json());

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.json().at("/errors/0/pointer").asString()).isEqualTo("/partner");
        assertThat(answer.json().at("/errors/0/message").asString()).contains("'riso'", "sent by 'kanak'");
    }

    @Test
    void withoutCredentialsTheAnswerIs401() {
        Answer anonymous = hub.post(null, TestDocuments.referral(KANAK, DE_RAND).json());
        Answer wrongPassword = hub.send(null, HttpRequest.newBuilder(hub.uri("/api/v1/documents"))
                .header("Authorization", "Basic a2FuYWs6d3Jvbmc=")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));

        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(anonymous.contentType()).startsWith("application/problem+json");
    }

    @Test
    void receiversCannotPostDocuments() {
        assertThat(hub.post(AGENCY, TestDocuments.referral(KANAK, DE_RAND).json()).status()).isEqualTo(403);
    }

    @Test
    void anythingButJsonOrMultipartIs415() {
        Answer answer = hub.send(KANAK, HttpRequest.newBuilder(hub.uri("/api/v1/documents"))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("hello")));

        assertThat(answer.status()).isEqualTo(415);
        assertThat(answer.contentType()).startsWith("application/problem+json");
    }

    @Test
    void documentOverTheSizeLimitIs413() {
        String huge = "{\"padding\":\"" + "x".repeat(5 * 1024 * 1024) + "\"}";

        Answer answer = hub.post(KANAK, huge);

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.json().path("detail").asString()).contains("at most 5242880 bytes");
    }

    @Test
    void errorBodiesShowNoStackTraceOrInternalNames() {
        Answer answer = hub.post(KANAK, "{\"schemaVersion\": 1, \"documentId\": ");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).doesNotContain("Exception", "jackson", "be.randhub", "at line").contains("truncated");
    }

    @Test
    void senderFollowsItsDocumentAndNobodyElseSeesIt() {
        String trackingId = hub.post(KANAK, TestDocuments.referral(KANAK, DE_RAND).json()).json().path("trackingId").asString();

        Answer status = Awaitility.await().atMost(HubClient.PATIENCE).until(
                () -> hub.get(KANAK, "/api/v1/documents/" + trackingId),
                answer -> "delivered".equals(answer.json().path("state").asString()));

        assertThat(status.json().path("deliveries").valueStream().map(delivery -> delivery.path("receiver").asString()))
                .containsExactlyInAnyOrder(AGENCY, DE_RAND);
        assertThat(status.json().path("trail").valueStream().map(step -> step.path("event").asString()))
                .contains("received", "validated", "routed", "delivered");
        assertThat(status.body()).doesNotContain(TestDocuments.FAMILY_NAME);
        assertThat(hub.get(DE_HORIZON, "/api/v1/documents/" + trackingId).status()).isEqualTo(404);
        assertThat(hub.get(OPERATOR, "/api/v1/documents/" + trackingId).status()).isEqualTo(200);
    }

    @Test
    void refusedDocumentCanBeLookedUpByItsSender() {
        String trackingId = hub.post(KANAK, "[]").json().path("trackingId").asString();

        Answer status = Awaitility.await().atMost(HubClient.PATIENCE).until(
                () -> hub.get(KANAK, "/api/v1/documents/" + trackingId), answer -> answer.status() == 200);

        assertThat(status.json().path("state").asString()).isEqualTo("rejected");
    }

    @Test
    void schemasAreServedSelfContained() {
        Answer schema = hub.get(DE_RAND, "/api/v1/schemas/referral");

        assertThat(schema.status()).isEqualTo(200);
        assertThat(schema.contentType()).startsWith("application/schema+json");
        assertThat(schema.json().path("$schema").asString()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.json().at("/$defs/envelope/$id").asString()).isEqualTo("urn:rand-hub:schema:envelope");
        assertThat(hub.get(DE_RAND, "/api/v1/schemas/recipe").status()).isEqualTo(404);
        assertThat(hub.get(null, "/api/v1/schemas/referral").status()).isEqualTo(401);
    }
}
