package be.randhub.config;

import java.nio.file.Path;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Turns {@code hub.data-dir} into an absolute, normalised path before anything reads it, so every store that
 * derives its location from it (broker journal, H2 file, inbox and outbox folders) agrees on one folder,
 * whatever the working directory and however the operator wrote the path.
 */
public class DataDirectoryEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    static final String KEY = "hub.data-dir";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String configured = environment.getProperty(KEY);
        if (configured == null || configured.isBlank()) {
            return;
        }
        String absolute = Path.of(configured).toAbsolutePath().normalize().toString();
        environment.getPropertySources().addFirst(new MapPropertySource("hubDataDirectory", Map.of(KEY, absolute)));
    }

    @Override
    public int getOrder() {
        // after the config files and the environment variables have been read
        return Ordered.LOWEST_PRECEDENCE;
    }
}
