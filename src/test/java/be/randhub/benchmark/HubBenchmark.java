package be.randhub.benchmark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import be.randhub.benchmark.Figures.Snapshot;
import be.randhub.support.DeliveryCount;
import be.randhub.support.HubClient;
import be.randhub.support.HubProcess;
import be.randhub.support.HubTestConfiguration;
import be.randhub.support.TestDocuments;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The benchmark ({@code ./mvnw -Pbenchmark verify}; not part of the test suite): the packaged hub in its own
 * process, heap capped at 512 MB, warmed up on every channel and type, then measured in one run next to the raw
 * broker it runs (Artemis' own perf client, before and after the hub's phases) and next to the plain Camel route
 * a user would write instead (a process of its own on the same broker): idle, throughput, latency at a fixed
 * rate, a 10,000-file backlog and a 100 MB attachment, with the hub's cost per document in each phase. Every
 * delivery is accounted for on its queue and in its folder. Figures go to target/benchmark/results.json and a
 * table on stdout (BENCHMARKS.md says what each means).
 */
class HubBenchmark {

    /** Documents measured in the throughput phase (-Dbenchmark.documents=...). */
    static final int DOCUMENTS = Integer.getInteger("benchmark.documents", 20_000);
    /** Documents the plain route is measured on, after a warm-up of a quarter as many. */
    static final int PLAIN_DOCUMENTS = Integer.getInteger("benchmark.plainDocuments", 20_000);
    /** The plain route's concurrent consumers (the hub's delivery consumers: 16). */
    static final int PLAIN_CONSUMERS = Integer.getInteger("benchmark.plainConsumers", 16);
    /** Documents in flight towards the plain route at most (the hub's senders are held back by HTTP's answers). */
    static final int PLAIN_WINDOW = 500;
    /** Clients sending at once in the throughput phase (HTTP waits for each answer; JMS and files do not). */
    static final int SENDERS = 24;
    /** Warm-up: referrals over HTTP (for status updates to answer), then documents of the mix over all channels. */
    static final int WARM_UP_REFERRALS = Integer.getInteger("benchmark.warmUpReferrals", 3000);
    static final int WARM_UP_DOCUMENTS = Integer.getInteger("benchmark.warmUpDocuments", 3000);
    static final int IDLE_SECONDS = 30;
    /** The fixed offered rate of the latency phase (200 by the issue; -Dbenchmark.latencyRate=50 to look below saturation). */
    static final int LATENCY_RATE = Integer.getInteger("benchmark.latencyRate", 200);
    static final int LATENCY_SECONDS = 20;
    static final int BACKLOG_FILES = 10_000;
    static final long ATTACHMENT_BYTES = 100L * 1024 * 1024;
    static final List<String> FILE_PARTNERS = List.of("kanak", "de-rand", "riso", "de-horizon");

    /** The hub runs with its shipped defaults, not the test suite's shortened ones. */
    static final Map<String, String> PRODUCTION_TIMINGS = Map.of("HUB_FILE_POLL_DELAY", "500", "HUB_FILE_SETTLE_TIME", "1000",
            "HUB_RETRY_INITIAL_DELAY", "1s");
    static final String ALL_PHASES = "idle,rawBroker,plainRoute,throughput,latency,backlog,attachment,cluster";
    /** Which measurements to make (all by default); -Dbenchmark.phases=throughput,backlog while tuning one. */
    static final List<String> PHASES = List.of(System.getProperty("benchmark.phases", ALL_PHASES).split(","));

    final JsonMapper json = JsonMapper.builder().build();
    final Map<String, Object> results = new LinkedHashMap<>();
    final Path work = Path.of("target", "benchmark").toAbsolutePath();
    HubProcess hub;
    HubClient client;
    ResourceSampler sampler;
    DeliveryCount deliveries;
    Figures figures;
    MixSender sender;
    final DocumentMix mix = new DocumentMix();
    /** Latency from the hub's intake (hubReceivedAt) and from the client's offer to the last delivery, in microseconds. */
    final Recorder latencies = new Recorder(3);
    final Recorder offerLatencies = new Recorder(3);
    final Map<String, Long> offeredAt = new ConcurrentHashMap<>();
    /** The idle hub's CPU per second (ms), to tell how much of a phase's figure is the idle hub's. */
    double idleCpuMillisPerSecond = Double.NaN;

