package be.randhub.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

import be.randhub.crash.Acknowledged.Sent;
import be.randhub.support.HubClient;
import be.randhub.support.HubProcess;

import tools.jackson.databind.JsonNode;

/**
 * Nothing lost, nothing twice, with the packaged hub killed (SIGKILL) at random moments and restarted: every
 * document the hub acknowledged reaches each of its receivers exactly once, in their folder and on their queue;
 * every document ends delivered; nothing is left in a dead-letter queue or a drop folder.
 */
class CrashIT {

    static final List<String> RECEIVERS = List.of("agency", "learning-network", "de-rand");

    HubProcess hub;
    HubClient client;
    final Acknowledged acknowledged = new Acknowledged();

    @BeforeEach
    void startHub(TestInfo test) throws Exception {
        Path work = HubProcess.workDir("crash", test);
        hub = new HubProcess(work, Map.of());
        hub.start();
        client = HubClient.of(hub);
    }

    @AfterEach
    void stopHub() throws Exception {
        client.closeConnections();
        hub.close();
    }

    /**
     * One run, three kills: the first in the middle of a drop of 500 files, two more at random moments while
     * 1,500 more documents come in over HTTP, JMS and file drop. Afterwards every acknowledged document has been
     * delivered exactly once to each of its receivers, every dropped file was processed once and none is left,
     * and the agency feed counts each document once.
     */
    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void documentsAcknowledgedAcrossKillsAreDeliveredExactlyOnce() throws Exception {
        askToCloseAgencyFeed(); // what an earlier run left in a shared database goes into a feed of its own

        List<Sent> bulkDrop = Sent.mix("file", 500);
        killInTheMiddleOfADrop(bulkDrop);

        List<Sent> overHttp = Sent.mix("http", 500);
        List<Sent> dropped = Sent.mix("file", 500);
        List<Sent> overJms = Sent.mix("jms", 500);
        ExecutorService senders = Executors.newFixedThreadPool(3);
        List<Future<?>> sending = List.of(
                senders.submit(() -> Acknowledged.paced(overHttp, this::sendOverHttp)),
                senders.submit(() -> Acknowledged.paced(dropped, this::drop)),
                senders.submit(() -> Acknowledged.paced(overJms, document -> client.sendDocumentUntilSent(document.partner(), document.json()))));
        killAtRandomMoments(2);
        for (Future<?> future : sending) {
            future.get();
        }
        senders.shutdown();

        List<Sent> all = Stream.of(bulkDrop, overHttp, dropped, overJms).flatMap(List::stream).toList();
        assertThat(all).hasSizeGreaterThanOrEqualTo(2000);
        assertThat(hub.starts() - 1).as("kills").isGreaterThanOrEqualTo(3);
        awaitAcknowledged(all);
        assertDeliveredExactlyOnce(all);
        assertFeedCountsEachOnce(all);
    }

    /**
     * Stopped the way orchestrators stop a process (SIGTERM) while documents come in over HTTP, JMS and file drop, and
     * started again: the hub finishes or hands back what it holds, and every acknowledged document reaches each of
     * its receivers exactly once, nothing left behind.
     */
    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void documentsAcknowledgedAcrossAGracefulStopAreDeliveredExactlyOnce() throws Exception {
        askToCloseAgencyFeed();
        List<Sent> overHttp = Sent.mix("http", 300);
        List<Sent> dropped = Sent.mix("file", 300);
        List<Sent> overJms = Sent.mix("jms", 300);
        ExecutorService senders = Executors.newFixedThreadPool(3);
        List<Future<?>> sending = List.of(
                senders.submit(() -> Acknowledged.paced(overHttp, this::sendOverHttp)),
                senders.submit(() -> Acknowledged.paced(dropped, this::drop)),
                senders.submit(() -> Acknowledged.paced(overJms, document -> client.sendDocumentUntilSent(document.partner(), document.json()))));

        Thread.sleep(ThreadLocalRandom.current().nextLong(2000, 4000)); // under load
        Duration stopping = hub.stop();
        System.out.printf("SIGTERM under load: the hub stopped in %d ms%n", stopping.toMillis());
        assertThat(hub.log()).as("the hub's log").anyMatch(line -> line.contains("Commencing graceful shutdown"));
        Thread.sleep(1000); // partners keep sending meanwhile
        hub.start();
        for (Future<?> future : sending) {
            future.get();
        }
        senders.shutdown();

        List<Sent> all = Stream.of(overHttp, dropped, overJms).flatMap(List::stream).toList();
        awaitAcknowledged(all);
        assertDeliveredExactlyOnce(all);
    }

