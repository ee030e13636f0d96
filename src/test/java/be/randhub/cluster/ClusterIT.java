package be.randhub.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import be.randhub.crash.Acknowledged;
import be.randhub.crash.Acknowledged.Sent;
import be.randhub.support.HubClient;
import be.randhub.support.HubTestConfiguration;
import be.randhub.support.LocalCluster;
import be.randhub.support.TestPartners;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The hub beyond one machine, on real processes: {@code docker/local-cluster up} starts a replicated Artemis pair,
 * PostgreSQL and two hub instances sharing one data directory, as an operator would. While partners send 2,000
 * documents over HTTP (to both instances), JMS (through the failover URL) and file drops, the primary broker is
 * killed with SIGKILL (the backup takes over and both hubs publish again within 10 s, without a restart), then one
 * hub instance is killed with SIGKILL under load (partners send to the other). Afterwards every acknowledged
 * document has reached each of its receivers exactly once, as a file and as a queue message; nothing is left
 * undelivered or in a dead-letter queue.
 * <p>
 * Last, hub-2 starts again while the primary is still dead (it finds the backup through the failover URL) and
 * takes more documents.
 * <p>
 * Files are dropped from the start of the load, while both instances read the drop folders: both are seen taking
 * files (in their own work folders, never the same file), and each is taken in once.
 * The agency feed closes every 10 s (HUB_FEED_SCHEDULE, which local-cluster passes on to the hubs): every firing
 * closes at most one feed, whichever instance fires, and every document of the run is in exactly one feed.
 * <p>
 * Once hub-2 is back, an operator suspends kanak's file intake through hub-1: hub-2 lists it suspended within a few
 * seconds and leaves kanak's files alone too; resumed through hub-2, it runs again on hub-1 and the files dropped
 * meanwhile are delivered once.
 */
class ClusterIT {

    static final List<String> RECEIVERS = List.of("agency", "learning-network", "de-rand");
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Duration FAILOVER_LIMIT = Duration.ofSeconds(10);
    /** How soon a suspension or resumption made on one instance must show on the other (the sync runs every 2 s). */
    static final Duration SUSPENSION_LIMIT = Duration.ofSeconds(6);
    static final String SUSPENDED_ROUTE = "file-intake-kanak";
    static final long FEED_EVERY_SECONDS = 10;

    static LocalCluster cluster;
    static HubClient[] hubs;

    final Acknowledged acknowledged = new Acknowledged();
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
    /** Which instances are still alive (index 0: hub-1, 1: hub-2). */
    final java.util.concurrent.atomic.AtomicIntegerArray alive = new java.util.concurrent.atomic.AtomicIntegerArray(new int[] {1, 1});
    /** When the primary broker was killed (System.nanoTime). */
    volatile long brokerKilledAt = Long.MAX_VALUE;
    /** Per instance: when it acknowledged the first document posted to it after the primary broker's kill. */
    final AtomicLong[] firstAcknowledgedAfterKill = {new AtomicLong(Long.MAX_VALUE), new AtomicLong(Long.MAX_VALUE)};
    final AtomicInteger httpAcknowledged = new AtomicInteger();

    @BeforeAll
    static void cluster() throws Exception {
        Map<String, String> settings = new HashMap<>();
        settings.put("HUB_JAVA_OPTS", "-Xmx512m -XX:TieredStopAtLevel=1");
        settings.put("HUB_FILE_POLL_DELAY", "100");
        settings.put("HUB_FILE_SETTLE_TIME", "200");
        settings.put("HUB_RETRY_INITIAL_DELAY", "200ms");
        settings.put("HUB_FEED_SCHEDULE", "*/" + FEED_EVERY_SECONDS + " * * * * *");
        settings.put("HUB_FEED_ZONE", "UTC");
        if (System.getenv("HUB_OPERATIONS_SUSPENSION_SYNC") != null) { // to see the suspension check fail
            settings.put("HUB_OPERATIONS_SUSPENSION_SYNC", System.getenv("HUB_OPERATIONS_SUSPENSION_SYNC"));
        }
        long started = System.nanoTime();
        cluster = LocalCluster.up(settings);
        System.out.printf("ClusterIT: local-cluster up in %.1f s%n", (System.nanoTime() - started) / 1e9);
        hubs = new HubClient[] {cluster.hub(0), cluster.hub(1)};
    }

