package be.randhub.operations;

import static be.randhub.support.TestPartners.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.yaml.snakeyaml.Yaml;

import be.randhub.security.Principals;
import be.randhub.support.HubClient;
import be.randhub.support.HubTest;

/**
 * The container deployment (docker/compose.yaml, its Dockerfile, .dockerignore, Prometheus' configuration and alert
 * rules) as far as a machine without a Docker engine can check it: the cluster's services with their ports, health
 * checks and start order; a build context without data or build output; both hubs scraped; and every metric the
 * alert rules use exported by a running hub, the gauges the alerts watch moving as they should.
 */
@HubTest
class DeploymentFilesTests {

    static final Path DOCKER = Path.of("docker");

    @Autowired
    HubClient hub;

    @Test
    @SuppressWarnings("unchecked")
    void composeRunsTheBrokerPairPostgresTwoHubsPrometheusAndGrafanaInOrder() throws IOException {
        Map<String, Object> compose = yaml(DOCKER.resolve("compose.yaml"));
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");

        assertThat(services).containsOnlyKeys("broker-primary", "broker-backup", "postgres", "hub-1", "hub-2", "prometheus", "grafana");
        assertThat(services).allSatisfy((name, service) -> assertThat((Map<String, Object>) service.get("healthcheck"))
                .as("health check of %s", name).isNotNull().containsKey("test"));
        assertThat(ports(services, "hub-1")).containsExactly("8080:8080");
        assertThat(ports(services, "hub-2")).containsExactly("8081:8080");
        assertThat(ports(services, "broker-primary")).containsExactly("61616:61616");
        assertThat(ports(services, "broker-backup")).containsExactly("61617:61616");
        assertThat(ports(services, "prometheus")).containsExactly("9090:9090");
        assertThat(ports(services, "grafana")).containsExactly("3000:3000");

        assertThat(healthyFirst(services, "broker-backup")).containsExactly("broker-primary");
        assertThat(healthyFirst(services, "hub-1")).containsExactlyInAnyOrder("broker-primary", "broker-backup", "postgres");
        assertThat(healthyFirst(services, "hub-2")).as("hub-2 after hub-1, which generates the passwords once").containsExactly("hub-1");
        for (String hub : List.of("hub-1", "hub-2")) {
            assertThat(String.valueOf(((Map<String, Object>) services.get(hub).get("healthcheck")).get("test")))
                    .as("health check of %s: readiness, which answers without credentials", hub)
                    .contains("/actuator/health/readiness", "\"status\":\"UP\"").doesNotContain("PASSWORD", " -u ");
        }
        assertThat(healthyFirst(services, "grafana")).containsExactly("prometheus");

        for (String name : List.of("hub-1", "hub-2")) {
            Map<String, Object> environment = (Map<String, Object>) services.get(name).get("environment");
            assertThat(environment.get("HUB_INSTANCE")).isEqualTo(name);
            assertThat(environment.get("SPRING_PROFILES_ACTIVE")).isEqualTo("postgres,external-broker");
            assertThat((String) environment.get("HUB_BROKER_URL")).as("the failover URL")
                    .isEqualTo("(tcp://broker-primary:61616,tcp://broker-backup:61616)?ha=true&reconnectAttempts=-1");
            assertThat((List<String>) services.get(name).get("volumes")).containsExactly("hub-data:/data");
            Map<String, Object> build = (Map<String, Object>) services.get(name).get("build");
            assertThat(build).containsEntry("context", "..").containsEntry("dockerfile", "docker/Dockerfile").containsEntry("target", "hub");
        }
        assertThat((Map<String, Object>) services.get("broker-primary").get("environment")).containsEntry("BROKER_HA", "primary");
        assertThat((Map<String, Object>) services.get("broker-backup").get("environment")).containsEntry("BROKER_HA", "backup");
    }

