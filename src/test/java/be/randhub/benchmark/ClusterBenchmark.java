package be.randhub.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import be.randhub.support.DeliveryCount;
import be.randhub.support.LocalCluster;

import tools.jackson.databind.json.JsonMapper;

/**
 * The capacity note's figures (BENCHMARKS.md, "Capacity beyond one machine"): the benchmark's document mix, a third
 * each over HTTP, JMS (the failover URL) and the shared drop folders, against {@code docker/local-cluster} on this
 * machine, in three set-ups one after the other on the same cluster:
 * <ol>
 * <li>{@code pairTwoHubs}: the replicated broker pair, PostgreSQL, hub-1 and hub-2 (HTTP documents alternate between
 * them, both read the drop folders and consume the partners' queues);</li>
 * <li>{@code pairOneHub}: hub-2 stopped (SIGTERM), the rest as before;</li>
 * <li>{@code oneBrokerOneHub}: the backup broker killed as well, so the primary no longer replicates: against the
 * second, what replication costs.</li>
 * </ol>
 * The first two are measured twice in a row ({@code ...Again}): the hubs' code gets warmer with every set-up, and
 * the second run of a set-up is the one to compare with the next.
 * Per set-up: documents a second (from the first send to the last delivery, every document counted once on its
 * receivers' queues and in their folders) and each process's CPU per document (hubs, brokers, PostgreSQL with its
 * backends, the benchmark's own clients). Figures to target/benchmark/cluster-results.json.
 * <p>
 * Part of {@code ./mvnw -Pbenchmark verify}; alone: {@code ./mvnw -Pbenchmark verify -Dit.test=ClusterBenchmark
 * -Dbenchmark.phases=cluster} (runs after a build: it needs the packaged hub and
 * the Artemis distribution in target/, as local-cluster does); -Dbenchmark.clusterDocuments=N per set-up (6,000).
 */
class ClusterBenchmark {

    static final int DOCUMENTS = Integer.getInteger("benchmark.clusterDocuments", 6_000);
    static final int WARM_UP_REFERRALS = 1_500;
    static final int WARM_UP_DOCUMENTS = 6_000;
    static final List<String> PROCESSES = List.of(LocalCluster.HUB_1, LocalCluster.HUB_2, LocalCluster.BROKER_PRIMARY,
            LocalCluster.BROKER_BACKUP, LocalCluster.POSTGRES);

    final JsonMapper json = JsonMapper.builder().build();
    final Path work = Path.of("target", "benchmark").toAbsolutePath();
    final DocumentMix mix = new DocumentMix();
    final Map<String, Object> results = new LinkedHashMap<>();
    /** Which hub instances take HTTP documents now (0: hub-1, 1: hub-2). */
    volatile int instances = 2;

