package be.randhub.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * One database that several hub instances share, as each instance would reach it: its own connection pool. H2 (a
 * fresh file under {@code target/}), or the PostgreSQL the suite runs against when the {@code postgres} profile is
 * active ({@code HUB_DB_URL}, {@code HUB_DB_USER}, {@code HUB_DB_PASSWORD}, as .ci/postgres sets them). Flyway
 * creates the hub's tables, as at a hub's start.
 */
public final class SharedDatabase implements AutoCloseable {

    private final String url;
    private final String user;
    private final String password;
    private final java.util.List<HikariDataSource> pools = new java.util.ArrayList<>();

    private SharedDatabase(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
        Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration").load().migrate();
    }

    public static SharedDatabase create() {
        if (postgres()) {
            return new SharedDatabase(Optional.ofNullable(System.getenv("HUB_DB_URL")).orElse("jdbc:postgresql://localhost:5432/randhub"),
                    Optional.ofNullable(System.getenv("HUB_DB_USER")).orElse("hub"),
                    Optional.ofNullable(System.getenv("HUB_DB_PASSWORD")).orElse(""));
        }
        try {
            Path folder = Files.createTempDirectory(Files.createDirectories(Path.of("target", "test-data")).toAbsolutePath(), "shared-db-");
            return new SharedDatabase("jdbc:h2:file:" + folder.resolve("hub") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0", "hub", "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the suite runs against PostgreSQL. */
    public static boolean postgres() {
        String profiles = Optional.ofNullable(System.getProperty("spring.profiles.active"))
                .orElse(Optional.ofNullable(System.getenv("SPRING_PROFILES_ACTIVE")).orElse(""));
        return Arrays.asList(profiles.split("\\s*,\\s*")).contains("postgres");
    }

    /** A pool of its own, as one hub instance has. */
    public DataSource instance() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(4);
        HikariDataSource pool = new HikariDataSource(config);
        pools.add(pool);
        return pool;
    }

    @Override
    public void close() {
        pools.forEach(HikariDataSource::close);
    }
}
