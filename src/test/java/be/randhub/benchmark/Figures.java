package be.randhub.benchmark;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.activemq.artemis.api.core.management.ResourceNames;

import be.randhub.support.HubClient;
import be.randhub.support.ManagementRequests;

/**
 * What the benchmark reads about the hub at a moment, to take the difference over a phase: the hub process's CPU
 * (user and system) and context switches from /proc, the forced writes of the disk holding the data folder, the
 * messages added to the broker's queues (its management, as the operator), and the hub's commit and round-trip
 * counters (its /actuator/prometheus).
 */
final class Figures {

    /** /proc's clock ticks per second (USER_HZ), 100 on Linux. */
    private static final long CLOCK_TICKS = 100;

    /** The CPU a process used so far (milliseconds) and the context switches of its live threads. */
    record Process(long userMillis, long systemMillis, long contextSwitches) {

        Process minus(Process earlier) {
            return new Process(userMillis - earlier.userMillis, systemMillis - earlier.systemMillis, contextSwitches - earlier.contextSwitches);
        }

        long cpuMillis() {
            return userMillis + systemMillis;
        }
    }

    /** Everything at one moment; differences of two are what a phase cost. */
    record Snapshot(long nanos, Process hub, long diskFlushes, long hubQueueMessages, long perfQueueMessages, long databaseCommits,
                    long databaseAutoCommits, long hubBlockingRequests, long hubBrokerCommits, long hubBrokerRollbacks, long clientBlockingRequests,
                    long clientBrokerCommits) {

        Snapshot minus(Snapshot earlier) {
            return new Snapshot(nanos - earlier.nanos, hub.minus(earlier.hub), diskFlushes - earlier.diskFlushes,
                    hubQueueMessages - earlier.hubQueueMessages, perfQueueMessages - earlier.perfQueueMessages,
                    databaseCommits - earlier.databaseCommits, databaseAutoCommits - earlier.databaseAutoCommits,
                    hubBlockingRequests - earlier.hubBlockingRequests,
                    hubBrokerCommits - earlier.hubBrokerCommits, hubBrokerRollbacks - earlier.hubBrokerRollbacks,
                    clientBlockingRequests - earlier.clientBlockingRequests, clientBrokerCommits - earlier.clientBrokerCommits);
        }

        double seconds() {
            return nanos / 1e9;
        }
    }

    private final HubClient client;
    private final long hubPid;
    private final Path diskStat;
    private final List<String> hubQueues;
    private final List<String> perfQueues;

    Figures(HubClient client, long hubPid) throws IOException {
        this.client = client;
        this.hubPid = hubPid;
        this.diskStat = diskStatOf(client.dataDir());
        List<String> queues = client.queueNames();
        // hub.perf takes the management answers of these very readings: it is left out
        this.hubQueues = queues.stream().filter(queue -> !queue.startsWith("hub.perf")).toList();
        this.perfQueues = queues.stream().filter(queue -> queue.startsWith("hub.perf.")).toList();
    }

    /** The device's statistics file, /sys/dev/block/<major:minor>/stat, of the mount holding the folder (null if none). */
    String disk() {
        try {
            return diskStat == null ? "unknown" : diskStat.getParent().toRealPath().getFileName().toString();
        } catch (IOException e) {
            return diskStat.toString();
        }
    }

    Snapshot take() throws Exception {
        long nanos = System.nanoTime();
        Process hub = process(hubPid);
        long flushes = diskFlushes();
        Map<String, Double> meters = meters();
        Map<String, Long> added = messagesAdded();
        return new Snapshot(nanos, hub, flushes, sum(added, hubQueues), sum(added, perfQueues),
                Math.round(meters.getOrDefault("hub_database_commits_total", -1.0)),
                Math.round(meters.getOrDefault("hub_database_commits_total{kind=auto-commit}", -1.0)),
                Math.round(meters.getOrDefault("hub_broker_blocking_requests_total{origin=hub}", -1.0)),
                Math.round(meters.getOrDefault("hub_broker_commits_total{origin=hub}", -1.0)),
                Math.round(meters.getOrDefault("hub_broker_rollbacks_total{origin=hub}", -1.0)),
                Math.round(meters.getOrDefault("hub_broker_blocking_requests_total{origin=clients}", -1.0)),
                Math.round(meters.getOrDefault("hub_broker_commits_total{origin=clients}", -1.0)));
    }

