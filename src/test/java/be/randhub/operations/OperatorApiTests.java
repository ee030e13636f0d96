package be.randhub.operations;

import static be.randhub.support.TestPartners.AGENCY;
import static be.randhub.support.TestPartners.KANAK;
import static be.randhub.support.TestPartners.METRICS;
import static be.randhub.support.TestPartners.OPERATOR;
import static be.randhub.support.TestPartners.PRIVACY_OFFICER;
import static be.randhub.support.TestPartners.RISO;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.List;

import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import be.randhub.support.HubClient;
import be.randhub.support.HubTest;
import be.randhub.support.HubTestConfiguration;
import be.randhub.support.TestDocuments;

import tools.jackson.databind.JsonNode;

/** Health, metrics and the operator API tell the same truth as the console, to those entitled to it. */
@HubTest
class OperatorApiTests {

    @Autowired
    HubClient hub;

    @Autowired
    QueueStatistics queueStatistics;

    @Autowired
    EmbeddedActiveMQ broker;

    @Autowired
    RouteControl routeControl;

    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    @Test
    void readinessShowsItsPartsToOperators() {
        JsonNode readiness = hub.get(OPERATOR, "/actuator/health/readiness").json();

        assertThat(readiness.path("status").asString()).isEqualTo("UP");
        assertThat(readiness.at("/components/broker/status").asString()).isEqualTo("UP");
        assertThat(readiness.at("/components/routes/status").asString()).isEqualTo("UP");
        assertThat(readiness.at("/components/db/status").asString()).isEqualTo("UP");
        assertThat(readiness.at("/components/dataDirectory/details/writable").asBoolean()).isTrue();
    }

    @Test
    void readingQueueDepthsLeavesNoReplyQueuesOnTheBroker() {
        int before = addresses();
        for (int refresh = 0; refresh < 5; refresh++) {
            queueStatistics.refresh();
        }

        // each refresh asks the broker's management through a temporary reply queue, an address of its own
        assertThat(addresses()).isLessThanOrEqualTo(before);
    }

    private int addresses() {
        return broker.getActiveMQServer().getPostOffice().getAddresses().size();
    }

    @Test
    void aRouteTheHubHoldsShowsWhyAndStaysSuspendedIfAnOperatorSuspendsItMeanwhile() throws Exception {
        String route = "jms-intake-pin";
        routeControl.hold(route, "the database cannot be reached; taken up again by itself once it answers");
        try {
            JsonNode held = route(route);
            assertThat(held.path("state").asString()).isEqualTo("Suspended");
            assertThat(held.at("/suspension/by").asString()).isEqualTo("hub");
            assertThat(held.at("/suspension/reason").asString()).startsWith("the database cannot be reached");
            assertThat(hub.get(OPERATOR, "/actuator/health/readiness").json().at("/components/routes/details/" + route).asString())
                    .startsWith("the database cannot be reached");

            assertThat(hub.send(OPERATOR, HttpRequest.newBuilder(hub.uri("/api/v1/operator/routes/" + route + "/suspend"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"Pin vzw migrates its systems\"}"))).status()).isEqualTo(200);
            routeControl.release(route);

            JsonNode after = route(route);
            assertThat(after.path("state").asString()).isEqualTo("Suspended");
            assertThat(after.at("/suspension/reason").asString()).isEqualTo("Pin vzw migrates its systems");
        } finally {
            hub.send(OPERATOR, HttpRequest.newBuilder(hub.uri("/api/v1/operator/routes/" + route + "/resume"))
                    .POST(HttpRequest.BodyPublishers.noBody()));
        }
        assertThat(route(route).path("state").asString()).isEqualTo("Started");
    }

