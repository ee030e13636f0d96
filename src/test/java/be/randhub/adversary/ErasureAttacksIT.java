package be.randhub.adversary;

import static be.randhub.support.TestPartners.DE_RAND;
import static be.randhub.support.TestPartners.KANAK;
import static be.randhub.support.TestPartners.PRIVACY_OFFICER;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import be.randhub.support.HubClient;
import be.randhub.support.HubClient.Answer;
import be.randhub.support.TestDocuments;
import be.randhub.support.TestDocuments.Doc;

import tools.jackson.databind.JsonNode;

/**
 * Copies of a person's data that a partner (or the referral's target) made the hub keep by sending something it
 * refuses: an erasure reaches every one of them, however the documentId is spelled.
 */
@ExtendWith(AttackedHub.class)
class ErasureAttacksIT {

    @Test
    void erasureReachesRefusedInputOfEveryPartyAndEverySpelling(HubClient hub) throws IOException {
        String family = "Zarrouk" + (System.nanoTime() % 100000);
        Doc referral = TestDocuments.referral(KANAK, DE_RAND).set("/payload/person/familyName", family);
        assertThat(hub.post(KANAK, referral.json()).status()).isEqualTo(202);
        // the target answers with a transition that is not allowed, naming the person in its note: refused, kept aside
        Answer refusedUpdate = hub.post(DE_RAND, TestDocuments.status(DE_RAND, KANAK, referral.documentId(), "completed")
                .set("/payload/note", "Mevrouw " + family + " kwam niet").json());
        // the same, dropped as a file
        hub.drop(DE_RAND, "refused-update.json", TestDocuments.status(DE_RAND, KANAK, referral.documentId(), "completed")
                .set("/payload/note", "Mevrouw " + family + " belde af").json());
        JsonNode refusedDrop = hub.awaitFileReceipt(DE_RAND, "refused-update.json");
        // the referrer resends the referral with other content, its documentId written with JSON escapes: a conflict
        String escapedId = referral.documentId().replace("-", "\\u002d");
        Answer conflict = hub.post(KANAK, referral.set("/payload/needs/0", "find work").json()
                .replace("\"" + referral.documentId() + "\"", "\"" + escapedId + "\""));
        assertThat(refusedUpdate.status()).isEqualTo(400);
        assertThat(refusedDrop.path("status").asString()).isEqualTo("rejected");
        assertThat(conflict.status()).isEqualTo(409);
        List<String> kept = List.of(refusedUpdate.json().path("trackingId").asString(),
                refusedDrop.path("trackingId").asString(), conflict.json().path("trackingId").asString());
        assertThat(kept).allSatisfy(trackingId -> assertThat(content(hub, trackingId)).isEqualTo(200));

        Answer erasure = hub.send(PRIVACY_OFFICER, HttpRequest.newBuilder(hub.uri("/api/v1/privacy/erasures"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"partner\":\"" + KANAK + "\",\"documentId\":\"" + referral.documentId() + "\"}")));

        assertThat(erasure.status()).isEqualTo(200);
        assertThat(kept).allSatisfy(trackingId -> assertThat(content(hub, trackingId)).as(trackingId).isEqualTo(404));
        try (Stream<Path> files = Files.walk(hub.dataDir())) {
            for (Path file : files.filter(Files::isRegularFile).filter(file -> !file.startsWith(hub.dataDir().resolve("broker"))
                    && !file.startsWith(hub.dataDir().resolve("db"))).toList()) {
                assertThat(new String(Files.readAllBytes(file), StandardCharsets.UTF_8)).as("%s", file).doesNotContain(family);
            }
        }
    }

    private static int content(HubClient hub, String trackingId) {
        return hub.get(PRIVACY_OFFICER, "/api/v1/operator/documents/" + trackingId + "/content").status();
    }
}