    @Test
    void theBuildContextHoldsNoDataNorBuildOutputAndTheImagesAreBuiltFromTheSources() throws IOException {
        List<String> ignored = Files.readAllLines(Path.of(".dockerignore")).stream().map(String::trim).toList();
        assertThat(ignored).contains("data/", "target/", "docker/secrets.env", "docker/prometheus/metrics-password");

        List<String> copiedFromTheContext = Files.readAllLines(DOCKER.resolve("Dockerfile")).stream()
                .filter(line -> line.startsWith("COPY ") && !line.startsWith("COPY --from=")).toList();
        assertThat(copiedFromTheContext).isNotEmpty().noneMatch(line -> line.contains("target/") || line.contains("data/"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void prometheusScrapesBothHubsWithAPasswordFileAndLoadsTheAlertRules() throws IOException {
        Map<String, Object> prometheus = yaml(DOCKER.resolve("prometheus").resolve("prometheus.yml"));
        assertThat((List<String>) prometheus.get("rule_files")).containsExactly("/etc/prometheus/alerts.yml");
        Map<String, Object> job = ((List<Map<String, Object>>) prometheus.get("scrape_configs")).get(0);
        assertThat(job.get("metrics_path")).isEqualTo("/actuator/prometheus");
        // as the metrics reader, who may read /actuator/prometheus and nothing else (OperatorApiTests), not as an operator
        assertThat((Map<String, Object>) job.get("basic_auth")).containsOnlyKeys("username", "password_file")
                .containsEntry("username", Principals.METRICS).containsEntry("password_file", "/etc/prometheus/metrics-password");
        List<String> targets = ((List<Map<String, List<String>>>) job.get("static_configs")).get(0).get("targets");
        assertThat(targets).containsExactlyInAnyOrder("hub-1:8080", "hub-2:8080");

        Map<String, Object> compose = yaml(DOCKER.resolve("compose.yaml"));
        Map<String, Object> service = ((Map<String, Map<String, Object>>) compose.get("services")).get("prometheus");
        assertThat((List<String>) service.get("volumes")).contains("./prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro",
                "./prometheus/metrics-password:/etc/prometheus/metrics-password:ro");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyMetricTheAlertRulesUseIsOneTheHubExports() throws IOException {
        Map<String, Object> alerts = yaml(DOCKER.resolve("prometheus").resolve("alerts.yml"));
        List<Map<String, Object>> rules = (List<Map<String, Object>>) ((List<Map<String, Object>>) alerts.get("groups")).get(0).get("rules");
        Set<String> used = new TreeSet<>();
        for (Map<String, Object> rule : rules) {
            Matcher names = Pattern.compile("hub_[a-z_]+").matcher((String) rule.get("expr"));
            while (names.find()) {
                used.add(names.group());
            }
        }
        assertThat(rules.stream().map(rule -> (String) rule.get("alert")))
                .contains("HubDeadLettersWaiting", "HubMessagesWaitingTooLong", "HubRouteSuspended", "HubRouteFailed", "HubNotReady");
        assertThat(used).contains("hub_queue_depth", "hub_queue_oldest_age_seconds", "hub_routes_suspended", "hub_routes_failed", "hub_readiness");

        String metrics = Awaitility.await().atMost(HubClient.PATIENCE).until(() -> hub.get(OPERATOR, "/actuator/prometheus").body(),
                body -> used.stream().allMatch(name -> exported(body, name)) && body.contains("queue=\"hub.dead-letter\""));
        assertThat(used).allMatch(name -> exported(metrics, name));
    }

    /** The gauges the alerts watch say what the console says: the hub ready, and a route an operator suspends. */
    @Test
    void theReadinessAndRouteGaugesFollowTheHub() {
        String route = "file-intake-sportraad-sint-genesius-rode";
        assertThat(gauge("hub_readiness")).isEqualTo(1.0);
        double suspendedBefore = gauge("hub_routes_suspended");
        assertThat(gauge("hub_routes_failed")).isZero();

        assertThat(operator("/api/v1/operator/routes/" + route + "/suspend", "{\"reason\":\"alert rule check\"}").status()).isEqualTo(200);
        try {
            assertThat(gauge("hub_routes_suspended")).isEqualTo(suspendedBefore + 1);
        } finally {
            assertThat(operator("/api/v1/operator/routes/" + route + "/resume", "{}").status()).isEqualTo(200);
        }
        assertThat(gauge("hub_routes_suspended")).isEqualTo(suspendedBefore);
    }

    private HubClient.Answer operator(String path, String body) {
        return hub.send(OPERATOR, HttpRequest.newBuilder(hub.uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private double gauge(String name) {
        Matcher value = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*\\})? ([0-9.eE+-]+)$").matcher(hub.get(OPERATOR, "/actuator/prometheus").body());
        assertThat(value.find()).as("%s in /actuator/prometheus", name).isTrue();
        return Double.parseDouble(value.group(1));
    }

    /** A sample of the metric (not only its HELP or TYPE line). */
    private static boolean exported(String scrape, String name) {
        return Pattern.compile("(?m)^" + name + "(\\{| )").matcher(scrape).find();
    }

    @SuppressWarnings("unchecked")
    private static List<String> ports(Map<String, Map<String, Object>> services, String name) {
        return (List<String>) services.get(name).get("ports");
    }

    @SuppressWarnings("unchecked")
    private static Set<String> healthyFirst(Map<String, Map<String, Object>> services, String name) {
        Map<String, Map<String, Object>> dependsOn = (Map<String, Map<String, Object>>) services.get(name).get("depends_on");
        assertThat(dependsOn).as("%s depends_on", name).isNotNull()
                .allSatisfy((other, condition) -> assertThat(condition).containsEntry("condition", "service_healthy"));
        return dependsOn.keySet();
    }

    private static Map<String, Object> yaml(Path file) throws IOException {
        return new Yaml().load(Files.readString(file));
    }
}