    @Test
    void measure() throws Exception {
        Assumptions.assumeTrue(PHASES.stream().anyMatch(phase -> !phase.equals("cluster")), "only the cluster's phase (ClusterBenchmark)");
        Files.createDirectories(work);
        List<String> jvm = new ArrayList<>(List.of("-Xmx512m"));
        String extra = System.getProperty("benchmark.jvm", "").trim();
        if (!extra.isEmpty()) {
            jvm.addAll(List.of(extra.split("\\s+"))); // e.g. -Dbenchmark.jvm=-XX:StartFlightRecording=filename=hub.jfr
        }
        Map<String, String> environment = new LinkedHashMap<>(PRODUCTION_TIMINGS);
        for (String setting : System.getProperty("benchmark.env", "").split(",")) {
            if (setting.contains("=")) { // e.g. -Dbenchmark.env=HUB_DELIVERY_CONSUMERS=16 while tuning
                environment.put(setting.substring(0, setting.indexOf('=')).trim(), setting.substring(setting.indexOf('=') + 1).trim());
            }
        }
        results.put("environment", environment);
        results.put("phases", PHASES);
        long started = System.currentTimeMillis();
        hub = new HubProcess(work.resolve("run-" + System.currentTimeMillis()), environment).jvmOptions(jvm);
        hub.start();
        Duration ready = hub.awaitReady();
        Map<String, Object> startToReady = new LinkedHashMap<>();
        startToReady.put("seconds", round(ready.toMillis() / 1000.0));
        startToReady.put("hubCpuMillis", Figures.process(hub.pid()).cpuMillis());
        results.put("startToReady", startToReady);
        System.out.println("[benchmark] startToReady: " + json.writeValueAsString(startToReady));
        client = HubClient.of(hub);
        sampler = new ResourceSampler(hub.pid());
        deliveries = client.countDeliveries(DocumentMix.RECEIVERS).onCompletion(this::completed);
        try {
            figures = new Figures(client, hub.pid());
            results.put("machine", machine());
            sender = new MixSender(mix, deliveries, any -> client);
            sender.warmUp(WARM_UP_REFERRALS, WARM_UP_DOCUMENTS);
            phase("idle", "idle", this::idle);
            phase("rawBrokerBefore", "rawBroker", this::rawBroker);
            phase("plainRoute", "plainRoute", this::plainRoute);
            phase("throughput", "throughput", this::throughput);
            phase("latency", "latency", this::latency);
            phase("backlog", "backlog", this::backlog);
            phase("attachment", "attachment", this::attachment);
            phase("rawBrokerAfter", "rawBroker", this::rawBroker);
            deliveries.verify(Duration.ofSeconds(30));
            results.put("deliveriesCounted", deliveries.deliveries());
            results.put("peakRssBytes", sampler.peakRss());
        } finally {
            deliveries.close();
            client.closeConnections();
            sampler.close();
            hub.close();
            if (!Boolean.getBoolean("benchmark.keepData")) {
                deleteTree(hub.dataDir()); // gigabytes per run (the backlog, three copies of the 100 MB PDF); logs stay
            }
            results.put("runSeconds", Math.round((System.currentTimeMillis() - started) / 1000.0));
            ratios();
            // what was measured, also when a phase failed
            Files.writeString(work.resolve("results.json"), json.writerWithDefaultPrettyPrinter().writeValueAsString(results));
        }
        System.out.println(table());
    }

    private void completed(DeliveryCount.Completion completion) {
        mix.delivered(completion.documentId());
        latencies.recordValue(Math.max(0, completion.completedAtMillis() - completion.receivedAt().toEpochMilli()) * 1000);
        Long offered = offeredAt.remove(completion.sender() + "/" + completion.documentId());
        if (offered != null) {
            offerLatencies.recordValue(Math.max(0, completion.completedAtMillis() - offered) * 1000);
        }
    }

    // ------------------------------------------------------------------ the measurements

    interface Measurement {
        Map<String, Object> run() throws Exception;
    }

    /**
     * Runs one measurement once the hub is quiet and shows its figures at once. A measurement that names its
     * "documents" gets the hub's cost per document, from its start until the hub is quiet again after it (the
     * trail and marks it leaves behind included; so is the idle hub's own work meanwhile, see idleCpuMillis).
     */
    private void phase(String key, String name, Measurement measurement) throws Exception {
        if (!PHASES.contains(name)) {
            return;
        }
        sampler.awaitQuiet();
        Snapshot before = figures.take();
        long clientCpu = ResourceSampler.clientCpuMillis();
        Map<String, Object> measured = measurement.run();
        Snapshot end = figures.take();
        long clientCpuEnd = ResourceSampler.clientCpuMillis();
        // where the machine's two cores went while it ran: the hub, and this process (clients and receivers)
        double capacity = end.minus(before).seconds() * 1000 * Runtime.getRuntime().availableProcessors();
        measured.put("hubCpuShare", round(end.minus(before).hub().cpuMillis() / capacity));
        measured.put("clientCpuShare", round((clientCpuEnd - clientCpu) / capacity));
        if (measured.get("documents") instanceof Number documents && !measured.containsKey("perDocument")) {
            sampler.awaitQuiet();
            Snapshot settled = figures.take();
            Snapshot cost = settled.minus(before);
            measured.put("perDocument", perUnit(cost, documents.doubleValue()));
            measured.put("secondsMeasured", round(cost.seconds()));
            measured.put("idleCpuMillisPerDocument", round(idleCpuMillisPerSecond * cost.seconds() / documents.doubleValue()));
        }
        results.put(key, measured);
        System.out.println("[benchmark] " + key + ": " + json.writeValueAsString(measured));
    }