    /** Drops all files at once and kills the hub when some, not all, are done. */
    private void killInTheMiddleOfADrop(List<Sent> files) throws Exception {
        for (Sent document : files) {
            drop(document);
        }
        Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20)).until(() -> filesDone() >= 50);
        hub.kill();
        assertThat(filesDone()).as("files done when the hub was killed").isLessThan(files.size());
        hub.start();
    }

    private void assertFeedCountsEachOnce(List<Sent> documents) throws Exception {
        JsonNode feed = closeAgencyFeed();
        java.util.Set<String> acknowledgedIds = documents.stream()
                .map(document -> acknowledged.get(document.documentId()).iterator().next()).collect(Collectors.toSet());
        List<String> counted = feed.path("trackingIds").valueStream().map(JsonNode::asString).toList();
        assertThat(counted).as("tracking ids in the feed").hasSize(documents.size()).containsExactlyInAnyOrderElementsOf(acknowledgedIds);
        assertThat(feed.path("counts").valueStream().mapToLong(count -> count.path("count").asLong()).sum()).isEqualTo(documents.size());
        long referrals = documents.stream().filter(document -> document.partner().equals("kanak")).count();
        assertThat(feed.path("referralFunnel").valueStream().mapToLong(row -> row.path("requested").asLong()).sum()).isEqualTo(referrals);
    }

    // ------------------------------------------------------------------ the load

    private void sendOverHttp(Sent document) throws InterruptedException {
        acknowledged.add(document.documentId(), client.postUntilAcknowledged(document.partner(), document.json()));
    }

    private void drop(Sent document) {
        client.drop(document.partner(), document.documentId() + ".json", document.json());
    }

    /** Kills the hub at random moments while the partners send, and starts it again each time. */
    private void killAtRandomMoments(int kills) throws Exception {
        for (int kill = 0; kill < kills; kill++) {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1000, 5000));
            hub.kill();
            hub.start();
        }
    }

    // ------------------------------------------------------------------ what must hold afterwards

    /** Waits until every document has been answered: its receipt (file, JMS) or its HTTP answer. */
    private void awaitAcknowledged(List<Sent> documents) {
        Awaitility.await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            for (String partner : List.of("kanak", "riso", "de-horizon")) {
                acknowledged.collectFileReceipts(client, partner);
                acknowledged.collectJmsReceipts(client, partner);
            }
            return documents.stream().allMatch(document -> acknowledged.containsKey(document.documentId()));
        });
    }

    private void assertDeliveredExactlyOnce(List<Sent> documents) throws Exception {
        Map<String, String> trackingIds = new HashMap<>();
        for (Sent document : documents) {
            assertThat(acknowledged.get(document.documentId()))
                    .as("tracking ids the hub answered for %s", document.documentId()).hasSize(1);
            trackingIds.put(document.documentId(), acknowledged.get(document.documentId()).iterator().next());
        }
        awaitEveryFile(documents, trackingIds);

        Acknowledged.assertEachDeliveredOnce(client, documents, trackingIds, RECEIVERS);
        for (Sent document : documents) {
            assertThat(client.documentState(trackingIds.get(document.documentId()))).as(document.documentId()).hasValue("delivered");
        }
        assertThat(client.queueDepth("hub.dead-letter")).as("hub.dead-letter").isZero();
        assertThat(client.queueDepth("DLQ")).as("DLQ").isZero();
        assertDropFoldersEmptied(documents, trackingIds);
    }

    private void awaitEveryFile(List<Sent> documents, Map<String, String> trackingIds) {
        Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> documents.stream()
                .allMatch(document -> document.receivers().stream().allMatch(receiver -> Files.exists(
                        hub.dataDir().resolve("outbox").resolve(receiver).resolve(trackingIds.get(document.documentId()) + ".json")))));
        // and a moment for the tracking writer to store the last events
        Awaitility.await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            for (Sent document : documents) {
                if (!client.documentState(trackingIds.get(document.documentId())).orElse("").equals("delivered")) {
                    return false;
                }
            }
            return true;
        });
    }

    private void assertDropFoldersEmptied(List<Sent> documents, Map<String, String> trackingIds) throws IOException {
        Map<String, List<Sent>> byPartner = documents.stream().filter(document -> document.way().equals("file"))
                .collect(Collectors.groupingBy(Sent::partner));
        for (Map.Entry<String, List<Sent>> partner : byPartner.entrySet()) {
            Path inbox = hub.dataDir().resolve("inbox").resolve(partner.getKey());
            try (Stream<Path> left = Files.list(inbox)) {
                assertThat(left.filter(Files::isRegularFile).map(Path::getFileName).map(Path::toString)
                        .filter(name -> !name.startsWith("."))).as("left in inbox/%s", partner.getKey()).isEmpty();
            }
            Map<String, Long> done;
            try (Stream<Path> files = Files.walk(hub.dataDir().resolve("processed").resolve(partner.getKey()).resolve("done"))) {
                done = files.filter(Files::isRegularFile).map(file -> file.getFileName().toString())
                        .collect(Collectors.groupingBy(name -> name.substring(0, name.length() - ".json".length() - 37),
                                Collectors.counting()));
            }
            for (Sent document : partner.getValue()) {
                assertThat(done.get(document.documentId())).as("processed/done entries for %s", document.documentId()).isEqualTo(1L);
            }
        }
        assertThat(trackingIds).isNotEmpty();
    }

    /**
     * Closes the open agency feed as the operator (the close marker queues behind every entry sent before it) and
     * returns the close id.
     */
    private String askToCloseAgencyFeed() {
        return client.readJsonText(client.send("operator", HttpRequest.newBuilder(client.uri("/api/v1/feeds/agency"))
                .POST(HttpRequest.BodyPublishers.noBody())).body()).path("closeId").asString();
    }

    /** Closes the open agency feed as the operator and returns it, once the hub has built it. */
    private JsonNode closeAgencyFeed() {
        String closeId = askToCloseAgencyFeed();
        return Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> client.readJsonText(client.get("agency", "/api/v1/feeds/agency").body())
                .path("feeds").valueStream().filter(feed -> feed.path("feedId").asString().equals(closeId)).findFirst(),
                java.util.Optional::isPresent).orElseThrow();
    }


    /** Dropped files the hub has processed so far: the receipts in every partner's receipts folder. */
    private long filesDone() throws IOException {
        long receipts = 0;
        for (String partner : List.of("kanak", "riso", "de-horizon")) {
            try (Stream<Path> files = Files.list(hub.dataDir().resolve("outbox").resolve(partner).resolve("receipts"))) {
                receipts += files.filter(file -> file.getFileName().toString().endsWith(".receipt.json")).count();
            }
        }
        return receipts;
    }

}
