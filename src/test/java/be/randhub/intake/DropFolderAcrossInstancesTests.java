package be.randhub.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.unit.DataSize;

import be.randhub.attachment.AttachmentProperties;
import be.randhub.attachment.AttachmentStore;
import be.randhub.broker.BrokerProperties;
import be.randhub.cluster.ClusterConfiguration;
import be.randhub.cluster.InstancePresence;
import be.randhub.config.DataDirectory;
import be.randhub.document.DocumentLimits;
import be.randhub.document.DocumentReader;
import be.randhub.document.DocumentType;
import be.randhub.document.HubHeaders;
import be.randhub.registry.Municipality;
import be.randhub.registry.Partner;
import be.randhub.registry.PartnerKind;
import be.randhub.registry.PartnerRegistry;
import be.randhub.registry.RegistryProperties;
import be.randhub.support.SharedDatabase;

import tools.jackson.databind.json.JsonMapper;

/**
 * Two hub instances on one shared data folder and one database (H2 or PostgreSQL), each with its own drop-folder
 * consumer polling the same folder as the hub's does: every file is taken in by exactly one of them; and the files an
 * instance that died had taken out of the folder are given back by the other, once, and not while it runs.
 */
class DropFolderAcrossInstancesTests {

    private static final String PARTNER = "kanak";

    private SharedDatabase database;
    private Path root;
    private final List<CamelContext> contexts = new java.util.ArrayList<>();
    private final List<InstancePresence> presences = new java.util.ArrayList<>();
    /** What each instance read, by the file's content. */
    private final Map<String, AtomicInteger> taken = new ConcurrentHashMap<>();

    @BeforeEach
    void sharedFolderAndDatabase() throws Exception {
        database = SharedDatabase.create();
        root = Files.createTempDirectory(Files.createDirectories(Path.of("target", "test-data")).toAbsolutePath(), "shared-data-");
    }

    @AfterEach
    void stop() {
        contexts.forEach(CamelContext::stop);
        presences.forEach(InstancePresence::destroy);
        database.close();
    }

    private record Instance(String name, InstancePresence presence, DropFolder folder) {
    }

    private Instance instance(String name) throws Exception {
        String unique = name + "-" + UUID.randomUUID().toString().substring(0, 6);
        JdbcTemplate jdbc = new JdbcTemplate(database.instance());
        InstancePresence presence = new InstancePresence(ClusterConfiguration.lockProvider(jdbc, unique), jdbc, unique, Duration.ofSeconds(1));
        presences.add(presence);
        DataDirectory data = new DataDirectory(root);
        AttachmentProperties attachments = new AttachmentProperties(DataSize.ofMegabytes(1), Duration.ofSeconds(1));
        JsonMapper json = JsonMapper.builder().build();
        PartnerRegistry registry = new PartnerRegistry(new RegistryProperties(
                List.of(new Municipality("23102", "Wemmel", "1780", true)),
                List.of(new Partner("agency", "Agentschap", PartnerKind.RECEIVER, List.of(), Set.of()),
                        new Partner("learning-network", "Lerend netwerk", PartnerKind.RECEIVER, List.of(), Set.of()),
                        new Partner(PARTNER, "Kanak", PartnerKind.NON_PROFIT, List.of("23102"), Set.of(DocumentType.values())))));
        BrokerProperties broker = new BrokerProperties(BrokerProperties.Mode.EMBEDDED, "", "hub", "", null, null,
                new BrokerProperties.Redelivery(Duration.ofMillis(100), 2, Duration.ofSeconds(1), 3), null, 100);
        DropFolder folder = new DropFolder(data, attachments, new AttachmentStore(data, attachments), json,
                new DocumentReader(json, new DocumentLimits(DataSize.ofMegabytes(5), 16, 100_000, 100, 500_000)), broker, null,
                registry, presence);
        return new Instance(unique, presence, folder);
    }