    /** The hub doing nothing for 30 s: its CPU and counters per second. */
    private Map<String, Object> idle() throws Exception {
        Snapshot before = figures.take();
        Thread.sleep(IDLE_SECONDS * 1000L);
        Snapshot cost = figures.take().minus(before);
        idleCpuMillisPerSecond = cost.hub().cpuMillis() / cost.seconds();
        sampler.idleIs(idleCpuMillisPerSecond);
        Map<String, Object> idle = new LinkedHashMap<>();
        idle.put("seconds", round(cost.seconds()));
        idle.put("perSecond", perUnit(cost, cost.seconds()));
        return idle;
    }

    /**
     * Artemis' own perf client on the hub's broker: persistent, one queue, the documents' mean size, 100 pending,
     * 10 s warm-up then 30 s measured. Per message: what the hub process (its broker) spent meanwhile.
     */
    private Map<String, Object> rawBroker() throws Exception {
        int size = 11 * 1024;
        Path report = work.resolve("raw-broker-" + System.currentTimeMillis() + ".json");
        Path artemis = Path.of(System.getProperty("artemis.home", "target/artemis/apache-artemis-2.40.0"), "bin", "artemis");
        Snapshot before = figures.take();
        Process perf = new ProcessBuilder(artemis.toString(), "perf", "client", "--url", hub.brokerUrl(), "--user", "operator",
                "--password", HubTestConfiguration.password("operator"), "--persistent", "--max-pending", "100",
                "--message-size", String.valueOf(size), "--warmup", "10", "--duration", "30", "--json", report.toString(),
                "--silent", "queue://hub.perf").redirectErrorStream(true).redirectOutput(work.resolve("raw-broker.log").toFile()).start();
        if (!perf.waitFor(3, TimeUnit.MINUTES) || perf.exitValue() != 0) {
            throw new IllegalStateException("artemis perf client failed; see " + work.resolve("raw-broker.log"));
        }
        Snapshot cost = figures.take().minus(before);
        JsonNode result = json.readTree(Files.readString(report));
        long received = 0;
        for (JsonNode sample : result) {
            if ("interval".equals(sample.path("sampleType").asString())) {
                received += sample.path("received").asLong();
            }
        }
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("messageSizeBytes", size);
        raw.put("messagesPerSecond", Math.round(rateOf(result)));
        raw.put("messagesReceived", received);
        // the perf client's warm-up included; hub.perf's messages are not among the hub's queues' figures
        Map<String, Object> perMessage = perUnit(cost, received);
        perMessage.keySet().removeIf(figure -> figure.startsWith("database") || figure.equals("brokerMessages"));
        raw.put("perMessage", perMessage);
        raw.put("report", report.toString());
        return raw;
    }

