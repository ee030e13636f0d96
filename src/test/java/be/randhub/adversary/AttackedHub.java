package be.randhub.adversary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import be.randhub.support.HubClient;
import be.randhub.support.HubProcess;

/**
 * The packaged hub that the adversarial suite attacks: one process for every test class of the suite (started
 * by the first, stopped when the test run ends), reached the way partners reach it: HTTP and JMS over TCP, files
 * in its drop folders. Test classes declare {@code @ExtendWith(AttackedHub.class)} and take a {@link HubClient}
 * (or the {@link HubProcess}) as a parameter.
 * <p>
 * Attacks share the hub, so each uses its own documentIds, and attacks on logins come from a loopback address of
 * their own (127.0.0.x), so that locking one source out leaves the other tests' logins alone.
 */
public final class AttackedHub implements BeforeAllCallback, ParameterResolver {

    /** Retries and waits short enough for a test's patience; everything else as an operator runs it. */
    static final Map<String, String> SETTINGS = Map.of(
            "HUB_RETRY_MAX_ATTEMPTS", "3",
            "HUB_RETRY_INITIAL_DELAY", "200ms",
            "HUB_BROKER_REDELIVERY_MAX_DELAY", "1s",
            "HUB_ATTACHMENT_DROP_WAIT", "3s");

    private static final class Running implements ExtensionContext.Store.CloseableResource {
        final HubProcess process;
        final HubClient client;

        Running(HubProcess process) {
            this.process = process;
            this.client = HubClient.of(process);
        }

        @Override
        public void close() throws InterruptedException {
            process.close();
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        running(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == HubClient.class || type == HubProcess.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Running running = running(context);
        return parameter.getParameter().getType() == HubClient.class ? running.client : running.process;
    }

    private static Running running(ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.create(AttackedHub.class))
                .getOrComputeIfAbsent(Running.class, key -> start(), Running.class);
    }

    private static Running start() {
        try {
            Path work = Files.createDirectories(Path.of("target", "adversary")).toAbsolutePath()
                    .resolve("hub-" + System.currentTimeMillis());
            HubProcess process = new HubProcess(work, SETTINGS);
            process.start();
            return new Running(process);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the hub under attack", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
