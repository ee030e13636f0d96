package be.randhub.register;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TimeZone;
import java.util.UUID;

import org.h2.jdbcx.JdbcDataSource;
import org.h2.util.DateTimeUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import be.randhub.config.DataDirectory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The chain in a real database (H2, the log's own migration), in the time zone the hub runs in (Brussels):
 * entries recorded in the hour repeated when summer time ends still verify; a hub whose signing key is not the
 * one that signed the log's heads does not start.
 */
class LogChainTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TimeZone BRUSSELS = TimeZone.getTimeZone("Europe/Brussels");

    @TempDir
    Path data;

    private TimeZone before;
    private JdbcTemplate jdbc;
    private TransactionTemplate transaction;

    @BeforeEach
    void database() throws Exception {
        before = TimeZone.getDefault();
        TimeZone.setDefault(BRUSSELS);
        DateTimeUtils.resetCalendar(); // H2 keeps the zone it first saw
        JdbcDataSource source = new JdbcDataSource();
        source.setURL("jdbc:h2:mem:log-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        jdbc = new JdbcTemplate(source);
        transaction = new TransactionTemplate(new DataSourceTransactionManager(source));
        jdbc.execute("CREATE TABLE document (tracking_id VARCHAR(36) PRIMARY KEY)");
        String migration = Files.readString(Path.of("src/main/resources/db/migration/V15__access_register.sql")).lines()
                .filter(line -> !line.trim().startsWith("--")).reduce("", (a, b) -> a + "\n" + b);
        for (String statement : migration.split(";")) {
            if (!statement.isBlank()) {
                jdbc.execute(statement.trim());
            }
        }
    }

    @AfterEach
    void zone() {
        TimeZone.setDefault(before);
        DateTimeUtils.resetCalendar();
    }

    @Test
    void entriesOfTheHourRepeatedAtTheEndOfSummerTimeVerify() throws Exception {
        Instant first = Instant.parse("2026-10-25T00:30:00Z"); // 02:30 summer time; 01:00Z-02:00Z is 02:00-03:00 twice
        // the trap is real here: through java.sql.Timestamp, a moment of the repeated hour comes back an hour off
        jdbc.update("CREATE TABLE moment (at TIMESTAMP WITH TIME ZONE)");
        jdbc.update("INSERT INTO moment VALUES (?)", Timestamp.from(Instant.parse("2026-10-25T01:30:00Z")));
        assertThat(jdbc.queryForObject("SELECT at FROM moment", Timestamp.class).toInstant()).isNotEqualTo(Instant.parse("2026-10-25T01:30:00Z"));

        LogKeys keys = new LogKeys(new DataDirectory(data));
        LogChain chain = new LogChain(jdbc, transaction, keys, false);
        for (int i = 0; i < 12; i++) {
            Instant at = first.plus(Duration.ofMinutes(10L * i));
            chain.append(List.of(new LogEntry.Draft(at, "delivery", "de-rand", "folder+queue", UUID.randomUUID().toString(),
                    "referral", "content", "subject-" + i, "delivery", null)));
        }
        transaction.executeWithoutResult(status -> chain.signHead());

        List<String> lines = new ArrayList<>();
        chain.export(first.minusSeconds(60), first.plus(Duration.ofHours(3)), line -> lines.add(JSON.writeValueAsString(line)));
        assertThat(lines.stream().filter(line -> line.contains("\"type\":\"entry\""))).hasSize(12);
        LogVerifier.Outcome outcome = LogVerifier.verify(lines, keys.publicKey());
        assertThat(outcome.ok()).as(outcome.message()).isTrue();
        assertThat(lines).anyMatch(line -> line.contains("\"at\":\"2026-10-25T01:30:00Z\""));
    }

    @Test
    void aHubWithAnotherSigningKeyDoesNotStart(@TempDir Path elsewhere) {
        LogChain chain = new LogChain(jdbc, transaction, new LogKeys(new DataDirectory(data)), false);
        chain.append(List.of(new LogEntry.Draft(Instant.now(), "read", "kanak", "http", null, null, "status", null, "referral-follow-up", null)));
        transaction.executeWithoutResult(status -> chain.signHead());
        // the same key again: starts
        new LogChain(jdbc, transaction, new LogKeys(new DataDirectory(data)), false);
        // the key lost and a new one generated (another data directory stands for it)
        LogKeys another = new LogKeys(new DataDirectory(elsewhere));
        assertThatThrownBy(() -> new LogChain(jdbc, transaction, another, false))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("secrets/log-signing-key").hasMessageContaining("restore");
        // a key changed on purpose: started once with hub.log.accept-new-key, and what it signs is checked from then on
        LogChain changed = new LogChain(jdbc, transaction, another, true);
        transaction.executeWithoutResult(status -> changed.signHead());
        new LogChain(jdbc, transaction, another, false);
    }
}
