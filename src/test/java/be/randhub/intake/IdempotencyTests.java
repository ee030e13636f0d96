package be.randhub.intake;

import static be.randhub.support.TestPartners.AGENCY;
import static be.randhub.support.TestPartners.DE_RAND;
import static be.randhub.support.TestPartners.KANAK;
import static be.randhub.support.TestPartners.LEARNING_NETWORK;
import static be.randhub.support.TestPartners.RISO;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import javax.sql.DataSource;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import be.randhub.support.HubClient;
import be.randhub.support.HubClient.Way;
import be.randhub.support.HubTest;
import be.randhub.support.TestDocuments;
import be.randhub.support.TestDocuments.Doc;
import be.randhub.tracking.AcceptedMarks;

import tools.jackson.databind.JsonNode;

/**
 * Nothing twice: a resend is a duplicate, a changed resend a conflict, on every channel; and a document the hub
 * had published but not yet marked accepted when it stopped is not delivered a second time when sent again.
 */
@HubTest
class IdempotencyTests {

    @Autowired
    HubClient hub;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    AcceptedMarks acceptedMarks;

    @ParameterizedTest
    @EnumSource(Way.class)
    void resendIsADuplicateOnEveryChannel(Way way) {
        Doc minutes = TestDocuments.minutes(RISO, "23098");
        String trackingId = hub.submit(Way.HTTP, RISO, minutes.json()).path("trackingId").asString();

        JsonNode again = hub.submit(way, RISO, minutes.json());

        assertThat(again.path("status").asString()).isEqualTo("duplicate");
        assertThat(again.path("trackingId").asString()).isEqualTo(trackingId);
        assertThat(hub.receiveAll(LEARNING_NETWORK, "learning-network.inbox", trackingId, Duration.ofSeconds(2))).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(Way.class)
    void changedResendIsAConflictOnEveryChannel(Way way) {
        Doc minutes = TestDocuments.minutes(RISO, "23098");
        String trackingId = hub.submit(Way.HTTP, RISO, minutes.json()).path("trackingId").asString();

        JsonNode changed = hub.submit(way, RISO, minutes.set("/payload/summary", "Another summary.").json());

        assertThat(changed.path("status").asString()).isEqualTo("conflict");
        assertThat(changed.at("/errors/0/message").asString()).contains("with other content (trackingId " + trackingId + ")");
    }

    @ParameterizedTest
    @EnumSource(Way.class)
    void documentPublishedJustBeforeAStopIsNotDeliveredTwice(Way way) {
        Doc referral = TestDocuments.referral(KANAK, DE_RAND);
        String trackingId = hub.submit(Way.HTTP, KANAK, referral.json()).path("trackingId").asString();
        hub.awaitOutbox(AGENCY, trackingId);
        // as if the hub had stopped after the broker committed the document, before it marked it accepted
        jdbc.update("UPDATE document SET state = 'pending' WHERE tracking_id = ?", trackingId);

        JsonNode resumed = hub.submit(way, KANAK, referral.json());

        assertThat(resumed.path("status").asString()).as(resumed.toString()).isEqualTo("accepted");
        assertThat(resumed.path("trackingId").asString()).isEqualTo(trackingId);
        assertThat(hub.receiveAll(AGENCY, "agency.inbox", trackingId, Duration.ofSeconds(2))).hasSize(1);
        assertThat(hub.receiveAll(DE_RAND, "partner.de-rand.outbox", trackingId, Duration.ofSeconds(1))).hasSize(1);
        assertThat(jdbc.queryForObject("SELECT state FROM document WHERE tracking_id = ?", String.class, trackingId))
                .isEqualTo("accepted");
    }

    /**
     * A document left pending by a stop after its publish committed, sent again after more documents than the
     * broker's duplicate detection remembers (hub.broker.id-cache-size is 100 in the tests): still not delivered
     * twice, however long ago it was published (its trail says it was).
     */
    @Test
    void aResendLongAfterAStopIsNotASecondDelivery() {
        Doc report = TestDocuments.feedbackReport(KANAK, "23102");
        String trackingId = hub.submit(Way.HTTP, KANAK, report.json()).path("trackingId").asString();
        hub.awaitOutbox(AGENCY, trackingId);
        jdbc.update("UPDATE document SET state = 'pending' WHERE tracking_id = ?", trackingId);
        for (int i = 0; i < 120; i++) {
            assertThat(hub.post(RISO, TestDocuments.feedbackReport(RISO, "23098").json()).status()).isEqualTo(202);
        }

        JsonNode resent = hub.submit(Way.HTTP, KANAK, report.json());

        assertThat(resent.path("trackingId").asString()).isEqualTo(trackingId);
        assertThat(hub.receiveAll(AGENCY, "agency.inbox", trackingId, Duration.ofSeconds(2))).hasSize(1);
        assertThat(hub.receiveAll(LEARNING_NETWORK, "learning-network.inbox", trackingId, Duration.ofSeconds(1))).hasSize(1);
        assertThat(state(trackingId)).isEqualTo("accepted");
    }

    @Test
    void documentsSentAtTheSameMomentAreDeliveredOnceAndEachGetsItsAnswer() throws Exception {
        Doc same = TestDocuments.referral(KANAK, DE_RAND);
        Doc minutes = TestDocuments.minutes(RISO, "23098");
        String original = minutes.json();
        String changed = minutes.set("/payload/summary", "Another summary under the same documentId.").json();
        List<String[]> sends = new java.util.ArrayList<>(); // sender, document: one document eight times, eight others
        for (int i = 0; i < 8; i++) {
            sends.add(new String[] {KANAK, same.json()});
            sends.add(new String[] {KANAK, TestDocuments.referral(KANAK, DE_RAND).json()});
        }
        sends.add(new String[] {RISO, original});
        sends.add(new String[] {RISO, changed});

        java.util.concurrent.ExecutorService senders = java.util.concurrent.Executors.newFixedThreadPool(sends.size());
        List<HubClient.Answer> answers;
        try {
            List<CompletableFuture<HubClient.Answer>> sending = sends.stream()
                    .map(send -> CompletableFuture.supplyAsync(() -> hub.post(send[0], send[1]), senders)).toList();
            answers = sending.stream().map(CompletableFuture::join).toList();
        } finally {
            senders.shutdown();
        }

        List<HubClient.Answer> sameAnswers = java.util.stream.IntStream.range(0, 16).filter(i -> i % 2 == 0).mapToObj(answers::get).toList();
        String trackingId = sameAnswers.get(0).json().path("trackingId").asString();
        // accepted (a send that found it on its way waited for it) or a duplicate; always the one tracking id
        assertThat(sameAnswers).extracting(HubClient.Answer::status).isSubsetOf(202, 200).contains(202);
        assertThat(sameAnswers).extracting(answer -> answer.json().path("trackingId").asString()).containsOnly(trackingId);
        assertThat(hub.receiveAll(DE_RAND, "partner.de-rand.outbox", trackingId, HubClient.PATIENCE)).hasSize(1);
        assertThat(hub.receiveAll(AGENCY, "agency.inbox", trackingId, HubClient.PATIENCE)).hasSize(1);
        assertThat(java.util.stream.IntStream.range(0, 16).filter(i -> i % 2 == 1).mapToObj(answers::get))
                .extracting(HubClient.Answer::status).containsOnly(202);
        assertThat(List.of(answers.get(16).status(), answers.get(17).status())).containsExactlyInAnyOrder(202, 409);
    }

    @Test
    void resendWhileTheAcceptedMarkIsNotWrittenYetIsADuplicate() throws Exception {
        Doc minutes = TestDocuments.minutes(RISO, "23098");
        String trackingId = hub.submit(Way.HTTP, RISO, minutes.json()).path("trackingId").asString();
        hub.awaitOutbox(LEARNING_NETWORK, trackingId);
        assertThat(state(trackingId)).as("marked accepted before the answer").isEqualTo("accepted");
        // as if the broker had just committed it: the register still says pending, and the mark cannot be written
        // because another transaction holds the row
        jdbc.update("UPDATE document SET state = 'pending' WHERE tracking_id = ?", trackingId);
        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement("SELECT state FROM document WHERE tracking_id = ? FOR UPDATE")) {
                lock.setString(1, trackingId);
                lock.executeQuery().close();
            }
            CompletableFuture<Void> marking = CompletableFuture.runAsync(
                    () -> acceptedMarks.markAccepted(trackingId, List.of(AGENCY, LEARNING_NETWORK)));
            Awaitility.await().atMost(HubClient.PATIENCE).until(() -> acceptedMarks.receivers(trackingId).isPresent());

            JsonNode again = hub.submit(Way.HTTP, RISO, minutes.json());
            JsonNode status = hub.get(RISO, "/api/v1/documents/" + trackingId).json();

            assertThat(again.path("status").asString()).as(again.toString()).isEqualTo("duplicate");
            assertThat(again.path("trackingId").asString()).isEqualTo(trackingId);
            assertThat(status.path("state").asString()).as(status.toString()).isIn("in-transit", "delivered");
            assertThat(state(trackingId)).isEqualTo("pending");
            assertThat(marking).as("the mark's caller waits until the mark is written").isNotDone();
            holder.rollback();
            marking.get(HubClient.PATIENCE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        }
        assertThat(state(trackingId)).isEqualTo("accepted");
        assertThat(hub.receiveAll(LEARNING_NETWORK, "learning-network.inbox", trackingId, Duration.ofSeconds(2))).hasSize(1);
    }

    private String state(String trackingId) {
        return jdbc.queryForObject("SELECT state FROM document WHERE tracking_id = ?", String.class, trackingId);
    }
}