    @Test
    void measure() throws Exception {
        Assumptions.assumeTrue(HubBenchmark.PHASES.contains("cluster"), "-Dbenchmark.phases without cluster");
        Files.createDirectories(work);
        Map<String, String> settings = new LinkedHashMap<>(HubBenchmark.PRODUCTION_TIMINGS);
        settings.put("HUB_JAVA_OPTS", "-Xmx512m");
        results.put("environment", settings);
        results.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors()));
        try (LocalCluster cluster = LocalCluster.up(settings);
                DeliveryCount deliveries = cluster.hub(0).countDeliveries(DocumentMix.RECEIVERS)
                        .onCompletion(completion -> mix.delivered(completion.documentId()))) {
            MixSender sender = new MixSender(mix, deliveries, number -> cluster.hub(number % instances));
            sender.warmUp(WARM_UP_REFERRALS, WARM_UP_DOCUMENTS);
            phase("pairTwoHubs", cluster, deliveries, sender);
            phase("pairTwoHubsAgain", cluster, deliveries, sender);
            cluster.stop(LocalCluster.HUB_2);
            instances = 1;
            phase("pairOneHub", cluster, deliveries, sender);
            phase("pairOneHubAgain", cluster, deliveries, sender); // how much the order of the set-ups (warmer code) counts
            cluster.kill(LocalCluster.BROKER_BACKUP);
            phase("oneBrokerOneHub", cluster, deliveries, sender);
            deliveries.verify(Duration.ofSeconds(30));
        } finally {
            Files.writeString(work.resolve("cluster-results.json"), json.writerWithDefaultPrettyPrinter().writeValueAsString(results));
        }
        System.out.println(table());
    }

    private void phase(String name, LocalCluster cluster, DeliveryCount deliveries, MixSender sender) throws Exception {
        deliveries.reset();
        Map<String, Long> cpuBefore = cpu(cluster);
        long clientBefore = ResourceSampler.clientCpuMillis();
        long start = System.currentTimeMillis();
        Map<String, Integer> byChannel = sender.sendOverAllChannels(DOCUMENTS, HubBenchmark.SENDERS);
        deliveries.awaitComplete(DOCUMENTS, Duration.ofMinutes(20));
        double seconds = (deliveries.lastCompletionMillis() - start) / 1000.0;
        sender.awaitReceipts(byChannel);
        deliveries.verify(Duration.ofSeconds(30));
        Map<String, Long> cpuAfter = cpu(cluster);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("documents", DOCUMENTS);
        figures.put("seconds", Math.round(seconds * 10) / 10.0);
        figures.put("documentsPerSecond", Math.round(DOCUMENTS / seconds));
        Map<String, Double> perDocument = new LinkedHashMap<>();
        double total = 0;
        for (String process : cpuAfter.keySet()) {
            double millis = (cpuAfter.get(process) - cpuBefore.getOrDefault(process, cpuAfter.get(process))) / (double) DOCUMENTS;
            perDocument.put(process, Math.round(millis * 100) / 100.0);
            total += millis;
        }
        double clients = (ResourceSampler.clientCpuMillis() - clientBefore) / (double) DOCUMENTS;
        perDocument.put("all cluster processes", Math.round(total * 100) / 100.0);
        perDocument.put("benchmark clients", Math.round(clients * 100) / 100.0);
        figures.put("cpuMillisPerDocument", perDocument);
        results.put(name, figures);
        System.out.println("[benchmark] " + name + ": " + json.writeValueAsString(figures));
    }

    /** CPU used so far (ms) by each running process of the cluster with its children (PostgreSQL's backends). */
    private static Map<String, Long> cpu(LocalCluster cluster) throws IOException {
        Map<String, Long> used = new LinkedHashMap<>();
        for (String name : PROCESSES) {
            ProcessHandle process = ProcessHandle.of(cluster.pid(name)).orElse(null);
            if (process == null) {
                continue;
            }
            List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
            tree.add(process);
            long millis = 0;
            for (ProcessHandle each : tree) {
                try {
                    millis += Figures.process(each.pid()).cpuMillis();
                } catch (IOException ended) {
                    // ended meanwhile
                }
            }
            used.put(name, millis);
        }
        return used;
    }

    @SuppressWarnings("unchecked")
    private String table() {
        StringBuilder table = new StringBuilder("\n== Rand Integration Hub on the local cluster (").append(DOCUMENTS).append(" documents per set-up) ==\n");
        table.append(String.format("%-22s %10s %10s %10s %10s %10s %10s %10s%n", "", "docs/s", "hub-1", "hub-2", "primary", "backup", "postgres", "all"));
        for (String phase : List.of("pairTwoHubs", "pairTwoHubsAgain", "pairOneHub", "pairOneHubAgain", "oneBrokerOneHub")) {
            if (!(results.get(phase) instanceof Map<?, ?> figures)) {
                continue;
            }
            Map<String, Double> cpu = (Map<String, Double>) figures.get("cpuMillisPerDocument");
            table.append(String.format("%-22s %10s %10s %10s %10s %10s %10s %10s%n", phase, figures.get("documentsPerSecond"),
                    cpu.getOrDefault(LocalCluster.HUB_1, 0.0), cpu.getOrDefault(LocalCluster.HUB_2, 0.0),
                    cpu.getOrDefault(LocalCluster.BROKER_PRIMARY, 0.0), cpu.getOrDefault(LocalCluster.BROKER_BACKUP, 0.0),
                    cpu.getOrDefault(LocalCluster.POSTGRES, 0.0), cpu.get("all cluster processes")));
        }
        return table.append("(CPU ms per document; target/benchmark/cluster-results.json)\n").toString();
    }
}
