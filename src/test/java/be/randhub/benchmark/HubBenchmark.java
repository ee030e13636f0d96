package be.randhub.benchmark;

import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;

import org.HdrHistogram.Histogram;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;

import be.randhub.support.HubProcess;
import be.randhub.support.HubTestConfiguration;
import be.randhub.support.TestDocuments;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The benchmark ({@code ./mvnw -Pbenchmark verify}; not part of the test suite): the packaged hub in its own
 * process, heap capped at 512 MB, measured next to the raw broker it runs (Artemis' own perf client on the same
 * broker configuration), then end to end: throughput, latency at a fixed rate, a 10,000-file backlog and a
 * 100 MB attachment. Figures go to target/benchmark/results.json and a table on stdout.
 */
class HubBenchmark {

    static final int THROUGHPUT_DOCUMENTS = 4000;
    /** Clients sending at once in the throughput phase (HTTP waits for each answer; JMS and files do not). */
    static final int SENDERS = 24;
    /** The fixed offered rate of the latency phase (200 by the issue; -Dbenchmark.latencyRate=50 to look below saturation). */
    static final int LATENCY_RATE = Integer.getInteger("benchmark.latencyRate", 200);
    static final int LATENCY_SECONDS = 20;
    static final int BACKLOG_FILES = 10_000;
    static final long ATTACHMENT_BYTES = 100L * 1024 * 1024;
    static final List<String> FILE_PARTNERS = List.of("kanak", "de-rand", "riso", "de-horizon");

    /** The hub runs with its shipped defaults, not the test suite's shortened ones. */
    static final Map<String, String> PRODUCTION_TIMINGS = Map.of("HUB_FILE_POLL_DELAY", "500", "HUB_FILE_SETTLE_TIME", "1000",
            "HUB_RETRY_INITIAL_DELAY", "1s");
    /** Which measurements to make (all by default); -Dbenchmark.phases=throughput,backlog while tuning one. */
    static final List<String> PHASES = List.of(System.getProperty("benchmark.phases", "rawBroker,throughput,latency,backlog,attachment")
            .split(","));

    final JsonMapper json = JsonMapper.builder().build();
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(Executors.newFixedThreadPool(SENDERS)).build();
    final Map<String, Object> results = new LinkedHashMap<>();
    final Path work = Path.of("target", "benchmark").toAbsolutePath();
    HubProcess hub;
    ResourceSampler sampler;
    Deliveries deliveries;
    JmsSender jms;
    DocumentMix mix = new DocumentMix();

    @Test
    void measure() throws Exception {
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
        hub = new HubProcess(work.resolve("run-" + System.currentTimeMillis()), environment).jvmOptions(jvm);
        hub.start();
        sampler = new ResourceSampler(hub.pid());
        deliveries = new Deliveries(hub.brokerUrl());
        jms = new JmsSender();
        try {
            results.put("machine", machine());
            warmUpAndPrepareReferrals(1000 + LATENCY_RATE * LATENCY_SECONDS / 4 + BACKLOG_FILES / 4);
            phase("rawBroker", this::rawBroker);
            phase("throughput", this::throughput);
            phase("latency", this::latency);
            phase("backlog", this::backlog);
            phase("attachment", this::attachment);
            results.put("peakRssBytes", sampler.peakRss());
        } finally {
            jms.close();
            deliveries.close();
            sampler.close();
            hub.close();
            if (!Boolean.getBoolean("benchmark.keepData")) {
                deleteTree(hub.dataDir()); // gigabytes per run (the backlog, three copies of the 100 MB PDF); logs stay
            }
        }
        if (results.keySet().containsAll(List.of("rawBroker", "throughput", "latency", "backlog", "attachment"))) {
            String table = table();
            Files.writeString(work.resolve("results.json"), json.writerWithDefaultPrettyPrinter().writeValueAsString(results));
            System.out.println(table);
        }
    }

    // ------------------------------------------------------------------ the measurements

    interface Phase {
        Map<String, Object> run() throws Exception;
    }

    /** Runs one measurement and shows its figures at once, so a long run is followed as it goes. */
    private void phase(String name, Phase phase) throws Exception {
        if (!PHASES.contains(name)) {
            return;
        }
        sampler.awaitQuiet();
        long hubCpu = sampler.hubCpuMillis();
        long clientCpu = ResourceSampler.clientCpuMillis();
        long wall = System.currentTimeMillis();
        Map<String, Object> figures = phase.run();
        // where the machine's two cores went: the hub, and this process (clients and receivers)
        double elapsed = (System.currentTimeMillis() - wall) * (double) Runtime.getRuntime().availableProcessors();
        figures.put("hubCpuShare", round((sampler.hubCpuMillis() - hubCpu) / elapsed));
        figures.put("clientCpuShare", round((ResourceSampler.clientCpuMillis() - clientCpu) / elapsed));
        if (figures.get("documents") instanceof Integer documents) {
            figures.put("hubCpuMillisPerDocument", round((sampler.hubCpuMillis() - hubCpu) / (double) documents));
        }
        results.put(name, figures);
        System.out.println("[benchmark] " + name + ": " + json.writeValueAsString(figures));
    }

