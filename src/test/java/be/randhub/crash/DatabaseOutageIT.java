package be.randhub.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

import be.randhub.crash.Acknowledged.Sent;
import be.randhub.support.HubClient;
import be.randhub.support.HubProcess;
import be.randhub.support.TcpLink;
import be.randhub.support.TestDocuments;

import tools.jackson.databind.JsonNode;

/**
 * The database goes away under a running hub and comes back: the packaged hub reaches its database (H2 as a
 * server, or the suite's PostgreSQL) through a link the test cuts. Meanwhile HTTP gets a clear 503, readiness
 * says the database is down, and the routes that take files and JMS messages in hold them (operators see why),
 * and the log says so once, without stack traces. The hub makes one attempt per document here: none of what the
 * outage failed may count. Once the link is back every document is delivered once to each of its receivers,
 * with an "accepted" receipt, and nothing is dead-lettered.
 */
class DatabaseOutageIT {

    Server h2;
    TcpLink link;
    HubProcess hub;
    HubClient client;
    final Acknowledged acknowledged = new Acknowledged();

    @BeforeEach
    void hubBehindACuttableDatabaseLink(TestInfo test) throws Exception {
        Path work = HubProcess.workDir("database-outage", test);
        String profiles = System.getenv().getOrDefault("SPRING_PROFILES_ACTIVE", "");
        String databaseUrl;
        if (profiles.contains("postgres")) {
            // the suite's PostgreSQL server (CI's second run), reached through the link
            URI server = URI.create(System.getenv("HUB_DB_URL").substring("jdbc:".length()));
            link = new TcpLink(server.getHost(), server.getPort());
            databaseUrl = "jdbc:postgresql://127.0.0.1:" + link.port() + server.getRawPath();
        } else {
            // H2 as a server of its own, so that it can go away while the hub runs
            h2 = Server.createTcpServer("-tcpPort", "0", "-baseDir", Files.createDirectories(work.resolve("h2")).toString(),
                    "-ifNotExists").start();
            link = new TcpLink("127.0.0.1", h2.getPort());
            databaseUrl = "jdbc:h2:tcp://127.0.0.1:" + link.port() + "/hub;WRITE_DELAY=0";
        }
        // one attempt only: every failure is a document's last, so one the database's absence caused must not count
        // and timed work (unanswered referrals) runs every 2 s, so that it runs into the outage too
        hub = new HubProcess(work, Map.of("SPRING_DATASOURCE_URL", databaseUrl, "HUB_RETRY_MAX_ATTEMPTS", "1",
                "HUB_REFERRAL_CHECK_PERIOD", "2s"));
        hub.start();
        client = HubClient.of(hub);
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.closeConnections();
        }
        if (hub != null) {
            hub.close();
        }
        if (link != null) {
            link.close();
        }
        if (h2 != null) {
            h2.stop();
        }
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void documentsSentWhileTheDatabaseIsAwayAreDeliveredOnceItIsBack() throws Exception {
        Sent before = Sent.of(TestDocuments.referral("kanak", "de-rand"), "kanak", "http", List.of("agency", "de-rand"));
        sendOverHttp(before);
        awaitDelivered(before);

        link.cut();
        int logBeforeOutage = hub.log().size();

        Sent overHttp = Sent.of(TestDocuments.feedbackReport("riso", "23098"), "riso", "http", List.of("agency", "learning-network"));
        HubClient.Answer refused = post(overHttp);
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.body()).contains("Try again later");
        // the first request's failure told the hub the database is away: the next is answered without waiting for
        // a database connection (HUB_DB_CONNECTION_TIMEOUT, 5 s)
        long asked = System.nanoTime();
        assertThat(post(overHttp).status()).as("a second HTTP request").isEqualTo(503);
        assertThat(Duration.ofNanos(System.nanoTime() - asked)).as("time to answer the second request").isLessThan(Duration.ofSeconds(4));
        Sent dropped = Sent.of(TestDocuments.minutes("de-horizon", "23100"), "de-horizon", "file", List.of("agency", "learning-network"));
        client.drop(dropped.partner(), dropped.documentId() + ".json", dropped.json());
        Sent overJms = Sent.of(TestDocuments.referral("kanak", "de-rand"), "kanak", "jms", List.of("agency", "de-rand"));
        client.sendDocumentUntilSent(overJms.partner(), overJms.json());
        Awaitility.await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                .until(() -> readiness().path("components").path("db").path("status").asString(), "DOWN"::equals);
        Awaitility.await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                .until(() -> heldRoutes().containsAll(List.of("file-intake-de-horizon", "jms-intake-kanak", "unanswered-referrals")));
        Thread.sleep(12_000); // the database stays away for several of the drop folder's polls and the broker's redeliveries
        List<String> outageLog = hub.log().subList(logBeforeOutage, hub.log().size());

        link.restore();

        sendOverHttp(overHttp);
        Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> {
            acknowledged.collectFileReceipts(client, "de-horizon");
            acknowledged.collectJmsReceipts(client, "kanak");
            return acknowledged.containsAll(List.of(dropped.documentId(), overJms.documentId()));
        });
        for (Sent document : List.of(before, overHttp, dropped, overJms)) {
            awaitDelivered(document);
            assertThat(acknowledged.get(document.documentId())).as("tracking ids for %s", document.documentId()).hasSize(1);
        }
        for (String receiver : List.of("agency", "de-rand", "learning-network")) {
            assertThat(client.deliveredFiles(receiver)).as("copies in outbox/%s", receiver)
                    .hasSize((int) List.of(before, overHttp, dropped, overJms).stream()
                            .filter(document -> document.receivers().contains(receiver)).count());
        }
        assertThat(client.queueDepth("hub.dead-letter")).as("hub.dead-letter").isZero();
        assertThat(readiness().path("status").asString()).isEqualTo("UP");
        // operators read one line saying the database is away, not a stack trace per poll, probe or request
        assertThat(outageLog).as("the hub's log while the database was away").noneMatch(line -> line.startsWith("\tat "))
                .filteredOn(line -> line.contains("The database cannot be reached")).hasSize(1);
    }

    private void awaitDelivered(Sent document) {
        Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> {
            var trackingIds = acknowledged.get(document.documentId());
            return trackingIds != null && client.documentState(trackingIds.iterator().next()).orElse("").equals("delivered");
        });
    }

    private void sendOverHttp(Sent document) throws InterruptedException {
        acknowledged.add(document.documentId(), client.postUntilAcknowledged(document.partner(), document.json()));
    }

    private HubClient.Answer post(Sent document) {
        return client.send(document.partner(), HttpRequest.newBuilder(client.uri("/api/v1/documents")).timeout(Duration.ofMinutes(1))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(document.json())));
    }

    /** The routes the operators' route list shows as held by the hub until the database answers. */
    private List<String> heldRoutes() throws Exception {
        return client.readJsonText(client.get("operator", "/api/v1/operator/routes").body()).valueStream()
                .filter(route -> route.path("state").asString().equals("Suspended")
                        && route.path("suspension").path("reason").asString().startsWith("the database cannot be reached"))
                .map(route -> route.path("id").asString()).toList();
    }

    private JsonNode readiness() throws Exception {
        return client.readJsonText(client.send("operator", HttpRequest.newBuilder(client.uri("/actuator/health/readiness"))
                .timeout(Duration.ofMinutes(1)).GET()).body());
    }
}
