package be.randhub.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import be.randhub.security.CredentialStore;

/**
 * The cluster {@code docker/local-cluster} starts (a replicated broker pair, PostgreSQL, hub-1 and hub-2 on
 * 127.0.0.1, every port free and chosen here) in a folder of its own under {@code target/cluster/}, every test
 * principal's password given to the hubs; its processes stopped or killed by the ids the script wrote. Used by the
 * cluster's test and its benchmark.
 */
public final class LocalCluster implements AutoCloseable {

    /** The processes local-cluster starts, by the names of their pid files. */
    public static final String BROKER_PRIMARY = "broker-primary";
    public static final String BROKER_BACKUP = "broker-backup";
    public static final String HUB_1 = "hub-1";
    public static final String HUB_2 = "hub-2";
    public static final String POSTGRES = "postgres";

    private final Path dir;
    private final Path script = Path.of("docker", "local-cluster").toAbsolutePath();
    private final Map<String, String> environment = new HashMap<>();
    private final int[] httpPorts;
    private final String brokerUrl;
    private final HubClient[] hubs;

    private LocalCluster(Map<String, String> settings) throws IOException, InterruptedException {
        dir = Files.createDirectories(Path.of("target", "cluster").toAbsolutePath()).resolve(String.valueOf(System.currentTimeMillis()));
        httpPorts = new int[] {freePort(), freePort()};
        int primary = freePort();
        int backup = freePort();
        brokerUrl = "(tcp://127.0.0.1:" + primary + ",tcp://127.0.0.1:" + backup + ")?ha=true&reconnectAttempts=-1";
        environment.put("HUB_HTTP_PORT_1", String.valueOf(httpPorts[0]));
        environment.put("HUB_HTTP_PORT_2", String.valueOf(httpPorts[1]));
        environment.put("BROKER_PRIMARY_PORT", String.valueOf(primary));
        environment.put("BROKER_BACKUP_PORT", String.valueOf(backup));
        environment.put("CLUSTER_DB_PORT", String.valueOf(freePort()));
        environment.put("HUB_JAR", Path.of(System.getProperty("hub.jar", "target/rand-integration-hub-0.1.0-SNAPSHOT.jar")).toAbsolutePath().toString());
        environment.put("ARTEMIS_HOME", Path.of(System.getProperty("artemis.home", "target/artemis/apache-artemis-2.40.0")).toAbsolutePath().toString());
        for (String principal : TestPartners.ALL) {
            environment.put(CredentialStore.environmentVariable(principal), HubTestConfiguration.password(principal));
        }
        environment.putAll(settings);
        try {
            run("up");
        } catch (IOException | InterruptedException | RuntimeException | AssertionError failed) {
            run("down"); // what did start stops again
            throw failed;
        }
        Path data = dir.resolve("data");
        hubs = new HubClient[] {
                HubClient.at(data, "http://127.0.0.1:" + httpPorts[0], brokerUrl),
                HubClient.at(data, "http://127.0.0.1:" + httpPorts[1], brokerUrl)};
    }

    /** Starts the cluster with these settings (environment variables for the script and the hubs); returns once the hubs are ready. */
    public static LocalCluster up(Map<String, String> settings) throws IOException, InterruptedException {
        return new LocalCluster(settings);
    }

    public Path dir() {
        return dir;
    }

    /** The failover URL partners and receivers use. */
    public String brokerUrl() {
        return brokerUrl;
    }

    /** The HTTP port of hub-1 (0) or hub-2 (1). */
    public int httpPort(int hub) {
        return httpPorts[hub];
    }

    /** A client of hub-1 (0) or hub-2 (1), with the cluster's shared data folder and its failover URL. */
    public HubClient hub(int hub) {
        return hubs[hub];
    }

    /** The process id local-cluster wrote for one of its processes. */
    public long pid(String name) throws IOException {
        return Long.parseLong(Files.readString(dir.resolve("pids").resolve(name + ".pid")).trim());
    }

    /** SIGKILL to one process of the cluster; returns once it is gone. */
    public void kill(String name) throws IOException {
        end(name, true);
    }

    /** SIGTERM to one process of the cluster (it stops gracefully); returns once it is gone. */
    public void stop(String name) throws IOException {
        end(name, false);
    }

    private void end(String name, boolean forcibly) throws IOException {
        ProcessHandle process = ProcessHandle.of(pid(name)).orElseThrow(() -> new AssertionError(name + " is not running"));
        if (forcibly) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        process.onExit().orTimeout(60, TimeUnit.SECONDS).join();
    }

    /** Runs {@code docker/local-cluster <command> <dir> <names...>}; its output goes to a log in the cluster's folder. */
    public void run(String command, String... names) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of(script.toString(), command, dir.toString()));
        line.addAll(List.of(names));
        Path log = Files.createDirectories(dir).resolve("local-cluster-" + command + ".log");
        ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("local-cluster " + command + " took more than five minutes; see " + dir);
        }
        if (process.exitValue() != 0) {
            throw new AssertionError("local-cluster " + command + " failed with " + process.exitValue() + " (see " + log + ")");
        }
    }

    /** Closes the clients' connections and stops every process (the data stays in {@link #dir()}). */
    @Override
    public void close() throws IOException, InterruptedException {
        for (HubClient hub : hubs) {
            hub.closeConnections();
        }
        run("down");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