    /** Another hub instance on the same database stores a suspension, then takes it back: this one follows within seconds. */
    @Test
    void aSuspensionAnotherInstanceStoredIsAppliedHereWithinSeconds() {
        String route = "jms-intake-pin";
        jdbc.update("INSERT INTO route_suspension (route_id, reason, suspended_by, suspended_at) VALUES (?, ?, ?, ?)",
                route, "Pin vzw migrates its systems", OPERATOR, java.sql.Timestamp.from(java.time.Instant.now()));
        try {
            Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> route(route).path("state").asString(), "Suspended"::equals);
            assertThat(route(route).at("/suspension/reason").asString()).isEqualTo("Pin vzw migrates its systems");
        } finally {
            jdbc.update("DELETE FROM route_suspension WHERE route_id = ?", route);
        }
        Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> route(route).path("state").asString(), "Started"::equals);
    }

    private JsonNode route(String id) {
        return hub.get(OPERATOR, "/api/v1/operator/routes").json().valueStream()
                .filter(route -> route.path("id").asString().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void metricsCountDocumentsDeliveriesAndQueues() {
        String trackingId = hub.post(RISO, TestDocuments.feedbackReport(RISO, "23098").json()).json().path("trackingId").asString();
        hub.awaitOutbox(AGENCY, trackingId);

        String metrics = Awaitility.await().atMost(HubClient.PATIENCE).until(() -> hub.get(OPERATOR, "/actuator/prometheus").body(),
                body -> body.contains("hub_documents_delivered_total") && body.contains("hub_queue_depth"));

        // every metric says which hub instance it comes from (hub.instance)
        String instance = "instance=\"" + HubTestConfiguration.INSTANCE + "\"";
        assertThat(metrics).contains("hub_documents_received_total{channel=\"http\"," + instance + ",partner=\"riso\",type=\"feedback-report\"}",
                "hub_documents_accepted_total{", "hub_receipts_sent_total{channel=\"http\"," + instance + ",status=\"accepted\"}",
                "hub_documents_delivered_total{channel=\"http\"," + instance + ",partner=\"riso\",receiver=\"agency\",type=\"feedback-report\"}",
                "hub_route_duration_seconds_bucket{" + instance + ",outcome=\"completed\",route=\"intake\"",
                "hub_queue_depth{" + instance + ",queue=\"hub.dead-letter\"}", "hub_queue_oldest_age_seconds{" + instance + ",queue=\"agency.inbox\"}");
        assertThat(metrics.lines().filter(line -> line.startsWith("hub_") || line.startsWith("jvm_"))
                .filter(line -> !line.contains(instance))).isEmpty();
        assertThat(hub.get(OPERATOR, "/actuator/info").json().path(be.randhub.cluster.HubInstance.TAG).asString())
                .isEqualTo(HubTestConfiguration.INSTANCE);
        assertThat(hub.get(OPERATOR, "/api/v1/operator/instance").json().path("instance").asString()).isEqualTo(HubTestConfiguration.INSTANCE);
        assertThat(hub.get(RISO, "/actuator/prometheus").status()).isEqualTo(403);
    }

    /** What a Prometheus server scrapes as: the metrics, and nothing of the documents, the routes or the console. */
    @Test
    void theMetricsReaderReadsTheMetricsAndNothingElse() {
        assertThat(hub.get(METRICS, "/actuator/prometheus").body()).contains("hub_queue_depth{");
        for (String path : List.of("/actuator/health", "/actuator/info", "/actuator/metrics", "/api/v1/operator/routes",
                "/api/v1/operator/documents", "/api/v1/feeds/agency", "/api/v1/documents/" + java.util.UUID.randomUUID(),
                "/api/v1/referrals/kanak/x", "/api/v1/attachments/" + "0".repeat(64), "/console/")) {
            assertThat(hub.get(METRICS, path).status()).as(path).isEqualTo(403);
        }
        HubClient.Answer posted = hub.send(METRICS, HttpRequest.newBuilder(hub.uri("/api/v1/documents"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(TestDocuments.feedbackReport(RISO, "23097").json())));
        assertThat(posted.status()).isEqualTo(403);
    }

    @Test
    void everyMetricTheGrafanaDashboardShowsExists() throws Exception {
        hub.post(RISO, TestDocuments.feedbackReport(RISO, "23099").json()); // a refusal
        String accepted = TestDocuments.feedbackReport(RISO, "23098").json();
        hub.awaitOutbox(AGENCY, hub.post(RISO, accepted).json().path("trackingId").asString());
        hub.post(RISO, accepted); // a duplicate
        String dashboard = java.nio.file.Files.readString(java.nio.file.Path.of("docker", "grafana", "dashboards", "rand-hub.json"));
        java.util.Set<String> used = new java.util.TreeSet<>();
        java.util.regex.Matcher names = java.util.regex.Pattern.compile("hub_[a-z_]+").matcher(dashboard);
        while (names.find()) {
            used.add(names.group().replaceAll("_(bucket|count|sum)$", ""));
        }

        String metrics = Awaitility.await().atMost(HubClient.PATIENCE).until(() -> hub.get(OPERATOR, "/actuator/prometheus").body(),
                body -> used.stream().allMatch(body::contains));

        assertThat(used).hasSizeGreaterThanOrEqualTo(8).allMatch(metrics::contains);
    }

    @Test
    void suspendingARouteNeedsAReasonAndAnOperator() {
        HubClient.Answer withoutReason = hub.send(OPERATOR, HttpRequest.newBuilder(hub.uri("/api/v1/operator/routes/delivery/suspend"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")));
        HubClient.Answer byAPartner = hub.send(KANAK, HttpRequest.newBuilder(hub.uri("/api/v1/operator/routes/delivery/suspend"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"x\"}")));

        assertThat(withoutReason.status()).isEqualTo(400);
        assertThat(byAPartner.status()).isEqualTo(403);
        assertThat(hub.get(OPERATOR, "/api/v1/operator/routes").json().valueStream()
                .filter(route -> route.path("id").asString().equals("delivery")).findFirst().orElseThrow().path("state").asString())
                .isEqualTo("Started");
    }

    @Test
    void discardingADeadLetterNeedsAReason() {
        HubClient.Answer answer = hub.send(OPERATOR, HttpRequest.newBuilder(hub.uri("/api/v1/operator/dead-letters/discard"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"messageIds\":[\"ID:x\"]}")));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().path("detail").asString()).contains("needs a reason");
    }

    @Test
    void operatorsSeeMetadataAndOnlyThePrivacyOfficerOpensTheContent() {
        String trackingId = hub.post(KANAK, TestDocuments.referral(KANAK, "de-rand").json()).json().path("trackingId").asString();
        hub.awaitOutbox(AGENCY, trackingId);

        HubClient.Answer found = hub.get(OPERATOR, "/api/v1/operator/documents?trackingId=" + trackingId);
        assertThat(found.body()).contains(trackingId).doesNotContain(TestDocuments.FAMILY_NAME);
        assertThat(hub.get(OPERATOR, "/api/v1/operator/documents/" + trackingId + "/content").status()).isEqualTo(403);

        HubClient.Answer content = hub.get(PRIVACY_OFFICER, "/api/v1/operator/documents/" + trackingId + "/content");
        assertThat(content.status()).isEqualTo(200);
        assertThat(content.body()).contains(TestDocuments.FAMILY_NAME);
        assertThat(Awaitility.await().atMost(HubClient.PATIENCE).until(() -> hub.get(OPERATOR, "/api/v1/operator/documents/" + trackingId)
                .json().path("trail").valueStream().anyMatch(step -> step.path("event").asString().equals("opened")), opened -> opened)).isTrue();
    }

    @Test
    void partnersHaveNoOperatorApi() {
        assertThat(hub.get(RISO, "/api/v1/operator/routes").status()).isEqualTo(403);
        assertThat(hub.get(AGENCY, "/api/v1/operator/documents?partner=kanak").status()).isEqualTo(403);
    }
}
