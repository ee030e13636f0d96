package be.randhub.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.MapPropertySource;

import be.randhub.config.DataDirectory;

/**
 * Settings for the hub under test: a fresh data directory under {@code target/}, a free broker port, known
 * passwords for the principals the tests log in as, and short waits so retries and dead letters happen within
 * a test's patience.
 */
@TestConfiguration(proxyBeanMethods = false)
public class HubTestConfiguration {

    /** The password every principal has in the tests: {@code <id>-secret}. */
    public static String password(String principal) {
        return principal + "-secret";
    }

    static final Path DATA_DIR;
    /** The hub under test's hub.instance. */
    public static final String INSTANCE = "hub-under-test";
    static final int BROKER_PORT;
    /** The SFTP drop folders' port: the hub under test runs them. */
    public static final int SFTP_PORT;

    static {
        try {
            Path base = Files.createDirectories(Path.of("target", "test-data"));
            DATA_DIR = Files.createTempDirectory(base.toAbsolutePath(), "hub-");
            try (ServerSocket socket = new ServerSocket(0)) {
                BROKER_PORT = socket.getLocalPort();
            }
            try (ServerSocket socket = new ServerSocket(0)) {
                SFTP_PORT = socket.getLocalPort();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Object> settings = new HashMap<>();
        settings.put("hub.data-dir", DATA_DIR.toString());
        settings.put(be.randhub.cluster.HubInstance.SETTING, INSTANCE);
        settings.put("hub.broker.acceptor.port", String.valueOf(BROKER_PORT));
        settings.put("hub.sftp.enabled", "true");
        settings.put("hub.sftp.port", String.valueOf(SFTP_PORT));
        settings.put("hub.broker.redelivery.initial-delay", "100ms");
        settings.put("hub.broker.redelivery.max-delay", "1s");
        settings.put("hub.broker.redelivery.max-attempts", "3");
        // duplicate detection remembers little here, so a test can show the hub does not count on it
        settings.put("hub.broker.id-cache-size", "100");
        settings.put("hub.intake.file.poll-delay", "100");
        settings.put("hub.intake.file.settle-time", "200");
        settings.put("hub.attachments.drop-wait", "3s");
        settings.put("hub.tracking.period", "100");
        settings.put("hub.referrals.unanswered-after", "3s");
        settings.put("hub.referrals.check-period", "500");
        for (String principal : TestPartners.ALL) {
            settings.put(be.randhub.security.CredentialStore.environmentVariable(principal), password(principal));
        }
        settings.putAll(registryLanguages());
        SETTINGS = Map.copyOf(settings);
    }

    static final Map<String, Object> SETTINGS;

    /**
     * The registry's languages in the tests: English for every partner (the tests assert the hub's English words in
     * file and JMS receipts), and two partners more, {@link TestPartners#LANGUAGES}, for the tests of the other
     * languages. A list in Spring's configuration is replaced whole, not merged, so the registry's partners are
     * repeated here, each with its language.
     */
    private static Map<String, Object> registryLanguages() {
        org.springframework.beans.factory.config.YamlPropertiesFactoryBean yaml = new org.springframework.beans.factory.config.YamlPropertiesFactoryBean();
        yaml.setResources(new org.springframework.core.io.ClassPathResource("registry.yaml"));
        java.util.Properties registry = java.util.Objects.requireNonNull(yaml.getObject());
        String partners = "hub.registry.partners";
        Map<String, Object> settings = new HashMap<>();
        for (String key : registry.stringPropertyNames()) {
            if (key.startsWith(partners + "[")) {
                settings.put(key, registry.getProperty(key));
            }
        }
        int i = 0;
        for (; registry.containsKey(partners + "[" + i + "].id"); i++) {
            settings.put(partners + "[" + i + "].language", HubClient.LANGUAGE);
        }
        for (Map.Entry<String, String> speaking : new java.util.TreeMap<>(TestPartners.LANGUAGES).entrySet()) {
            String entry = partners + "[" + i++ + "]";
            settings.put(entry + ".id", speaking.getKey());
            settings.put(entry + ".name", "Test partner (" + speaking.getValue() + ")");
            settings.put(entry + ".kind", "non-profit");
            settings.put(entry + ".language", speaking.getValue());
            java.util.List<String> municipalities = java.util.List.of(TestPartners.DROGENBOS, TestPartners.LINKEBEEK,
                    TestPartners.SINT_GENESIUS_RODE, TestPartners.WEMMEL, "23103");
            for (int m = 0; m < municipalities.size(); m++) {
                settings.put(entry + ".municipalities[" + m + "]", municipalities.get(m));
            }
            java.util.List<String> types = java.util.List.of("referral", "referral-status", "feedback-report", "meeting-minutes");
            for (int t = 0; t < types.size(); t++) {
                settings.put(entry + ".sends[" + t + "]", types.get(t));
            }
            settings.put(be.randhub.security.CredentialStore.environmentVariable(speaking.getKey()), password(speaking.getKey()));
        }
        return settings;
    }

    /** Puts the settings in place before the context reads its configuration. */
    public static class Settings implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("hubTestSettings", SETTINGS));
        }
    }

    /** Started with the context, so it hears everything the hub logs. */
    @Bean
    LogRecorder logRecorder() {
        return new LogRecorder();
    }

    /** A document holding this text fails on its way into intake, on every attempt, over any channel (a test's fault). */
    public static final String FAIL_EVERY_ATTEMPT = "fail-every-attempt";

    /**
     * Makes a channel's step into intake fail for a document that holds {@link #FAIL_EVERY_ATTEMPT}: the hub's own
     * trouble, the same on every attempt, for the tests of the dead-letter paths. Every other document passes.
     */
    @Bean
    org.apache.camel.spi.InterceptStrategy faultForMarkedDocuments() {
        return (context, definition, target, nextTarget) -> {
            if (!(definition instanceof org.apache.camel.model.ToDefinition to) || !"direct:intake".equals(to.getUri())) {
                return target;
            }
            return new org.apache.camel.support.processor.DelegateAsyncProcessor(target) {
                @Override
                public boolean process(org.apache.camel.Exchange exchange, org.apache.camel.AsyncCallback callback) {
                    byte[] body = exchange.getIn().getBody(byte[].class);
                    if (body != null && new String(body, java.nio.charset.StandardCharsets.UTF_8).contains(FAIL_EVERY_ATTEMPT)) {
                        exchange.setException(new IllegalStateException("a fault the test put in place"));
                        callback.done(true);
                        return true;
                    }
                    return super.process(exchange, callback);
                }
            };
        };
    }

    @Bean
    HubClient hubClient(DataDirectory data, org.springframework.core.env.Environment environment) {
        return new HubClient(data.root(), environment, BROKER_PORT);
    }
}