    // ------------------------------------------------------------------ /proc and /sys

    /** CPU (utime and stime of /proc/<pid>/stat) and context switches (voluntary and not, summed over its live threads). */
    static Process process(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long user = Long.parseLong(fields[11]) * 1000 / CLOCK_TICKS;
        long system = Long.parseLong(fields[12]) * 1000 / CLOCK_TICKS;
        long switches = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:") || line.startsWith("nonvoluntary_ctxt_switches:")) {
                            switches += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                } catch (NoSuchFileException ended) {
                    // a thread that ended meanwhile (its switches are lost)
                }
            }
        }
        return new Process(user, system, switches);
    }

    /** Flush requests the disk completed so far (field 16 of its stat: the block layer's count, since Linux 5.5). */
    long diskFlushes() throws IOException {
        if (diskStat == null) {
            return -1;
        }
        String[] fields = Files.readString(diskStat).trim().split("\\s+");
        return fields.length >= 16 ? Long.parseLong(fields[15]) : -1;
    }

    /** The mount that holds the folder (the longest mount point it lies under), and its device's stat file. */
    private static Path diskStatOf(Path folder) throws IOException {
        Path real = folder.toRealPath();
        String device = null;
        int longest = -1;
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] fields = line.split(" ");
            String mountPoint = fields[4].replace("\\040", " ");
            if (real.startsWith(mountPoint) && mountPoint.length() > longest) {
                longest = mountPoint.length();
                device = fields[2];
            }
        }
        Path stat = device == null ? null : Path.of("/sys/dev/block", device, "stat");
        return stat != null && Files.exists(stat) ? stat : null;
    }

    // ------------------------------------------------------------------ the hub's meters and the broker's figures

    /** The hub's counters of interest, by name and origin tag where there is one, summed over other tags. */
    private Map<String, Double> meters() {
        Map<String, Double> meters = new LinkedHashMap<>();
        for (String line : client.get("operator", "/actuator/prometheus").body().split("\n")) {
            if (!line.startsWith("hub_database_commits_total") && !line.startsWith("hub_broker_")) {
                continue;
            }
            String name = line.substring(0, line.indexOf('{') < 0 ? line.indexOf(' ') : line.indexOf('{'));
            double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            meters.merge(name, value, Double::sum);
            for (String tag : List.of("origin", "kind")) {
                int at = line.indexOf(tag + "=\"");
                if (at >= 0) {
                    int from = at + tag.length() + 2;
                    meters.merge(name + "{" + tag + "=" + line.substring(from, line.indexOf('"', from)) + "}", value, Double::sum);
                }
            }
        }
        return meters;
    }

    /** messagesAdded of every queue, as the operator may read it. */
    private Map<String, Long> messagesAdded() throws Exception {
        List<String> queues = new java.util.ArrayList<>(hubQueues);
        queues.addAll(perfQueues);
        Map<String, Object> values = ManagementRequests.attributes(client.connection("operator"),
                queues.stream().map(queue -> ResourceNames.QUEUE + queue).toList(), "messagesAdded");
        Map<String, Long> added = new LinkedHashMap<>();
        values.forEach((resource, value) -> added.put(resource.substring(ResourceNames.QUEUE.length()), ((Number) value).longValue()));
        if (added.size() != queues.size()) {
            throw new IllegalStateException("the broker gave messagesAdded for " + added.keySet() + ", not for all of " + queues);
        }
        return added;
    }

    private static long sum(Map<String, Long> added, List<String> queues) {
        return queues.stream().mapToLong(queue -> added.getOrDefault(queue, 0L)).sum();
    }
}
