package be.randhub.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import be.randhub.security.CredentialStore;


/**
 * The packaged hub (target/*.jar) running as a process of its own, the way an operator runs it, so a test can
 * kill it with SIGKILL and start it again on the same data directory and ports.
 */
public final class HubProcess implements AutoCloseable {

    public static final List<String> PRINCIPALS = TestPartners.ALL;

    private final Path jar;
    private final Path dataDir;
    private final Path logs;
    private final int httpPort;
    private final int brokerPort;
    private final Map<String, String> extraEnvironment;
    private final HttpClient http;
    private final String scheme;
    private Process process;
    private int starts;
    /** When the process of the last start was launched (System.nanoTime). */
    private long launchedAt;
    /** Heap capped as on a small server; quick to start (the C1 compiler only) unless a benchmark says otherwise. */
    private List<String> jvmOptions = List.of("-Xmx512m", "-XX:TieredStopAtLevel=1");

    /** The JVM options the hub runs with from its next start on. */
    public HubProcess jvmOptions(List<String> options) {
        this.jvmOptions = List.copyOf(options);
        return this;
    }

    /** A fresh folder for one test's hub: {@code target/<area>/<test method>-<time>}. */
    public static Path workDir(String area, org.junit.jupiter.api.TestInfo test) throws IOException {
        return Files.createDirectories(Path.of("target", area)).toAbsolutePath()
                .resolve(test.getTestMethod().orElseThrow().getName() + "-" + System.currentTimeMillis());
    }

    /** The operating system's id of the running hub. */
    public long pid() {
        return process.pid();
    }

    /** A hub with the given extra environment; with {@code SERVER_SSL_ENABLED=true}, over HTTPS trusting the context. */
    public HubProcess(Path workDir, Map<String, String> extraEnvironment, javax.net.ssl.SSLContext sslContext) throws IOException {
        this.jar = Path.of(System.getProperty("hub.jar", "target/rand-integration-hub-0.1.0-SNAPSHOT.jar")).toAbsolutePath();
        this.dataDir = Files.createDirectories(workDir.resolve("data"));
        this.logs = Files.createDirectories(workDir.resolve("logs"));
        this.httpPort = freePort();
        this.brokerPort = freePort();
        this.extraEnvironment = extraEnvironment;
        this.scheme = "true".equals(extraEnvironment.get("SERVER_SSL_ENABLED")) ? "https" : "http";
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2));
        if (sslContext != null) {
            client.sslContext(sslContext);
        }
        this.http = client.build();
    }

    /** A hub with the given extra environment, over HTTP. */
    public HubProcess(Path workDir, Map<String, String> extraEnvironment) throws IOException {
        this(workDir, extraEnvironment, null);
    }

    public Path dataDir() {
        return dataDir;
    }

    public URI uri(String path) {
        return URI.create(scheme + "://localhost:" + httpPort + path);
    }

    public int httpPort() {
        return httpPort;
    }

    public int brokerPort() {
        return brokerPort;
    }

    public String brokerUrl() {
        return "tcp://127.0.0.1:" + brokerPort;
    }

    public int starts() {
        return starts;
    }

    /** What the hub has written to its log since its last start (standard output and error). */
    public List<String> log() throws IOException {
        return Files.readAllLines(logs.resolve("hub-" + starts + ".log"));
    }

    /** Starts the hub and waits until it answers; a start that takes more than two minutes fails the test. */
    public void start() throws IOException, InterruptedException {
        starts++;
        List<String> command = new ArrayList<>(List.of(javaBinary()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dataDir.getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(logs.resolve("hub-" + starts + ".log").toFile());
        Map<String, String> environment = builder.environment();
        environment.put("HUB_DATA_DIR", dataDir.toString());
        environment.put("PORT", String.valueOf(httpPort));
        environment.put("HUB_BROKER_PORT", String.valueOf(brokerPort));
        environment.put("HUB_FILE_POLL_DELAY", "100");
        environment.put("HUB_FILE_SETTLE_TIME", "200");
        environment.put("HUB_RETRY_INITIAL_DELAY", "200ms");
        if (SharedDatabase.postgres()) {
            // each hub here has a data directory, and so a signing key, of its own, while on PostgreSQL they share one
            // database holding the heads the others signed: a new key is expected, not a lost one
            environment.put("HUB_LOG_ACCEPT_NEW_KEY", "true");
        }
        for (String principal : PRINCIPALS) {
            environment.put(CredentialStore.environmentVariable(principal), HubTestConfiguration.password(principal));
        }
        environment.putAll(extraEnvironment);
        launchedAt = System.nanoTime();
        process = builder.start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!answers()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the hub stopped while starting; see " + logs.resolve("hub-" + starts + ".log"));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the hub did not start within two minutes");
            }
            Thread.sleep(50);
        }
    }

    /**
     * Waits until readiness says UP (broker, routes, database, data directory: the hub takes documents) and returns
     * the time from the launch of the process to then.
     */
    public Duration awaitReady() throws InterruptedException {
        String credentials = java.util.Base64.getEncoder().encodeToString(("operator:" + HubTestConfiguration.password("operator"))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/actuator/health/readiness"))
                        .header("Authorization", "Basic " + credentials).timeout(Duration.ofSeconds(2)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
                    return Duration.ofNanos(System.nanoTime() - launchedAt);
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("the hub was not ready within two minutes");
    }

    /**
     * SIGTERM, as an orchestrator or {@code systemctl stop} stops a process: the hub shuts down gracefully. Waits up to
     * two minutes for it to end; returns how long it took, or throws if it did not end.
     */
    public Duration stop() throws InterruptedException {
        long start = System.nanoTime();
        process.destroy();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            throw new IllegalStateException("the hub did not stop within two minutes of SIGTERM");
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed, like a power cut to the process. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    public boolean answers() {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(uri("/actuator/health/liveness"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
