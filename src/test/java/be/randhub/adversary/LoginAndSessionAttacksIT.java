package be.randhub.adversary;

import static be.randhub.support.FromAddress.basic;
import static be.randhub.support.FromAddress.get;
import static be.randhub.support.TestPartners.KANAK;
import static be.randhub.support.TestPartners.OPERATOR;
import static be.randhub.support.TestPartners.RISO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import jakarta.jms.Connection;
import jakarta.jms.Session;

import org.apache.activemq.artemis.api.core.ActiveMQSecurityException;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import be.randhub.support.FromAddress;
import be.randhub.support.FromAddress.Raw;
import be.randhub.support.HubClient;
import be.randhub.support.HubProcess;
import be.randhub.support.HubTestConfiguration;

/**
 * An attacking partner (or a page on another site) against the hub's doors: logins that tell real users from
 * made-up ones, lock-outs used to shut a partner out, floods of made-up names, log lines forged through a login
 * name, cross-site requests riding an operator's browser, and the server's own error answers.
 * <p>
 * Attacks on logins come from loopback addresses of their own (127.0.0.41 to 127.0.0.49), so a source locked
 * here leaves every other suite's logins from 127.0.0.1 alone.
 */
@ExtendWith(AttackedHub.class)
class LoginAndSessionAttacksIT {

    /** A route that no other suite needs, to suspend and resume. */
    static final String QUIET_ROUTE = "file-intake-gemeente-wezembeek-oppem";

    // ------------------------------------------------------------------ oracles

    @Test
    void theSixthFailedHttpLoginAnswersAlikeForARealAndAMadeUpUser(HubProcess hub) {
        String real = KANAK;
        String madeUp = "nobody-" + UUID.randomUUID().toString().substring(0, 8);
        for (int attempt = 0; attempt < 5; attempt++) {
            assertThat(basicFrom(hub, "127.0.0.41", real, "wrong-" + attempt).status()).isEqualTo(401);
            assertThat(basicFrom(hub, "127.0.0.42", madeUp, "wrong-" + attempt).status()).isEqualTo(401);
        }

        Raw sixthReal = basicFrom(hub, "127.0.0.41", real, "wrong-6");
        Raw sixthMadeUp = basicFrom(hub, "127.0.0.42", madeUp, "wrong-6");
        Raw rightPasswordWhileLocked = basicFrom(hub, "127.0.0.41", real, HubTestConfiguration.password(real));

        for (Raw answer : List.of(sixthMadeUp, rightPasswordWhileLocked)) {
            assertThat(answer.status()).isEqualTo(sixthReal.status()).isEqualTo(401);
            assertThat(answer.body()).isEqualTo(sixthReal.body());
            assertThat(answer.header("content-type")).isEqualTo(sixthReal.header("content-type"));
            assertThat(answer.header("www-authenticate")).isEqualTo(sixthReal.header("www-authenticate"));
        }

        // the partner logs in meanwhile, so the hub remembers its right password: a locked-out guesser must not
        // learn from the time of the answer that a guess was right
        assertThat(basicFrom(hub, "127.0.0.1", real, HubTestConfiguration.password(real)).status()).isEqualTo(200);
        List<Long> wrongMillis = new ArrayList<>();
        List<Long> rightMillis = new ArrayList<>();
        List<Long> madeUpMillis = new ArrayList<>();
        for (int round = 0; round < 5; round++) { // 17 failures from each address: below the address's own lock
            wrongMillis.add(timed(() -> basicFrom(hub, "127.0.0.41", real, "guess")));
            rightMillis.add(timed(() -> assertThat(basicFrom(hub, "127.0.0.41", real, HubTestConfiguration.password(real)).status())
                    .isEqualTo(401)));
            madeUpMillis.add(timed(() -> basicFrom(hub, "127.0.0.42", madeUp, "guess")));
            madeUpMillis.add(timed(() -> basicFrom(hub, "127.0.0.42", madeUp, "guess")));
        }
        assertAlike(wrongMillis, madeUpMillis, "HTTP logins of a locked real user and a made-up one");
        assertAlike(rightMillis, madeUpMillis, "HTTP logins of a locked real user with its right password and a made-up one");
    }