    /**
     * The plain Camel route a user would write instead (PlainRoute), as a process of its own (so its CPU, GC and
     * JIT included, is read from /proc like the hub's) on the hub's broker: fed the same documents over JMS,
     * streamed, at most 500 in flight, and drained from its two queues, each document counted once on each.
     */
    private Map<String, Object> plainRoute() throws Exception {
        Path log = work.resolve("plain-route.log");
        Process route = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), PlainRoute.class.getName(), hub.brokerUrl(), "operator",
                HubTestConfiguration.password("operator"), String.valueOf(PLAIN_CONSUMERS)).redirectErrorStream(true).start();
        CountDownLatch ready = new CountDownLatch(1);
        Thread output = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(route.getInputStream(), StandardCharsets.UTF_8));
                 PrintWriter out = new PrintWriter(Files.newBufferedWriter(log))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    out.println(line);
                    out.flush();
                    if (line.equals(PlainRoute.READY)) {
                        ready.countDown();
                    }
                }
            } catch (IOException ended) {
                // the route stopped
            }
        }, "plain-route-output");
        output.setDaemon(true);
        output.start();
        Map<String, Object> plain = new LinkedHashMap<>();
        try (PlainRouteDrain drain = new PlainRouteDrain()) {
            if (!ready.await(2, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the plain route did not start; see " + log);
            }
            DocumentMix documents = DocumentMix.forPlainRoute();
            drain.feed(documents, PLAIN_DOCUMENTS / 4); // its warm-up: JIT, pools
            drain.awaitDrained(Duration.ofMinutes(5));
            sampler.awaitQuiet();
            Snapshot before = figures.take();
            Figures.Process routeBefore = Figures.process(route.pid());
            drain.reset();
            long start = System.currentTimeMillis();
            drain.feed(documents, PLAIN_DOCUMENTS);
            drain.awaitDrained(Duration.ofMinutes(10));
            double seconds = (drain.lastCompletion.get() - start) / 1000.0;
            Figures.Process routeCost = Figures.process(route.pid()).minus(routeBefore);
            Snapshot cost = figures.take().minus(before);
            drain.failOnProblems();
            plain.put("documents", PLAIN_DOCUMENTS);
            plain.put("consumers", PLAIN_CONSUMERS);
            plain.put("seconds", round(seconds));
            plain.put("documentsPerSecond", Math.round(PLAIN_DOCUMENTS / seconds));
            plain.put("slope10To90PerSecond", slope(drain.completionTimes));
            Map<String, Object> perDocument = new LinkedHashMap<>();
            perDocument.put("routeCpuUserMillis", round(routeCost.userMillis() / (double) PLAIN_DOCUMENTS));
            perDocument.put("routeCpuSystemMillis", round(routeCost.systemMillis() / (double) PLAIN_DOCUMENTS));
            perDocument.put("routeContextSwitches", round(routeCost.contextSwitches() / (double) PLAIN_DOCUMENTS));
            perDocument.put("brokerCpuUserMillis", round(cost.hub().userMillis() / (double) PLAIN_DOCUMENTS));
            perDocument.put("brokerCpuSystemMillis", round(cost.hub().systemMillis() / (double) PLAIN_DOCUMENTS));
            perDocument.put("brokerContextSwitches", round(cost.hub().contextSwitches() / (double) PLAIN_DOCUMENTS));
            perDocument.put("cpuMillis", round((routeCost.cpuMillis() + cost.hub().cpuMillis()) / (double) PLAIN_DOCUMENTS));
            perDocument.put("forcedWrites", round(cost.diskFlushes() / (double) PLAIN_DOCUMENTS));
            perDocument.put("brokerMessages", round(cost.perfQueueMessages() / (double) PLAIN_DOCUMENTS));
            perDocument.put("brokerCommits", round(cost.clientBrokerCommits() / (double) PLAIN_DOCUMENTS));
            perDocument.put("blockingRoundTrips", round(cost.clientBlockingRequests() / (double) PLAIN_DOCUMENTS));
            perDocument.put("contextSwitches", round((routeCost.contextSwitches() + cost.hub().contextSwitches()) / (double) PLAIN_DOCUMENTS));
            plain.put("perDocument", perDocument);
            plain.put("log", log.toString());
        } finally {
            route.getOutputStream().close(); // the route stops when its input closes
            if (!route.waitFor(30, TimeUnit.SECONDS)) {
                route.destroyForcibly();
            }
        }
        return plain;
    }

    /** Feeds the plain route and drains its two queues, counting each document once on each. */
    final class PlainRouteDrain implements AutoCloseable {
        private final Semaphore window = new Semaphore(PLAIN_WINDOW);
        private final Map<String, Set<String>> seen = Map.of("hub.perf.out-1", ConcurrentHashMap.newKeySet(),
                "hub.perf.out-2", ConcurrentHashMap.newKeySet());
        private final Map<String, AtomicInteger> copies = new ConcurrentHashMap<>();
        private final List<String> problems = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final AtomicLong fed = new AtomicLong();
        private final AtomicLong drained = new AtomicLong();
        private final AtomicLong lastCompletion = new AtomicLong();
        private final List<Long> completionTimes = java.util.Collections.synchronizedList(new ArrayList<>());
        private final Connection connection;

        PlainRouteDrain() throws JMSException {
            connection = new ActiveMQConnectionFactory(hub.brokerUrl(), "operator", HubTestConfiguration.password("operator")).createConnection();
            for (String queue : seen.keySet()) {
                Session session = connection.createSession(false, Session.DUPS_OK_ACKNOWLEDGE);
                MessageConsumer consumer = session.createConsumer(session.createQueue(queue));
                consumer.setMessageListener(message -> {
                    try {
                        String documentId = message.getStringProperty("documentId");
                        if (documentId == null || !seen.get(queue).add(documentId)) {
                            problems.add("document " + documentId + " came twice (or without an id) on " + queue);
                            return;
                        }
                        if (copies.computeIfAbsent(documentId, id -> new AtomicInteger()).incrementAndGet() == 2) {
                            copies.remove(documentId);
                            long now = System.currentTimeMillis();
                            completionTimes.add(now);
                            lastCompletion.set(now);
                            drained.incrementAndGet();
                            window.release();
                        }
                    } catch (JMSException e) {
                        problems.add(e.toString());
                    }
                });
            }
            connection.start();
        }

        void feed(DocumentMix documents, int count) throws InterruptedException {
            for (int i = 0; i < count; i++) {
                window.acquire();
                fed.incrementAndGet();
                client.stream("operator", "hub.perf.in", documents.next().json(), Map.of());
            }
        }

        void reset() {
            completionTimes.clear();
        }

        void awaitDrained(Duration patience) throws InterruptedException {
            long deadline = System.currentTimeMillis() + patience.toMillis();
            while (drained.get() < fed.get()) {
                failOnProblems();
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("the plain route delivered " + drained.get() + " of " + fed.get() + " in " + patience);
                }
                Thread.sleep(20);
            }
        }

        void failOnProblems() {
            if (!problems.isEmpty()) {
                throw new IllegalStateException("the plain route: " + problems.subList(0, Math.min(10, problems.size())));
            }
        }

        @Override
        public void close() throws JMSException {
            connection.close();
        }
    }

    /** As many documents as the hub takes, over the three channels at once, counted when all their receivers have them. */
    private Map<String, Object> throughput() throws Exception {
        deliveries.reset();
        sampler.takePeakHeap();
        latencies.getIntervalHistogram();
        int replacedBefore = mix.statusesReplaced();
        long start = System.currentTimeMillis();
        Map<String, Integer> byChannel = sender.sendOverAllChannels(DOCUMENTS, SENDERS);
        deliveries.awaitComplete(DOCUMENTS, Duration.ofMinutes(30));
        double seconds = (deliveries.lastCompletionMillis() - start) / 1000.0;
        sender.awaitReceipts(byChannel);
        deliveries.verify(Duration.ofSeconds(30));
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("documents", DOCUMENTS);
        figures.put("byChannel", byChannel);
        figures.put("statusUpdatesSentAsFeedbackReports", mix.statusesReplaced() - replacedBefore);
        figures.put("seconds", round(seconds));
        figures.put("documentsPerSecond", Math.round(DOCUMENTS / seconds));
        figures.put("slope10To90PerSecond", slope(deliveries.completionTimes()));
        figures.put("peakHeapBytes", sampler.takePeakHeap());
        figures.put("latencyMillis", percentiles(latencies.getIntervalHistogram()));
        figures.put("receipts", deliveries.receipts());
        return figures;
    }

    /**
     * A steady 200 documents a second for 20 seconds, offered without waiting for answers (HTTP requests are sent
     * asynchronously, JMS messages streamed, files dropped), a third on each channel. Latency to the last delivery,
     * measured two ways: from the hub's intake (its hubReceivedAt: for a file, after the settle time) for every
     * document, and from the client's offer for HTTP and JMS (time queued in front of the hub included).
     */
    private Map<String, Object> latency() throws Exception {
        deliveries.reset();
        sampler.takePeakHeap();
        latencies.getIntervalHistogram();
        offerLatencies.getIntervalHistogram();
        offeredAt.clear();
        int total = LATENCY_RATE * LATENCY_SECONDS;
        long period = 1_000_000_000L / LATENCY_RATE;
        List<CompletableFuture<HubClient.Answer>> answers = new ArrayList<>();
        Map<String, Integer> byChannel = new LinkedHashMap<>();
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            // sleep, not spin, until the next one is due: a spinning client would take a core from the hub
            for (long wait = start + i * period - System.nanoTime(); wait > 0; wait = start + i * period - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            DocumentMix.Item item = mix.next();
            String channel = switch (i % 3) {
                case 0 -> {
                    offeredAt.put(item.partner() + "/" + item.documentId(), System.currentTimeMillis());
                    answers.add(client.postAsync(item.partner(), item.json()));
                    yield "http";
                }
                case 1 -> {
                    offeredAt.put(item.partner() + "/" + item.documentId(), System.currentTimeMillis());
                    client.streamDocument(item.partner(), item.json());
                    yield "jms";
                }
                default -> {
                    MixSender.drop(client, item);
                    yield "file";
                }
            };
            byChannel.merge(channel, 1, Integer::sum);
        }
        double offeredSeconds = (System.nanoTime() - start) / 1e9;
        for (CompletableFuture<HubClient.Answer> answer : answers) {
            if (answer.get().status() != 202) {
                throw new IllegalStateException("refused: " + answer.get().body());
            }
        }
        deliveries.awaitComplete(total, Duration.ofMinutes(10));
        sender.awaitReceipts(byChannel);
        deliveries.verify(Duration.ofSeconds(30));
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("offeredPerSecond", LATENCY_RATE);
        figures.put("achievedOfferPerSecond", Math.round(total / offeredSeconds));
        figures.put("documents", total);
        figures.put("latencyMillis", percentiles(latencies.getIntervalHistogram()));
        figures.put("latencyFromOfferMillis", percentiles(offerLatencies.getIntervalHistogram()));
        figures.put("peakHeapBytes", sampler.takePeakHeap());
        return figures;
    }

    /** 10,000 files dropped at once across the partners' folders (their intake suspended meanwhile, then resumed). */
    private Map<String, Object> backlog() throws Exception {
        for (String partner : FILE_PARTNERS) {
            operator("/api/v1/operator/routes/file-intake-" + partner + "/suspend", "{\"reason\":\"benchmark: dropping a backlog\"}");
        }
        int replacedBefore = mix.statusesReplaced();
        for (int i = 0; i < BACKLOG_FILES; i++) {
            MixSender.drop(client, mix.next());
        }
        deliveries.reset();
        sampler.takePeakHeap();
        long start = System.currentTimeMillis();
        for (String partner : FILE_PARTNERS) {
            operator("/api/v1/operator/routes/file-intake-" + partner + "/resume", "{}");
        }
        deliveries.awaitComplete(BACKLOG_FILES, Duration.ofMinutes(10));
        double seconds = (deliveries.lastCompletionMillis() - start) / 1000.0;
        deliveries.awaitReceipts("file", BACKLOG_FILES, Duration.ofMinutes(1));
        deliveries.verify(Duration.ofSeconds(30));
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("documents", BACKLOG_FILES);
        figures.put("statusUpdatesSentAsFeedbackReports", mix.statusesReplaced() - replacedBefore);
        figures.put("secondsUntilAllDelivered", round(seconds));
        figures.put("documentsPerSecond", Math.round(BACKLOG_FILES / seconds));
        figures.put("peakHeapBytes", sampler.takePeakHeap());
        return figures;
    }

    /** Minutes with a 100 MB PDF over HTTP, shared with the learning network: until both receivers have it. */
    private Map<String, Object> attachment() throws Exception {
        Path pdf = work.resolve("large.pdf");
        String sha256 = writeLargePdf(pdf);
        ObjectNode minutes = (ObjectNode) json.readTree(TestDocuments.minutes("de-horizon", "23100").json());
        minutes.withObject("/payload/attachment").put("fileName", "large.pdf").put("sha256", sha256).put("shareable", true);
        deliveries.reset();
        sampler.collectGarbage();
        long start = System.currentTimeMillis();
        HubClient.Answer answer = client.postMultipart("de-horizon", json.writeValueAsString(minutes), pdf);
        if (answer.status() != 202) {
            throw new IllegalStateException("the large document was refused: " + answer.body());
        }
        long accepted = System.currentTimeMillis();
        deliveries.awaitComplete(1, Duration.ofMinutes(5));
        String trackingId = answer.json().path("trackingId").asString();
        for (String receiver : List.of("agency", "learning-network")) {
            Path copy = client.outboxFile(receiver, trackingId, "pdf");
            if (Files.size(copy) != ATTACHMENT_BYTES) {
                throw new IllegalStateException("the PDF did not reach " + receiver + " whole");
            }
        }
        deliveries.verify(Duration.ofSeconds(30));
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("bytes", Files.size(pdf));
        figures.put("documents", 1);
        figures.put("secondsToAccept", round((accepted - start) / 1000.0));
        figures.put("secondsUntilDelivered", round((deliveries.lastCompletionMillis() - start) / 1000.0));
        figures.put("peakHeapBytes", sampler.takePeakHeap());
        return figures;
    }

    // ------------------------------------------------------------------ channels

    private void operator(String path, String body) {
        HubClient.Answer answer = client.send("operator", java.net.http.HttpRequest.newBuilder(client.uri(path))
                .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)));
        if (answer.status() != 200) {
            throw new IllegalStateException(path + ": " + answer.body());
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    // ------------------------------------------------------------------ reporting

    /** A phase's cost divided by documents (or seconds, or messages). */
    private static Map<String, Object> perUnit(Snapshot cost, double units) {
        Map<String, Object> per = new LinkedHashMap<>();
        per.put("cpuUserMillis", round(cost.hub().userMillis() / units));
        per.put("cpuSystemMillis", round(cost.hub().systemMillis() / units));
        per.put("cpuMillis", round(cost.hub().cpuMillis() / units));
        per.put("forcedWrites", round(cost.diskFlushes() / units));
        per.put("brokerMessages", round(cost.hubQueueMessages() / units));
        per.put("databaseCommits", round(cost.databaseCommits() / units));
        per.put("databaseAutoCommits", round(cost.databaseAutoCommits() / units));
        per.put("brokerCommits", round(cost.hubBrokerCommits() / units));
        per.put("brokerRollbacks", round(cost.hubBrokerRollbacks() / units));
        per.put("blockingRoundTrips", round(cost.hubBlockingRequests() / units));
        per.put("clientBlockingRoundTrips", round(cost.clientBlockingRequests() / units));
        per.put("contextSwitches", round(cost.hub().contextSwitches() / units));
        return per;
    }

    /** Documents per second between the 10 % and the 90 % completed: the steady rate, without ramp-up and tail. */
    private static long slope(List<Long> completionTimes) {
        List<Long> times = new ArrayList<>(completionTimes);
        java.util.Collections.sort(times);
        int from = times.size() / 10;
        int to = times.size() * 9 / 10;
        if (to <= from || times.get(to - 1) <= times.get(from)) {
            return -1;
        }
        return Math.round((to - 1 - from) * 1000.0 / (times.get(to - 1) - times.get(from)));
    }

    /**
     * Messages received per second over the measured part of the run: the report is a list of one-second
     * samples (warm-up ones flagged) and a summary; the rate is what the consumer received after the warm-up
     * divided by the time those samples span.
     */
    private static double rateOf(JsonNode report) {
        long received = 0;
        long from = -1;
        long to = -1;
        for (JsonNode sample : report) {
            if (!"interval".equals(sample.path("sampleType").asString())) {
                continue;
            }
            if (sample.path("warmup").asBoolean()) {
                from = sample.path("time").asLong();
            } else {
                received += sample.path("received").asLong();
                to = sample.path("time").asLong();
            }
        }
        if (from < 0 || to <= from) {
            throw new IllegalStateException("no measured samples in the perf client's report");
        }
        return received * 1000.0 / (to - from);
    }

    private static Map<String, Object> percentiles(Histogram histogram) {
        Map<String, Object> millis = new LinkedHashMap<>();
        millis.put("p50", histogram.getValueAtPercentile(50) / 1000.0);
        millis.put("p95", histogram.getValueAtPercentile(95) / 1000.0);
        millis.put("p99", histogram.getValueAtPercentile(99) / 1000.0);
        millis.put("max", histogram.getMaxValue() / 1000.0);
        millis.put("count", histogram.getTotalCount());
        return millis;
    }

    private Map<String, Object> machine() throws IOException {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("java", System.getProperty("java.version"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        machine.put("cpu", Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(line -> line.startsWith("model name"))
                .findFirst().map(line -> line.substring(line.indexOf(':') + 1).trim()).orElse("?"));
        machine.put("hubHeap", "-Xmx512m");
        machine.put("dataDisk", figures.disk());
        return machine;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    /** The hub's and the plain route's rates divided by the raw broker's (the mean of before and after). */
    private void ratios() {
        double raw = mean(map(results.get("rawBrokerBefore")).get("messagesPerSecond"), map(results.get("rawBrokerAfter")).get("messagesPerSecond"));
        Object hubRate = map(results.get("throughput")).get("documentsPerSecond");
        Object plainRate = map(results.get("plainRoute")).get("documentsPerSecond");
        if (raw > 0 && hubRate instanceof Number rate) {
            results.put("ratioHubToRaw", round(rate.doubleValue() / raw));
        }
        if (raw > 0 && plainRate instanceof Number rate) {
            results.put("ratioPlainRouteToRaw", round(rate.doubleValue() / raw));
        }
        if (hubRate instanceof Number hub && plainRate instanceof Number plain) {
            results.put("ratioHubToPlainRoute", round(hub.doubleValue() / plain.doubleValue()));
        }
    }

    private String table() {
        StringBuilder out = new StringBuilder("\n== Rand Integration Hub benchmark ==\n");
        Map<String, Object> before = map(results.get("rawBrokerBefore"));
        Map<String, Object> after = map(results.get("rawBrokerAfter"));
        Map<String, Object> plain = map(results.get("plainRoute"));
        Map<String, Object> throughput = map(results.get("throughput"));
        out.append(String.format("%-36s %24s %34s %20s%n", "", "raw broker", "plain route", "hub (throughput)"));
        Map<String, Object> rawPer = map(before.isEmpty() ? after.get("perMessage") : before.get("perMessage"));
        Map<String, Object> plainPer = map(plain.get("perDocument"));
        Map<String, Object> hubPer = map(throughput.get("perDocument"));
        side(out, "rate (raw: before / after)", str(before.get("messagesPerSecond")) + " / " + str(after.get("messagesPerSecond")) + " msg/s",
                str(plain.get("documentsPerSecond")) + " docs/s", str(throughput.get("documentsPerSecond")) + " docs/s");
        side(out, "  slope between 10 % and 90 % done", "", str(plain.get("slope10To90PerSecond")) + " docs/s",
                str(throughput.get("slope10To90PerSecond")) + " docs/s");
        side(out, "  divided by raw (mean)", "1", str(results.get("ratioPlainRouteToRaw")), str(results.get("ratioHubToRaw")));
        side(out, "  hub divided by plain route", "", "", str(results.get("ratioHubToPlainRoute")));
        side(out, "CPU ms per message/doc, user / sys", "broker " + num(rawPer.get("cpuUserMillis")) + " / " + num(rawPer.get("cpuSystemMillis")),
                "route " + num(plainPer.get("routeCpuUserMillis")) + " / " + num(plainPer.get("routeCpuSystemMillis")) + " + broker "
                        + num(plainPer.get("brokerCpuUserMillis")) + " / " + num(plainPer.get("brokerCpuSystemMillis")),
                num(hubPer.get("cpuUserMillis")) + " / " + num(hubPer.get("cpuSystemMillis")));
        side(out, "forced writes per message/doc", num(rawPer.get("forcedWrites")), num(plainPer.get("forcedWrites")), num(hubPer.get("forcedWrites")));
        side(out, "broker messages per doc", "1", num(plainPer.get("brokerMessages")), num(hubPer.get("brokerMessages")));
        side(out, "broker commits per doc", "-", num(plainPer.get("brokerCommits")), num(hubPer.get("brokerCommits")));
        side(out, "blocking round trips per message/doc", num(rawPer.get("clientBlockingRoundTrips")), num(plainPer.get("blockingRoundTrips")),
                num(hubPer.get("blockingRoundTrips")));
        side(out, "database commits per doc", "-", "-", num(hubPer.get("databaseCommits")));
        side(out, "context switches per message/doc", num(rawPer.get("contextSwitches")), num(plainPer.get("contextSwitches")),
                num(hubPer.get("contextSwitches")));

        out.append(String.format("%n%-36s %12s %12s %12s %12s%n", "hub, per document", "throughput", "latency", "backlog", "attachment"));
        List<Map<String, Object>> phases = new ArrayList<>();
        for (String phase : List.of("throughput", "latency", "backlog", "attachment")) {
            Map<String, Object> per = new LinkedHashMap<>(map(map(results.get(phase)).get("perDocument")));
            per.put("idleCpuMillis", map(results.get(phase)).get("idleCpuMillisPerDocument"));
            phases.add(per);
        }
        for (String[] row : new String[][] {{"CPU ms, user", "cpuUserMillis"}, {"CPU ms, system", "cpuSystemMillis"},
                {"  of which the idle hub's (ms)", "idleCpuMillis"}, {"forced writes", "forcedWrites"},
                {"broker messages", "brokerMessages"}, {"database commits", "databaseCommits"}, {"broker commits", "brokerCommits"},
                {"broker rollbacks", "brokerRollbacks"}, {"blocking round trips", "blockingRoundTrips"},
                {"context switches", "contextSwitches"}}) {
            out.append(String.format("%-36s", row[0]));
            for (Map<String, Object> phase : phases) {
                out.append(String.format(" %12s", num(phase.get(row[1]))));
            }
            out.append('\n');
        }
        Map<String, Object> idle = map(map(results.get("idle")).get("perSecond"));
        out.append(String.format("%nidle hub, per second: CPU %s / %s ms (user / sys), %s forced writes, %s broker messages, "
                        + "%s database commits, %s broker commits, %s blocking round trips, %s context switches%n",
                num(idle.get("cpuUserMillis")), num(idle.get("cpuSystemMillis")), num(idle.get("forcedWrites")), num(idle.get("brokerMessages")),
                num(idle.get("databaseCommits")), num(idle.get("brokerCommits")), num(idle.get("blockingRoundTrips")), num(idle.get("contextSwitches"))));
        Map<String, Object> ready = map(results.get("startToReady"));
        out.append(String.format("start to ready: %s s (%s ms of hub CPU)%n", ready.get("seconds"), ready.get("hubCpuMillis")));
        Map<String, Object> latency = map(results.get("latency"));
        Map<String, Object> lat = map(latency.get("latencyMillis"));
        Map<String, Object> offer = map(latency.get("latencyFromOfferMillis"));
        out.append(String.format("latency at %d docs/s offered, p50 / p95 / p99 / max: from intake %s / %s / %s / %s ms, "
                        + "from the offer %s / %s / %s / %s ms%n", LATENCY_RATE, lat.get("p50"), lat.get("p95"), lat.get("p99"), lat.get("max"),
                offer.get("p50"), offer.get("p95"), offer.get("p99"), offer.get("max")));
        Map<String, Object> backlog = map(results.get("backlog"));
        out.append(String.format("backlog of %d files: %s s (%s docs/s)%n", BACKLOG_FILES, str(backlog.get("secondsUntilAllDelivered")),
                str(backlog.get("documentsPerSecond"))));
        Map<String, Object> attachment = map(results.get("attachment"));
        out.append(String.format("100 MiB attachment: delivered in %s s, peak heap %s%n", str(attachment.get("secondsUntilDelivered")),
                mb(attachment.get("peakHeapBytes"))));
        out.append(String.format("peak heap: throughput %s, latency %s, backlog %s; peak RSS %s%n", mb(throughput.get("peakHeapBytes")),
                mb(latency.get("peakHeapBytes")), mb(backlog.get("peakHeapBytes")), mb(results.get("peakRssBytes"))));
        out.append(String.format("share of the machine's CPU in the throughput phase: hub %s, benchmark clients %s%n",
                throughput.get("hubCpuShare"), throughput.get("clientCpuShare")));
        out.append(String.format("deliveries counted once on their queue and once in their folder: %s; run %s s%n",
                results.get("deliveriesCounted"), results.get("runSeconds")));
        out.append("(target/benchmark/results.json)\n");
        return out.toString();
    }

    private static void side(StringBuilder out, String what, String raw, String plain, String hub) {
        out.append(String.format("%-36s %24s %34s %20s%n", what, raw, plain, hub));
    }

    /** A figure with two decimals at most (three under 0.1), or "-". */
    private static String num(Object value) {
        if (!(value instanceof Number number)) {
            return "-";
        }
        double figure = number.doubleValue();
        return Math.abs(figure) >= 100 ? String.valueOf(Math.round(figure))
                : Math.abs(figure) < 0.1 && figure != 0 ? String.format("%.3f", figure) : String.format("%.2f", figure);
    }

    private static double mean(Object first, Object second) {
        List<Double> values = new ArrayList<>();
        for (Object value : new Object[] {first, second}) {
            if (value instanceof Number number) {
                values.add(number.doubleValue());
            }
        }
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(-1);
    }

    private static String str(Object value) {
        return value == null ? "-" : value.toString();
    }

    private static String mb(Object bytes) {
        return bytes instanceof Number number ? (number.longValue() / (1024 * 1024)) + " MB" : "-";
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    private static String writeLargePdf(Path file) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(file), sha)) {
            // what the hub checks a PDF for: header, an object, a trailer, %%EOF at the end
            byte[] head = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n2 0 obj << /Length 104857000 >> stream\n"
                    .getBytes(StandardCharsets.US_ASCII);
            byte[] tail = "\nendstream endobj\ntrailer << /Root 1 0 R >>\nstartxref\n0\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
            byte[] filler = new byte[1024 * 1024];
            java.util.Arrays.fill(filler, (byte) 'x');
            out.write(head);
            long left = ATTACHMENT_BYTES - head.length - tail.length;
            while (left > 0) {
                int chunk = (int) Math.min(filler.length, left);
                out.write(filler, 0, chunk);
                left -= chunk;
            }
            out.write(tail);
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