    /** Referrals for the status updates to answer; they warm the hub up too. */
    private void warmUpAndPrepareReferrals(int count) throws Exception {
        List<String> ids = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService senders = Executors.newFixedThreadPool(8);
        List<Future<?>> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sent.add(senders.submit(() -> {
                var referral = DocumentMix.referral();
                post("kanak", referral.json());
                ids.add(referral.documentId());
                return null;
            }));
        }
        for (Future<?> future : sent) {
            future.get();
        }
        senders.shutdown();
        deliveries.awaitComplete(count, Duration.ofMinutes(5));
        mix.answerable(ids);
    }

    /** Artemis' own perf client on the hub's broker: persistent, one queue, the documents' mean size, 100 pending. */
    private Map<String, Object> rawBroker() throws Exception {
        int size = 11 * 1024;
        Path report = work.resolve("raw-broker.json");
        Path artemis = Path.of(System.getProperty("artemis.home", "target/artemis/apache-artemis-2.40.0"), "bin", "artemis");
        Process perf = new ProcessBuilder(artemis.toString(), "perf", "client", "--url", hub.brokerUrl(), "--user", "operator",
                "--password", HubTestConfiguration.password("operator"), "--persistent", "--max-pending", "100",
                "--message-size", String.valueOf(size), "--warmup", "10", "--duration", "30", "--json", report.toString(),
                "--silent", "queue://hub.perf").redirectErrorStream(true).redirectOutput(work.resolve("raw-broker.log").toFile()).start();
        if (!perf.waitFor(3, TimeUnit.MINUTES) || perf.exitValue() != 0) {
            throw new IllegalStateException("artemis perf client failed; see " + work.resolve("raw-broker.log"));
        }
        JsonNode result = json.readTree(Files.readString(report));
        double rate = rateOf(result);
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("messageSizeBytes", size);
        raw.put("messagesPerSecond", Math.round(rate));
        raw.put("report", report.toString());
        return raw;
    }

    /** As many documents as the hub takes, over the three channels at once, counted when both receivers have them. */
    private Map<String, Object> throughput() throws Exception {
        deliveries.reset();
        sampler.takePeakHeap();
        List<DocumentMix.Item> documents = new ArrayList<>();
        for (int i = 0; i < THROUGHPUT_DOCUMENTS; i++) {
            documents.add(mix.next());
        }
        long start = System.currentTimeMillis();
        sendOverAllChannels(documents);
        deliveries.awaitComplete(THROUGHPUT_DOCUMENTS, Duration.ofMinutes(10));
        double seconds = (deliveries.lastCompletionMillis() - start) / 1000.0;
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("documents", THROUGHPUT_DOCUMENTS);
        figures.put("seconds", round(seconds));
        figures.put("documentsPerSecond", Math.round(THROUGHPUT_DOCUMENTS / seconds));
        figures.put("meanDocumentBytes", documents.stream().mapToInt(item -> item.json().length()).average().orElse(0));
        figures.put("peakHeapBytes", sampler.takePeakHeap());
        figures.put("latencyMillis", percentiles(deliveries.latencies()));
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
        int total = LATENCY_RATE * LATENCY_SECONDS;
        long period = 1_000_000_000L / LATENCY_RATE;
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            // sleep, not spin, until the next one is due: a spinning client would take a core from the hub
            for (long wait = start + i * period - System.nanoTime(); wait > 0; wait = start + i * period - System.nanoTime()) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
            DocumentMix.Item item = mix.next();
            switch (i % 3) {
                case 0 -> {
                    deliveries.offered(item.partner(), item.documentId(), System.currentTimeMillis());
                    answers.add(http.sendAsync(documentRequest(item.partner(), item.json()), HttpResponse.BodyHandlers.ofString()));
                }
                case 1 -> {
                    deliveries.offered(item.partner(), item.documentId(), System.currentTimeMillis());
                    jms.send(item);
                }
                default -> drop(item);
            }
        }
        double offeredSeconds = (System.nanoTime() - start) / 1e9;
        for (var answer : answers) {
            if (answer.get().statusCode() != 202) {
                throw new IllegalStateException("refused: " + answer.get().body());
            }
        }
        deliveries.awaitComplete(total, Duration.ofMinutes(5));
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("offeredPerSecond", LATENCY_RATE);
        figures.put("achievedOfferPerSecond", Math.round(total / offeredSeconds));
        figures.put("documents", total);
        figures.put("latencyMillis", percentiles(deliveries.latencies()));
        figures.put("latencyFromOfferMillis", percentiles(deliveries.offerLatencies()));
        figures.put("peakHeapBytes", sampler.takePeakHeap());
        return figures;
    }

    /** 10,000 files dropped at once across the partners' folders (their intake suspended meanwhile, then resumed). */
    private Map<String, Object> backlog() throws Exception {
        for (String partner : FILE_PARTNERS) {
            operator("/api/v1/operator/routes/file-intake-" + partner + "/suspend", "{\"reason\":\"benchmark: dropping a backlog\"}");
        }
        for (int i = 0; i < BACKLOG_FILES; i++) {
            drop(mix.next());
        }
        deliveries.reset();
        sampler.takePeakHeap();
        long start = System.currentTimeMillis();
        for (String partner : FILE_PARTNERS) {
            operator("/api/v1/operator/routes/file-intake-" + partner + "/resume", "{}");
        }
        deliveries.awaitComplete(BACKLOG_FILES, Duration.ofMinutes(10));
        double seconds = (deliveries.lastCompletionMillis() - start) / 1000.0;
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("documents", BACKLOG_FILES);
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
        String boundary = "benchmark-" + UUID.randomUUID();
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.concat(
                HttpRequest.BodyPublishers.ofString("--" + boundary + "\r\nContent-Disposition: form-data; name=\"document\"; filename=\"d.json\"\r\n"
                        + "Content-Type: application/json\r\n\r\n" + json.writeValueAsString(minutes) + "\r\n--" + boundary
                        + "\r\nContent-Disposition: form-data; name=\"attachment\"; filename=\"large.pdf\"\r\nContent-Type: application/pdf\r\n\r\n"),
                HttpRequest.BodyPublishers.ofFile(pdf),
                HttpRequest.BodyPublishers.ofString("\r\n--" + boundary + "--\r\n"));
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(hub.uri("/api/v1/documents"))
                .header("Authorization", basic("de-horizon")).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(body).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 202) {
            throw new IllegalStateException("the large document was refused: " + answer.body());
        }
        long accepted = System.currentTimeMillis();
        deliveries.awaitComplete(1, Duration.ofMinutes(5));
        String trackingId = json.readTree(answer.body()).path("trackingId").asString();
        for (String receiver : List.of("agency", "learning-network")) {
            Path copy = hub.dataDir().resolve("outbox").resolve(receiver).resolve(trackingId + ".pdf");
            if (Files.size(copy) != ATTACHMENT_BYTES) {
                throw new IllegalStateException("the PDF did not reach " + receiver + " whole");
            }
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("bytes", Files.size(pdf));
        figures.put("secondsToAccept", round((accepted - start) / 1000.0));
        figures.put("secondsUntilDelivered", round((deliveries.lastCompletionMillis() - start) / 1000.0));
        figures.put("peakHeapBytes", sampler.takePeakHeap());
        return figures;
    }

    // ------------------------------------------------------------------ channels

    private void sendOverAllChannels(List<DocumentMix.Item> documents) throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> running = new ArrayList<>();
        for (int thread = 0; thread < SENDERS; thread++) {
            running.add(senders.submit(() -> {
                for (int i = next.getAndIncrement(); i < documents.size(); i = next.getAndIncrement()) {
                    DocumentMix.Item item = documents.get(i);
                    switch (i % 3) {
                        case 0 -> post(item.partner(), item.json());
                        case 1 -> jms.send(item);
                        default -> drop(item);
                    }
                }
                return null;
            }));
        }
        for (Future<?> future : running) {
            future.get();
        }
        senders.shutdown();
    }

    void post(String partner, String document) throws Exception {
        HttpResponse<String> answer = http.send(documentRequest(partner, document), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 202) {
            throw new IllegalStateException("refused: " + answer.body());
        }
    }

    private HttpRequest documentRequest(String partner, String document) {
        return HttpRequest.newBuilder(hub.uri("/api/v1/documents")).header("Authorization", basic(partner))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(document)).build();
    }

    private void drop(DocumentMix.Item item) throws IOException {
        Path folder = hub.dataDir().resolve("inbox").resolve(item.partner());
        String name = UUID.randomUUID().toString();
        Path hidden = folder.resolve("." + name + ".part");
        Files.writeString(hidden, item.json());
        Files.move(hidden, folder.resolve(name + ".json"), StandardCopyOption.ATOMIC_MOVE);
    }

    private void operator(String path, String body) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(hub.uri(path)).header("Authorization", basic("operator"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException(path + ": " + answer.body());
        }
    }

    /** A JMS client per partner, sending persistent text messages to its inbox. */
    final class JmsSender implements AutoCloseable {
        private final Map<String, Session> sessions = new java.util.HashMap<>();
        private final Map<String, MessageProducer> producers = new java.util.HashMap<>();
        private final List<Connection> connections = new ArrayList<>();

        synchronized void send(DocumentMix.Item item) throws Exception {
            MessageProducer producer = producers.get(item.partner());
            if (producer == null) {
                ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(hub.brokerUrl(), item.partner(),
                        HubTestConfiguration.password(item.partner()));
                // a bulk sender streams its messages (the broker confirms them asynchronously) instead of
                // waiting for each one's disk sync
                factory.setBlockOnDurableSend(false);
                factory.setConfirmationWindowSize(1024 * 1024);
                Connection connection = factory.createConnection();
                connections.add(connection);
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                producer = session.createProducer(session.createQueue("partner." + item.partner() + ".inbox"));
                producer.setDeliveryMode(DeliveryMode.PERSISTENT);
                sessions.put(item.partner(), session);
                producers.put(item.partner(), producer);
            }
            producer.send(sessions.get(item.partner()).createTextMessage(item.json()));
        }

        @Override
        public synchronized void close() throws Exception {
            for (Connection connection : connections) {
                connection.close();
            }
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

    private static Map<String, Object> machine() throws IOException {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("java", System.getProperty("java.version"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        machine.put("cpu", Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(line -> line.startsWith("model name"))
                .findFirst().map(line -> line.substring(line.indexOf(':') + 1).trim()).orElse("?"));
        machine.put("hubHeap", "-Xmx512m");
        return machine;
    }

    @SuppressWarnings("unchecked")
    private String table() {
        Map<String, Object> raw = (Map<String, Object>) results.get("rawBroker");
        Map<String, Object> throughput = (Map<String, Object>) results.get("throughput");
        Map<String, Object> latency = (Map<String, Object>) results.get("latency");
        Map<String, Object> backlog = (Map<String, Object>) results.get("backlog");
        Map<String, Object> attachment = (Map<String, Object>) results.get("attachment");
        Map<String, Object> lat = (Map<String, Object>) latency.get("latencyMillis");
        long rawRate = ((Number) raw.get("messagesPerSecond")).longValue();
        long hubRate = ((Number) throughput.get("documentsPerSecond")).longValue();
        double ratio = (double) hubRate / rawRate;
        results.put("ratioHubToRaw", round(ratio));
        StringBuilder out = new StringBuilder("\n== Rand Integration Hub benchmark ==\n");
        row(out, "raw broker (artemis perf client, persistent, 1 queue)", rawRate + " msg/s", "");
        row(out, "hub end to end (HTTP + JMS + files, 4 types, 1-20 KB)", hubRate + " docs/s", "");
        row(out, "ratio hub / raw", String.format("%.3f", ratio), "target >= 0.25");
        row(out, "latency at " + LATENCY_RATE + " docs/s: p50 / p95 / p99 / max",
                lat.get("p50") + " / " + lat.get("p95") + " / " + lat.get("p99") + " / " + lat.get("max") + " ms", "target p99 < 50 ms");
        Map<String, Object> fromOffer = (Map<String, Object>) latency.get("latencyFromOfferMillis");
        row(out, "  the same from the client's offer (HTTP + JMS)", fromOffer.get("p50") + " / " + fromOffer.get("p95") + " / "
                + fromOffer.get("p99") + " / " + fromOffer.get("max") + " ms", "");
        row(out, "backlog of " + BACKLOG_FILES + " files", backlog.get("secondsUntilAllDelivered") + " s", "target < 30 s");
        row(out, "100 MB attachment delivered", attachment.get("secondsUntilDelivered") + " s", "");
        row(out, "peak heap: throughput / latency / backlog / attachment", mb(throughput.get("peakHeapBytes")) + " / "
                + mb(latency.get("peakHeapBytes")) + " / " + mb(backlog.get("peakHeapBytes")) + " / " + mb(attachment.get("peakHeapBytes")),
                "attachment target <= 256 MB");
        row(out, "peak RSS of the hub process", mb(results.get("peakRssBytes")), "");
        row(out, "hub CPU per document (throughput)", throughput.get("hubCpuMillisPerDocument") + " ms", "");
        row(out, "share of the machine's CPU: hub / benchmark clients", throughput.get("hubCpuShare") + " / "
                + throughput.get("clientCpuShare"), "");
        out.append("(target/benchmark/results.json)\n");
        return out.toString();
    }

    private static void row(StringBuilder out, String what, String value, String target) {
        out.append(String.format("%-58s %24s   %s%n", what, value, target));
    }

    private static String mb(Object bytes) {
        return (((Number) bytes).longValue() / (1024 * 1024)) + " MB";
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    private static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + HubTestConfiguration.password(user)).getBytes(StandardCharsets.UTF_8));
    }

    private static String writeLargePdf(Path file) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(file), sha)) {
            byte[] head = "%PDF-1.4\n".getBytes(StandardCharsets.US_ASCII);
            byte[] tail = "\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
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