    @AfterAll
    static void down() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void documentsAcknowledgedAcrossABrokerFailoverAndAKilledInstanceAreDeliveredExactlyOnce() throws Exception {
        long testStarted = System.nanoTime();
        List<Sent> toHub1 = Sent.mix("http", 500);
        List<Sent> toHub2 = Sent.mix("http", 500);
        List<Sent> overJms = Sent.mix("jms", 500);
        List<Sent> dropped = Sent.mix("file", 500);
        AtomicInteger hub2Sent = new AtomicInteger();

        // what each instance is taking in, as seen in the shared data folder
        java.util.concurrent.ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor();
        java.util.concurrent.ScheduledFuture<?> watching = watcher.scheduleWithFixedDelay(this::watchWorkFolders, 0, 20, TimeUnit.MILLISECONDS);
        ExecutorService senders = Executors.newFixedThreadPool(4);
        List<Future<?>> sending = new ArrayList<>(List.of(
                // files from the start: both instances read the shared drop folders
                senders.submit(() -> Acknowledged.paced(dropped, document -> hubs[0].drop(document.partner(), document.documentId() + ".json", document.json()))),
                senders.submit(() -> Acknowledged.paced(toHub1, document -> post(0, document))),
                senders.submit(() -> Acknowledged.paced(toHub2, document -> {
                    post(1, document);
                    hub2Sent.incrementAndGet();
                })),
                senders.submit(() -> Acknowledged.paced(overJms, document -> hubs[0].sendDocumentUntilSent(document.partner(), document.json())))));

        // (a) the primary broker dies; the backup takes over and both instances publish again, without a restart
        Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> httpAcknowledged.get() >= 150);
        cluster.kill(LocalCluster.BROKER_PRIMARY); // returns once the process is gone
        brokerKilledAt = System.nanoTime();
        Duration[] failover = new Duration[2];
        for (int hub = 0; hub < 2; hub++) {
            int instance = hub;
            Awaitility.await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(20))
                    .until(() -> firstAcknowledgedAfterKill[instance].get() != Long.MAX_VALUE);
            failover[hub] = Duration.ofNanos(firstAcknowledgedAfterKill[instance].get() - brokerKilledAt);
        }
        System.out.printf("ClusterIT: primary broker killed; the first document posted after the kill was acknowledged "
                + "%d ms (hub-1) and %d ms (hub-2) after the kill%n", failover[0].toMillis(), failover[1].toMillis());
        assertThat(failover).as("from the primary's kill to a document posted and acknowledged, per instance")
                .allMatch(time -> time.compareTo(FAILOVER_LIMIT) <= 0);

        // (b) one instance dies in the middle of its load; its partners send to the other
        int sentBefore = hub2Sent.get();
        Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> hub2Sent.get() >= sentBefore + 50);
        watching.cancel(false);
        cluster.kill(LocalCluster.HUB_2);
        System.out.printf("ClusterIT: while both ran, hub-1 was seen taking in %d dropped files, hub-2 %d%n",
                takenBy.get("hub-1").size(), takenBy.get("hub-2").size());
        assertThat(takenBy.values()).as("dropped files seen in processed/<partner>/work/<instance>/ while both instances ran")
                .allMatch(files -> !files.isEmpty());
        assertThat(takenBy.get("hub-1")).as("files seen taken in by both instances").doesNotContainAnyElementsOf(takenBy.get("hub-2"));
        alive.set(1, 0);
        assertThat(hub2Sent.get()).as("documents sent to hub-2 when it was killed").isLessThan(toHub2.size());
        System.out.printf("ClusterIT: hub-2 killed after %d of its %d documents%n", hub2Sent.get(), toHub2.size());

        for (Future<?> future : sending) {
            future.get();
        }
        senders.shutdown();
        watcher.shutdown();

        List<Sent> beforeRestart = Stream.of(toHub1, toHub2, overJms, dropped).flatMap(List::stream).toList();
        awaitAcknowledged(beforeRestart);
        awaitDropFoldersEmpty();

        // hub-2 starts again while the primary broker is still dead: it reaches the backup through the failover URL
        // (provisioning included) and takes documents
        long restarting = System.nanoTime();
        cluster.run("start", LocalCluster.HUB_2);
        alive.set(1, 1);
        System.out.printf("ClusterIT: hub-2 started again, with the primary broker dead, ready in %.1f s%n", (System.nanoTime() - restarting) / 1e9);
        List<Sent> afterRestart = Sent.mix("http", 30);
        for (Sent document : afterRestart) {
            post(1, document);
        }

        // an operator suspends kanak's file intake on hub-1: it holds on hub-2 too; resumed on hub-2, it runs on hub-1
        List<Sent> droppedWhileSuspended = suspendOnOneResumeOnTheOther();

        List<Sent> all = Stream.of(beforeRestart, afterRestart, droppedWhileSuspended).flatMap(List::stream).toList();
        assertThat(all).hasSizeGreaterThanOrEqualTo(2000);
        awaitAcknowledged(all);
        assertDeliveredExactlyOnce(all);
        assertEachFiringClosedOneFeed(all);
        assertTheLogIsOneChainSignedWithOneKey(all);
        System.out.printf("ClusterIT: %d documents delivered exactly once in %.1f s%n", all.size(), (System.nanoTime() - testStarted) / 1e9);
    }

    // ------------------------------------------------------------------ across instances

    private List<Sent> suspendOnOneResumeOnTheOther() throws Exception {
        assertThat(routeState(1, SUSPENDED_ROUTE)).as("%s on hub-2 before the suspension", SUSPENDED_ROUTE).isEqualTo("Started");
        HubClient.Answer suspended = hubs[0].send(TestPartners.OPERATOR, HttpRequest.newBuilder(hubs[0].uri("/api/v1/operator/routes/" + SUSPENDED_ROUTE + "/suspend"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"reason\": \"ClusterIT: kanak's drop folder is being moved\"}")));
        assertThat(suspended.status()).as("suspend on hub-1: %s", suspended.body()).isEqualTo(200);
        long suspendedAt = System.nanoTime();
        assertThat(routeState(0, SUSPENDED_ROUTE)).as("%s on hub-1 once suspended there", SUSPENDED_ROUTE).isEqualTo("Suspended");
        Awaitility.await("hub-2 lists " + SUSPENDED_ROUTE + " suspended").atMost(SUSPENSION_LIMIT).pollInterval(Duration.ofMillis(100))
                .until(() -> "Suspended".equals(routeState(1, SUSPENDED_ROUTE)));
        long heldOnHub2 = System.nanoTime() - suspendedAt;
        JsonNode onHub2 = route(1, SUSPENDED_ROUTE);
        assertThat(onHub2.at("/suspension/reason").asString()).as("the reason hub-2 shows").contains("drop folder is being moved");

        // while suspended, neither instance takes kanak's files (the other partners' are taken)
        List<Sent> whileSuspended = new ArrayList<>();
        for (Sent document : Sent.mix("file", 30)) {
            hubs[0].drop(document.partner(), document.documentId() + ".json", document.json());
            whileSuspended.add(document);
        }
        List<String> kanakFiles = whileSuspended.stream().filter(document -> document.partner().equals("kanak"))
                .map(document -> document.documentId() + ".json").toList();
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                leftInInbox("riso").isEmpty() && leftInInbox("de-horizon").isEmpty());
        Thread.sleep(2000);
        assertThat(leftInInbox("kanak")).as("kanak's files while its intake is suspended on both instances").containsAll(kanakFiles);

        HubClient.Answer resumed = hubs[1].send(TestPartners.OPERATOR, HttpRequest.newBuilder(hubs[1].uri("/api/v1/operator/routes/" + SUSPENDED_ROUTE + "/resume"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(resumed.status()).as("resume on hub-2: %s", resumed.body()).isEqualTo(200);
        long resumedAt = System.nanoTime();
        Awaitility.await("hub-1 lists " + SUSPENDED_ROUTE + " started").atMost(SUSPENSION_LIMIT).pollInterval(Duration.ofMillis(100))
                .until(() -> "Started".equals(routeState(0, SUSPENDED_ROUTE)));
        System.out.printf("ClusterIT: %s suspended on hub-1, suspended on hub-2 %d ms later; resumed on hub-2, running on hub-1 %d ms later; "
                + "%d of kanak's files waited%n", SUSPENDED_ROUTE, heldOnHub2 / 1_000_000, (System.nanoTime() - resumedAt) / 1_000_000, kanakFiles.size());
        awaitDropFoldersEmpty();
        return whileSuspended;
    }

    /** Per instance: the dropped files seen in its work folder, processed/<partner>/work/<instance>/. */
    final Map<String, Set<String>> takenBy = Map.of("hub-1", java.util.concurrent.ConcurrentHashMap.newKeySet(),
            "hub-2", java.util.concurrent.ConcurrentHashMap.newKeySet());

    private void watchWorkFolders() {
        for (String partner : List.of("kanak", "riso", "de-horizon")) {
            takenBy.forEach((instance, seen) -> {
                try (Stream<Path> files = Files.list(hubs[0].dataDir().resolve("processed").resolve(partner).resolve("work").resolve(instance))) {
                    files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".json"))
                            .map(name -> name.replaceFirst("^[0-9a-f-]{8}\\.", "")).forEach(seen::add); // the instance's prefix off: the dropped name
                } catch (IOException | java.io.UncheckedIOException notThereYet) {
                    // no work folder yet, or a file gone while listed
                }
            });
        }
    }

    private JsonNode route(int hub, String id) {
        HubClient.Answer routes = hubs[hub].get(TestPartners.OPERATOR, "/api/v1/operator/routes");
        assertThat(routes.status()).as("route list of hub-%d", hub + 1).isEqualTo(200);
        for (JsonNode route : routes.json()) {
            if (route.path("id").asString().equals(id)) {
                return route;
            }
        }
        throw new AssertionError("hub-" + (hub + 1) + " lists no route " + id);
    }

    private String routeState(int hub, String id) {
        return route(hub, id).path("state").asString();
    }

    /**
     * The feeds the agency can read: no two closed by the same firing of the schedule (each instance's schedule
     * fires, one closes), and every document of the run in exactly one feed.
     */
    private void assertEachFiringClosedOneFeed(List<Sent> documents) {
        Set<String> trackingIds = documents.stream().map(document -> acknowledged.get(document.documentId()).iterator().next()).collect(Collectors.toSet());
        List<JsonNode> feeds = new ArrayList<>();
        Awaitility.await("every document of the run in a feed").atMost(Duration.ofSeconds(4 * FEED_EVERY_SECONDS)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            HubClient.Answer answer = hubs[0].get(TestPartners.OPERATOR, "/api/v1/feeds/agency");
            assertThat(answer.status()).as("GET /api/v1/feeds/agency").isEqualTo(200);
            feeds.clear();
            answer.json().path("feeds").forEach(feeds::add);
            Set<String> inFeeds = feeds.stream().flatMap(feed -> StreamSupport.stream(feed.path("trackingIds").spliterator(), false))
                    .map(JsonNode::asString).collect(Collectors.toSet());
            return inFeeds.containsAll(trackingIds);
        });
        Map<Long, List<String>> byFiring = feeds.stream().collect(Collectors.groupingBy(
                feed -> Instant.parse(feed.at("/period/to").asString()).getEpochSecond() / FEED_EVERY_SECONDS,
                Collectors.mapping(feed -> feed.path("feedId").asString() + " " + feed.at("/period/from").asString() + ".." + feed.at("/period/to").asString(), Collectors.toList())));
        assertThat(byFiring.values()).as("feeds closed by one firing of the schedule").allMatch(closed -> closed.size() == 1);
        Map<String, Long> feedsPerDocument = feeds.stream().flatMap(feed -> StreamSupport.stream(feed.path("trackingIds").spliterator(), false))
                .map(JsonNode::asString).filter(trackingIds::contains).collect(Collectors.groupingBy(id -> id, Collectors.counting()));
        assertThat(feedsPerDocument.entrySet()).as("documents in more than one feed").noneMatch(entry -> entry.getValue() > 1);
        List<JsonNode> sorted = feeds.stream().sorted(java.util.Comparator.comparing(feed -> feed.at("/period/from").asString())).toList();
        for (int i = 1; i < sorted.size(); i++) { // the database keeps a period's bounds to the microsecond
            assertThat(Instant.parse(sorted.get(i).at("/period/from").asString()).truncatedTo(ChronoUnit.MICROS))
                    .as("feed %s starts where %s ended, not before", sorted.get(i).path("feedId").asString(), sorted.get(i - 1).path("feedId").asString())
                    .isAfterOrEqualTo(Instant.parse(sorted.get(i - 1).at("/period/to").asString()).truncatedTo(ChronoUnit.MICROS));
        }
        System.out.printf("ClusterIT: %d agency feeds closed on a %d s schedule by two instances, one per firing; %d documents each in one feed%n",
                feeds.size(), FEED_EVERY_SECONDS, trackingIds.size());
    }

    // ------------------------------------------------------------------ the load

    /**
     * Posts a document to an instance until one acknowledges it, as a partner behind a load balancer does: while
     * the instance is away (killed), to the other one.
     */
    private void post(int hub, Sent document) throws Exception {
        int instance = hub;
        while (true) {
            if (alive.get(instance) == 0) {
                instance = 1 - instance;
            }
            long posted = System.nanoTime();
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cluster.httpPort(instance) + "/api/v1/documents"))
                        .timeout(Duration.ofSeconds(20))
                        .header("Authorization", basic(document.partner()))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(document.json())).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 202 || response.statusCode() == 200) {
                    acknowledged.add(document.documentId(), JSON.readTree(response.body()).path("trackingId").asString());
                    if (posted > brokerKilledAt) {
                        firstAcknowledgedAfterKill[instance].accumulateAndGet(System.nanoTime(), Math::min);
                    }
                    httpAcknowledged.incrementAndGet();
                    return;
                }
                if (response.statusCode() != 503) {
                    throw new AssertionError("unexpected answer " + response.statusCode() + ": " + response.body());
                }
            } catch (IOException instanceAway) {
                // killed, or not answering in time: a partner tries again
            }
            Thread.sleep(200);
        }
    }

    private static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + HubTestConfiguration.password(user)).getBytes(StandardCharsets.UTF_8));
    }

    // ------------------------------------------------------------------ what must hold afterwards

    /** Waits until every document has been answered: its HTTP answer, or its receipt (file, JMS). */
    private void awaitAcknowledged(List<Sent> documents) {
        Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            for (String partner : List.of("kanak", "riso", "de-horizon")) {
                acknowledged.collectFileReceipts(hubs[0], partner);
                acknowledged.collectJmsReceipts(hubs[0], partner);
            }
            return documents.stream().allMatch(document -> acknowledged.containsKey(document.documentId()));
        });
    }

    private void assertDeliveredExactlyOnce(List<Sent> documents) throws Exception {
        HubClient hub = hubs[0];
        Map<String, String> trackingIds = new HashMap<>();
        for (Sent document : documents) {
            assertThat(acknowledged.get(document.documentId()))
                    .as("tracking ids the hubs answered for %s", document.documentId()).hasSize(1);
            trackingIds.put(document.documentId(), acknowledged.get(document.documentId()).iterator().next());
        }
        Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(() -> documents.stream()
                .allMatch(document -> document.receivers().stream().allMatch(receiver -> Files.exists(
                        hub.dataDir().resolve("outbox").resolve(receiver).resolve(trackingIds.get(document.documentId()) + ".json")))));
        Awaitility.await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1)).until(() -> documents.stream()
                .allMatch(document -> hub.documentState(trackingIds.get(document.documentId())).orElse("").equals("delivered")));

        Acknowledged.assertEachDeliveredOnce(hub, documents, trackingIds, RECEIVERS);
        assertThat(hub.queueDepth("hub.dead-letter")).as("hub.dead-letter").isZero();
        assertThat(hub.queueDepth("DLQ")).as("DLQ").isZero();
        assertThat(hub.queueDepth("hub.delivery")).as("copies waiting on hub.delivery").isZero();
        for (String partner : List.of("kanak", "riso", "de-horizon")) {
            assertThat(leftInInbox(partner)).as("left in inbox/%s", partner).isEmpty();
        }
    }

    /**
     * Both instances appended to one hash chain in the shared database (each delivery in it) and serve one public
     * key: the log exported from one instance verifies against the key the other serves.
     */
    private void assertTheLogIsOneChainSignedWithOneKey(List<Sent> documents) throws Exception {
        String key = hubs[1].get(null, "/api/v1/log/public-key").body();
        assertThat(hubs[0].get(null, "/api/v1/log/public-key").body()).as("the public key each instance serves").isEqualTo(key);
        java.net.http.HttpResponse<byte[]> export = hubs[0].getBytes(TestPartners.OPERATOR, "/api/v1/operator/log");
        assertThat(export.statusCode()).isEqualTo(200);
        List<String> lines = new String(export.body(), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
        be.randhub.register.LogVerifier.Outcome outcome = be.randhub.register.LogVerifier.verify(lines, be.randhub.register.LogKeys.readPem(key));
        assertThat(outcome.ok()).as(outcome.message()).isTrue();
        java.util.Set<String> delivered = new java.util.HashSet<>();
        for (String line : lines) {
            tools.jackson.databind.JsonNode entry = hubs[0].readJsonText(line).path("entry");
            if (entry.path("kind").asString("").equals("delivery")) {
                delivered.add(entry.path("trackingId").asString() + " " + entry.path("principal").asString());
            }
        }
        for (Sent document : documents) {
            String trackingId = acknowledged.get(document.documentId()).iterator().next();
            for (String receiver : document.receivers()) {
                assertThat(delivered).as("the log's delivery of %s to %s", document.documentId(), receiver).contains(trackingId + " " + receiver);
            }
        }
        System.out.printf("ClusterIT: the log from both instances verifies: %s%n", outcome.message());
    }

    /** Waits until the drop folders hold no document any more (the last ones moved to done/ after their receipt). */
    private void awaitDropFoldersEmpty() {
        Awaitility.await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200)).until(() ->
                Stream.of("kanak", "riso", "de-horizon").allMatch(partner -> leftInInbox(partner).isEmpty()));
    }

    private List<String> leftInInbox(String partner) {
        try (Stream<Path> left = Files.list(hubs[0].dataDir().resolve("inbox").resolve(partner))) {
            return left.filter(Files::isRegularFile).map(file -> file.getFileName().toString())
                    .filter(name -> !name.startsWith(".")).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

}