    @Test
    void aMadeUpBrokerUserCostsAsMuchAsARealOne(HubProcess hub) throws Exception {
        String madeUp = "nobody-" + UUID.randomUUID().toString().substring(0, 8);
        try (ServerLocator locator = locatorFrom(hub, "127.0.0.43"); ClientSessionFactory factory = locator.createSessionFactory()) {
            List<Long> realMillis = new ArrayList<>();
            List<Long> madeUpMillis = new ArrayList<>();
            for (int round = 0; round < 7; round++) {
                realMillis.add(timed(() -> refusedSession(factory, RISO, "guess-" + UUID.randomUUID())));
                madeUpMillis.add(timed(() -> refusedSession(factory, madeUp, "guess-" + UUID.randomUUID())));
            }
            assertAlike(realMillis, madeUpMillis, "broker logins of a real user and a made-up one");
        }
    }

    // ------------------------------------------------------------------ lock-out as a weapon

    @Test
    void wrongPasswordsFromAnAttackerDoNotLockThePartnerOut(HubProcess hub, HubClient client) throws Exception {
        for (int attempt = 0; attempt < 5; attempt++) {
            assertThat(basicFrom(hub, "127.0.0.44", KANAK, "wrong-" + attempt).status()).isEqualTo(401);
        }
        try (ServerLocator locator = locatorFrom(hub, "127.0.0.44"); ClientSessionFactory factory = locator.createSessionFactory()) {
            for (int attempt = 0; attempt < 5; attempt++) {
                refusedSession(factory, KANAK, "wrong-" + attempt);
            }
            // the attacker's source stays locked for this account, even with the right password
            refusedSession(factory, KANAK, HubTestConfiguration.password(KANAK));
        }
        assertThat(basicFrom(hub, "127.0.0.44", KANAK, HubTestConfiguration.password(KANAK)).status()).isEqualTo(401);

        // the partner itself, from its own address, logs in over HTTP and to the broker
        assertThat(client.get(KANAK, "/api/v1/schemas").status()).isEqualTo(200);
        assertThat(basicFrom(hub, "127.0.0.1", KANAK, HubTestConfiguration.password(KANAK)).status()).isEqualTo(200);
        try (Connection connection = new ActiveMQConnectionFactory(hub.brokerUrl(), KANAK, HubTestConfiguration.password(KANAK))
                .createConnection()) {
            connection.createSession(false, Session.AUTO_ACKNOWLEDGE).close();
        }
    }

    @Test
    void aFloodOfMadeUpBrokerNamesNeitherUnlocksNorFloodsTheLog(HubProcess hub) throws Exception {
        String user = KANAK;
        try (ServerLocator locator = locatorFrom(hub, "127.0.0.45"); ClientSessionFactory factory = locator.createSessionFactory()) {
            for (int attempt = 0; attempt < 5; attempt++) {
                refusedSession(factory, user, "wrong-" + attempt);
            }
        }
        int linesBefore = hub.log().size();
        String prefix = "flood-" + UUID.randomUUID().toString().substring(0, 8) + "-";

        long started = System.nanoTime();
        int names = 3000;
        try (ServerLocator locator = locatorFrom(hub, "127.0.0.46"); ClientSessionFactory factory = locator.createSessionFactory()) {
            for (int i = 0; i < names; i++) {
                refusedSession(factory, prefix + i, "x");
            }
        }
        Duration flood = Duration.ofNanos(System.nanoTime() - started);

        try (ServerLocator locator = locatorFrom(hub, "127.0.0.45"); ClientSessionFactory factory = locator.createSessionFactory()) {
            refusedSession(factory, user, HubTestConfiguration.password(user));
        }
        assertThat(basicFrom(hub, "127.0.0.45", user, HubTestConfiguration.password(user)).status()).as("still locked after the flood")
                .isEqualTo(401);
        Thread.sleep(500); // let the hub's log catch up
        List<String> written = hub.log().subList(linesBefore, hub.log().size());
        assertThat(written).as("log lines naming a made-up user").noneMatch(line -> line.contains(prefix));
        assertThat(written).as("log lines written during a flood of %d names (%s)", names, flood).hasSizeLessThan(10);
    }