    /** The instance's drop-folder consumer, with the options of routes/intake.camel.yaml, taking each file in. */
    private void consume(Instance instance) throws Exception {
        CamelContext camel = new DefaultCamelContext();
        camel.getRegistry().bind("dropFileFilter", instance.folder().dropFileFilter());
        Path inbox = root.resolve("inbox").resolve(PARTNER);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("file:" + inbox + "?include=.*\\.(json|JSON)&filter=#dropFileFilter&readLock=changed&readLockMinAge=200"
                        + "&readLockMinLength=0&readLockMarkerFile=false&readLockCheckInterval=100&readLockTimeout=30000&delay=100"
                        + "&sortBy=file:modified&noop=true&idempotent=false")
                        .routeId("file-intake-" + PARTNER)
                        .threads(4, 4).maxQueueSize(4).callerRunsWhenRejected(true)
                        .setHeader(HubHeaders.SENDER, constant(PARTNER))
                        .process(instance.folder()::take)
                        .process(exchange -> {
                            taken.computeIfAbsent(exchange.getIn().getBody(String.class), content -> new AtomicInteger()).incrementAndGet();
                            exchange.getIn().setHeader(HubHeaders.OUTCOME, "accepted");
                            exchange.getIn().setHeader(HubHeaders.TRACKING_ID, UUID.randomUUID().toString());
                        })
                        .process(instance.folder()::settle);
            }
        });
        camel.start();
        contexts.add(camel);
    }

    private Path drop(String name, String content) throws Exception {
        Path inbox = Files.createDirectories(root.resolve("inbox").resolve(PARTNER));
        Path temporary = inbox.resolve(name + ".tmp");
        Files.writeString(temporary, content, StandardCharsets.UTF_8);
        return Files.move(temporary, inbox.resolve(name));
    }

    private long filesUnder(Path folder) throws Exception {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void everyFileIsTakenInByExactlyOneInstance() throws Exception {
        Instance one = instance("hub-1");
        Instance two = instance("hub-2");
        consume(one);
        consume(two);
        int files = 150;

        for (int i = 0; i < files; i++) {
            drop("doc-" + i + ".json", "{\"n\":" + i + "}");
        }

        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> filesUnder(root.resolve("processed").resolve(PARTNER).resolve("done")) == files);
        assertThat(taken).hasSize(files);
        assertThat(taken.values()).allSatisfy(count -> assertThat(count).hasValue(1));
        assertThat(filesUnder(root.resolve("inbox").resolve(PARTNER))).isZero();
        assertThat(filesUnder(root.resolve("processed").resolve(PARTNER).resolve("work"))).isZero();
    }

    @Test
    void whatAnInstanceThatDiedWasTakingInIsTakenUpByAnotherOnce() throws Exception {
        Instance died = instance("hub-1");
        Instance survivor = instance("hub-2");
        // the files hub-1 had taken out of the drop folder when it died
        Path work = Files.createDirectories(root.resolve("processed").resolve(PARTNER).resolve("work").resolve(died.name()));
        for (int i = 0; i < 20; i++) {
            Files.writeString(work.resolve("0123abcd.left-" + i + ".json"), "{\"left\":" + i + "}");
        }
        consume(survivor);

        survivor.folder().takeUpWhatStoppedInstancesLeft();
        Thread.sleep(1500); // more than hub-1's lease: while it runs, its files stay its own
        survivor.folder().takeUpWhatStoppedInstancesLeft();
        assertThat(filesUnder(work)).as("hub-1 still runs").isEqualTo(20);
        assertThat(taken).isEmpty();

        died.presence().destroyWithoutLettingGo();
        Thread.sleep(1500); // its lease runs out
        survivor.folder().takeUpWhatStoppedInstancesLeft();
        survivor.folder().takeUpWhatStoppedInstancesLeft(); // and again: nothing more

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> taken.size() == 20);
        Thread.sleep(1000);
        assertThat(taken.values()).allSatisfy(count -> assertThat(count).hasValue(1));
        assertThat(filesUnder(work)).isZero();
        assertThat(filesUnder(root.resolve("processed").resolve(PARTNER).resolve("done"))).isEqualTo(20);
    }
}
