package be.randhub.api;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import be.randhub.register.LogChain;
import be.randhub.register.LogKeys;

import tools.jackson.databind.json.JsonMapper;

/**
 * The hub's hash-chained log: its public key (for anyone, to verify exports and the heads in the agency's feed)
 * and an export of a period as JSON lines, for operators (see {@link be.randhub.register.LogVerifier}).
 */
@RestController
class LogController {

    static final String PUBLIC_KEY = "/api/v1/log/public-key";
    private static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");
    private static final String JSON_LINES = "application/jsonl";

    private final LogChain chain;
    private final LogKeys keys;
    private final JsonMapper json;

    LogController(LogChain chain, LogKeys keys, JsonMapper json) {
        this.chain = chain;
        this.keys = keys;
        this.json = json;
    }

    /** The Ed25519 public key that signs the log's heads (PEM, X.509 SubjectPublicKeyInfo). */
    @GetMapping(value = PUBLIC_KEY, produces = "application/x-pem-file")
    String publicKey() {
        return keys.publicKeyPem();
    }

    /**
     * The entries recorded in the period (from and to: dates, Europe/Brussels, {@code to} included; or instants),
     * one unbroken run of the chain with the signed heads among it and its own head signed now, as JSON lines.
     */
    @GetMapping("/api/v1/operator/log")
    @PreAuthorize("hasRole('OPERATOR')")
    void export(@RequestParam(required = false) String from, @RequestParam(required = false) String to, HttpServletResponse response)
            throws IOException {
        Instant start;
        Instant end;
        try {
            start = from == null ? Instant.EPOCH : instant(from, false);
            end = to == null ? Instant.now().plusSeconds(1) : instant(to, true);
        } catch (DateTimeParseException e) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            json.writeValue(response.getOutputStream(), Problems.of(HttpStatus.BAD_REQUEST, "invalid-request", "Request refused",
                    "from and to are dates (2026-12-01) or instants (2026-12-01T06:00:00Z)"));
            return;
        }
        response.setContentType(JSON_LINES);
        response.setHeader("Content-Disposition", "attachment; filename=\"randhub-log.jsonl\"");
        OutputStream out = new BufferedOutputStream(response.getOutputStream());
        chain.export(start, end, line -> {
            try {
                out.write(json.writeValueAsBytes(line));
                out.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        out.flush();
    }

    private static Instant instant(String value, boolean end) {
        if (value.length() == 10) {
            LocalDate day = LocalDate.parse(value);
            return (end ? day.plusDays(1) : day).atStartOfDay(BRUSSELS).toInstant();
        }
        return Instant.parse(value);
    }
}