    @Test
    void aLockIsLoggedOnceWithTheAccountAndTheSourceOnly(HubProcess hub) throws Exception {
        int linesBefore = hub.log().size();
        for (int attempt = 0; attempt < 8; attempt++) {
            basicFrom(hub, "127.0.0.48", RISO, "wrong-" + attempt);
        }
        Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> hub.log().subList(linesBefore, hub.log().size()).stream().anyMatch(line -> line.contains("127.0.0.48")));
        List<String> written = hub.log().subList(linesBefore, hub.log().size());
        assertThat(written.stream().filter(line -> line.contains("127.0.0.48"))).hasSize(1)
                .allSatisfy(line -> assertThat(line).contains(RISO));
    }

    // ------------------------------------------------------------------ log lines

    @Test
    void aLoginNameCannotForgeALogLine(HubProcess hub) throws Exception {
        String marker = "forged-" + UUID.randomUUID();
        String forged = "2020-01-01T00:00:00.000Z  INFO 1 --- [rand-hub] [main] [] be.randhub.Forged : " + marker;
        String name = "kanak\n" + forged + "\r\n" + forged;

        basicFrom(hub, "127.0.0.47", name, "x");
        try (ServerLocator locator = locatorFrom(hub, "127.0.0.47"); ClientSessionFactory factory = locator.createSessionFactory()) {
            refusedSession(factory, name, "x");
        }
        Thread.sleep(500);

        assertThat(hub.log()).noneMatch(line -> line.startsWith("2020-01-01T00:00:00.000Z"))
                .as("the user-supplied name is not logged at all").noneMatch(line -> line.contains(marker));
    }

    // ------------------------------------------------------------------ browser sessions

    @Test
    void noUnauthorisedAnswerAsksTheBrowserForBasicCredentials(HubProcess hub) {
        List<Raw> answers = List.of(
                raw(hub, "127.0.0.1", get("/api/v1/schemas", Map.of())),
                raw(hub, "127.0.0.1", get("/api/v1/operator/routes", Map.of())),
                raw(hub, "127.0.0.1", get("/actuator/health", Map.of())),
                raw(hub, "127.0.0.1", get("/console/console.js", Map.of())),
                basicFrom(hub, "127.0.0.49", "nobody", "wrong"),
                raw(hub, "127.0.0.49", get("/api/v1/operator/routes", Map.of("Authorization", basic("nobody", "wrong")))));
        for (Raw answer : answers) {
            assertThat(answer.status()).as(answer.toString()).isEqualTo(401);
            assertThat(answer.headers().getOrDefault("www-authenticate", List.of())).as(answer.toString())
                    .noneMatch(challenge -> challenge.trim().toLowerCase(Locale.ROOT).matches("^basic(\\s.*)?$"));
            assertThat(answer.header("content-type")).startsWith("application/problem+json");
            assertThat(answer.body()).as("tells scripts to send credentials on every request").contains("curl -u");
        }
    }

    @Test
    void aCrossSitePostCannotResumeARouteOrCloseTheFeed(HubClient client) {
        HubClient.Answer suspended = client.send(OPERATOR, HttpRequest.newBuilder(client.uri("/api/v1/operator/routes/" + QUIET_ROUTE + "/suspend"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"adversary test\"}")));
        assertThat(suspended.status()).as(suspended.body()).isEqualTo(200);
        try {
            List<Map<String, String>> crossSite = List.of(
                    Map.of("Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site", "Content-Type", "application/x-www-form-urlencoded"),
                    Map.of("Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site", "Content-Type", "text/plain"),
                    Map.of("Origin", "https://evil.example", "Content-Type", "text/plain"),
                    Map.of("Origin", "null", "Content-Type", "application/x-www-form-urlencoded"),
                    Map.of("Sec-Fetch-Site", "same-site", "Content-Type", "text/plain"),
                    Map.of("Sec-Fetch-Site", "cross-site", "Content-Type", "multipart/form-data; boundary=x"));
            for (Map<String, String> headers : crossSite) {
                for (String path : List.of("/api/v1/operator/routes/" + QUIET_ROUTE + "/resume", "/api/v1/feeds/agency")) {
                    HttpRequest.Builder request = HttpRequest.newBuilder(client.uri(path)).POST(HttpRequest.BodyPublishers.ofString("a=b"));
                    headers.forEach(request::header);
                    HubClient.Answer answer = client.send(OPERATOR, request);
                    assertThat(answer.status()).as("%s %s: %s", path, headers, answer.body()).isEqualTo(403);
                    assertThat(answer.contentType()).startsWith("application/problem+json");
                }
            }
            assertThat(routeState(client)).isEqualTo("Suspended");
        } finally {
            HubClient.Answer resumed = client.send(OPERATOR, HttpRequest.newBuilder(client.uri("/api/v1/operator/routes/" + QUIET_ROUTE + "/resume"))
                    .POST(HttpRequest.BodyPublishers.noBody()));
            assertThat(resumed.status()).as("a script without Origin resumes: %s", resumed.body()).isEqualTo(200);
        }
    }

    @Test
    void theConsolesSessionNeedsItsToken(HubClient client) throws Exception {
        CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        HttpClient browser = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();
        String password = HubTestConfiguration.password(OPERATOR);

        HttpResponse<String> withoutToken = browser.send(form(client, "/login", "username=operator&password=" + password), HttpResponse.BodyHandlers.ofString());
        assertThat(withoutToken.headers().firstValue("Location").orElse("")).as("a login without the page's token")
                .doesNotEndWith("/console/");
        assertThat(cookies.getCookieStore().getCookies()).noneMatch(cookie -> cookie.getName().equals("JSESSIONID")
                && withoutToken.headers().allValues("Set-Cookie").stream().anyMatch(set -> set.contains(cookie.getValue())));

        browser.send(HttpRequest.newBuilder(client.uri("/console/login.html")).GET().build(), HttpResponse.BodyHandlers.discarding());
        String token = cookie(cookies, "XSRF-TOKEN");
        HttpResponse<String> login = browser.send(form(client, "/login", "username=operator&password=" + password + "&_csrf="
                + URLEncoder.encode(token, StandardCharsets.UTF_8)), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location").orElse("")).endsWith("/console/");

        browser.send(HttpRequest.newBuilder(client.uri("/console/")).GET().build(), HttpResponse.BodyHandlers.discarding());
        HttpRequest.Builder suspend = HttpRequest.newBuilder(client.uri("/api/v1/operator/routes/" + QUIET_ROUTE + "/suspend"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"csrf test\"}"));
        assertThat(browser.send(suspend.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).as("the session without its token")
                .isEqualTo(403);
        HttpResponse<String> withToken = browser.send(suspend.header("X-XSRF-TOKEN", cookie(cookies, "XSRF-TOKEN")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(withToken.statusCode()).as(withToken.body()).isEqualTo(200);
        HttpResponse<String> resumed = browser.send(HttpRequest.newBuilder(client.uri("/api/v1/operator/routes/" + QUIET_ROUTE + "/resume"))
                .header("X-XSRF-TOKEN", cookie(cookies, "XSRF-TOKEN")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(resumed.statusCode()).isEqualTo(200);
    }

    // ------------------------------------------------------------------ error answers

    @Test
    void theErrorPageFollowsTheRulesAndAnswersAProblem(HubProcess hub) {
        Raw stranger = raw(hub, "127.0.0.1", get("/error", Map.of("Accept", "text/html")));
        assertThat(stranger.status()).isEqualTo(401);
        assertThat(stranger.header("content-type")).startsWith("application/problem+json");
        assertThat(stranger.body()).doesNotContain("timestamp", "999", "<html");
        assertSecurityHeaders(stranger);

        Raw operator = raw(hub, "127.0.0.1", get("/error", Map.of("Accept", "text/html", "Authorization", basic(OPERATOR, HubTestConfiguration.password(OPERATOR)))));
        assertThat(operator.status()).isEqualTo(404);
        assertThat(operator.header("content-type")).startsWith("application/problem+json");
        assertThat(operator.body()).doesNotContain("timestamp", "999", "<html");
        assertSecurityHeaders(operator);
    }

    @Test
    void rejectedUrlsAnswerAProblemWithTheSecurityHeaders(HubProcess hub) {
        String operator = basic(OPERATOR, HubTestConfiguration.password(OPERATOR));
        for (String path : List.of("/api/v1/documents/..;/x", "/api/v1/documents/%2e%2e/x", "/api/v1//schemas", "/api/v1/schemas/%2F..",
                "/api/v1/schemas;jsessionid=x", "/console/%2e%2e/api/v1/operator/routes")) {
            for (Map<String, String> headers : List.of(Map.of("Accept", "text/html"), Map.of("Accept", "text/html", "Authorization", operator))) {
                Raw answer = raw(hub, "127.0.0.1", get(path, headers));
                assertThat(answer.status()).as("%s %s", path, answer).isEqualTo(400);
                assertProblem(answer);
            }
        }
    }

    @Test
    void requestsTomcatRefusesAnswerAProblemWithTheSecurityHeaders(HubProcess hub) {
        for (String request : List.of("GET /a b HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
                "GET /api/v1/schemas HTTP/1.1\r\nHost: localhost\r\nBad Header: x\r\nConnection: close\r\n\r\n",
                "GET /api/v1/schemas?a=\u0001 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
                "GET /api/v1/schemas HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1\r\nContent-Length: 2\r\nConnection: close\r\n\r\n")) {
            Raw answer = raw(hub, "127.0.0.1", request);
            assertThat(answer.status()).as("%s -> %s", request, answer).isEqualTo(400);
            assertProblem(answer);
        }
    }

    @Test
    void frameworkErrorsAnswerAProblemWithTheSecurityHeaders(HubProcess hub) {
        String riso = basic(RISO, HubTestConfiguration.password(RISO));
        Raw notAllowed = raw(hub, "127.0.0.1", "DELETE /api/v1/schemas HTTP/1.1\r\nHost: localhost\r\nAccept: text/html\r\nAuthorization: "
                + riso + "\r\nConnection: close\r\n\r\n");
        assertThat(notAllowed.status()).isEqualTo(405);
        assertProblem(notAllowed);
        Raw notFound = raw(hub, "127.0.0.1", get("/nothing-here", Map.of("Accept", "text/html", "Authorization", riso)));
        assertThat(notFound.status()).isEqualTo(404);
        assertProblem(notFound);
        assertThat(notFound.body()).as("no framework words").doesNotContain("static resource");
    }

    // ------------------------------------------------------------------ helpers

    private static void assertProblem(Raw answer) {
        assertThat(answer.header("content-type")).as(answer.toString()).startsWith("application/problem+json");
        assertThat(answer.body()).as(answer.toString()).doesNotContain("<html", "<!doctype", "Whitelabel", "timestamp", "Exception", "Tomcat");
        assertSecurityHeaders(answer);
    }

    private static void assertSecurityHeaders(Raw answer) {
        assertThat(answer.header("content-security-policy")).as(answer.toString()).contains("frame-ancestors 'none'");
        assertThat(answer.header("x-frame-options")).as(answer.toString()).isEqualTo("DENY");
        assertThat(answer.header("x-content-type-options")).as(answer.toString()).isEqualTo("nosniff");
        assertThat(answer.header("referrer-policy")).as(answer.toString()).isEqualTo("no-referrer");
        assertThat(answer.header("cache-control")).as(answer.toString()).contains("no-store");
    }

    private static String routeState(HubClient client) {
        for (var route : client.get(OPERATOR, "/api/v1/operator/routes").json()) {
            if (route.path("id").asString().equals(QUIET_ROUTE)) {
                return route.path("state").asString();
            }
        }
        throw new AssertionError("no route " + QUIET_ROUTE);
    }

    private static HttpRequest form(HubClient client, String path, String body) {
        return HttpRequest.newBuilder(client.uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static String cookie(CookieManager cookies, String name) {
        return cookies.getCookieStore().getCookies().stream().filter(cookie -> cookie.getName().equals(name)).map(HttpCookie::getValue)
                .reduce((first, last) -> last).orElseThrow(() -> new AssertionError("no cookie " + name));
    }

    private static Raw basicFrom(HubProcess hub, String source, String user, String password) {
        return raw(hub, source, get("/api/v1/schemas", Map.of("Authorization", basic(user, password))));
    }

    private static Raw raw(HubProcess hub, String source, String request) {
        return FromAddress.http(source, hub.httpPort(), request);
    }

    private static ServerLocator locatorFrom(HubProcess hub, String source) throws Exception {
        return FromAddress.broker(hub.brokerUrl(), source);
    }

    private static void refusedSession(ClientSessionFactory factory, String user, String password) {
        assertThatThrownBy(() -> {
            try (ClientSession session = factory.createSession(user, password, false, true, true, false, 1)) {
                session.start();
            }
        }).as("a broker login as %s", user).isInstanceOf(ActiveMQSecurityException.class);
    }

    private static long timed(Runnable attempt) {
        long started = System.nanoTime();
        attempt.run();
        return (System.nanoTime() - started) / 1_000_000;
    }

    private static void assertAlike(List<Long> first, List<Long> second, String what) {
        long a = median(first);
        long b = median(second);
        assertThat(Math.abs(a - b)).as("%s: medians %d ms %s and %d ms %s", what, a, first, b, second)
                .isLessThanOrEqualTo(Math.max(30, Math.max(a, b) / 2));
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
