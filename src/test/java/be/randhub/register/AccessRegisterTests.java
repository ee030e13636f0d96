package be.randhub.register;

import static be.randhub.support.TestPartners.AGENCY;
import static be.randhub.support.TestPartners.DE_RAND;
import static be.randhub.support.TestPartners.KANAK;
import static be.randhub.support.TestPartners.OPERATOR;
import static be.randhub.support.TestPartners.PIN;
import static be.randhub.support.TestPartners.PRIVACY_OFFICER;
import static be.randhub.support.TestPartners.RISO;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;

import be.randhub.support.Browser;
import be.randhub.support.HubClient;
import be.randhub.support.HubTestConfiguration;
import be.randhub.support.HubTest;
import be.randhub.support.TestDocuments;
import be.randhub.support.TestDocuments.Doc;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The access register and the delivery log through the real hub over HTTP: every kind of disclosure and read
 * leaves its entry (the access matrix), a person referred twice by two partners and read by several is found
 * by either referral or by name and birth year, and the log exported over HTTP verifies against the public key
 * served by the hub, and no longer once a byte of it is changed.
 */
@HubTest
class AccessRegisterTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    HubClient hub;

    /** One expected entry: what, by whom, about which document, which parts, why. */
    record Expected(String kind, String principal, String trackingId, String parts, String purpose) {
        boolean matches(JsonNode entry) {
            return kind.equals(entry.path("kind").asString()) && principal.equals(entry.path("principal").asString())
                    && trackingId.equals(entry.path("trackingId").asString()) && parts.equals(entry.path("parts").asString())
                    && purpose.equals(entry.path("purpose").asString());
        }
    }

    @Test
    void everyDisclosureAndReadIsRegisteredAndAnswersTheAccessRequestAndTheExportedLogVerifies() throws Exception {
        Instant start = Instant.now().minusSeconds(1);
        String family = uniqueName();
        // one person, referred by two partners (the second writes the name otherwise)
        Doc first = TestDocuments.referral(KANAK, DE_RAND).set("/payload/person/familyName", family);
        Doc second = TestDocuments.referral(PIN, RISO).set("/payload/person/familyName", family.toUpperCase())
                .set("/payload/person/givenName", "amina");
        Doc someoneElse = TestDocuments.referral(KANAK, DE_RAND).set("/payload/person/familyName", family)
                .set("/payload/person/birthYear", 1992);
        String firstId = hub.post(KANAK, first.json()).acceptedTrackingId();
        String secondId = hub.post(PIN, second.json()).acceptedTrackingId();
        String otherId = hub.post(KANAK, someoneElse.json()).acceptedTrackingId();
        hub.awaitOutbox(DE_RAND, firstId);
        String statusId = hub.post(DE_RAND, TestDocuments.status(DE_RAND, KANAK, first.documentId(), "accepted").json()).acceptedTrackingId();
        byte[] pdf = TestDocuments.pdf("register " + family);
        String minutesId = hub.postMultipart(RISO, TestDocuments.minutes(RISO, "23102").attachment(pdf, "verslag.pdf", false).json(),
                pdf, "verslag.pdf").acceptedTrackingId();
        hub.awaitOutbox(KANAK, statusId);
        hub.awaitOutbox(AGENCY, minutesId);
        hub.awaitOutbox(RISO, secondId);

        // the access matrix: each kind of read, and the entry it must leave
        List<Expected> expected = new ArrayList<>(List.of(
                new Expected("delivery", DE_RAND, firstId, "content", "delivery"),
                new Expected("delivery", AGENCY, firstId, "content", "delivery"),
                new Expected("delivery", RISO, secondId, "content", "delivery"),
                new Expected("delivery", AGENCY, secondId, "content", "delivery"),
                new Expected("delivery", KANAK, statusId, "content", "delivery"),
                new Expected("delivery", AGENCY, minutesId, "content,attachment", "delivery")));
        hub.get(KANAK, "/api/v1/referrals/" + KANAK + "/" + first.documentId()).ok();
        expected.add(new Expected("read", KANAK, firstId, "status,status-history", "referral-follow-up"));
        hub.get(DE_RAND, "/api/v1/referrals/" + KANAK + "/" + first.documentId()).ok();
        hub.get(DE_RAND, "/api/v1/referrals/" + KANAK + "/" + first.documentId()).ok(); // the same read again: recorded once
        expected.add(new Expected("read", DE_RAND, firstId, "status,status-history", "referral-follow-up"));
        // the lists (what the portal shows): each referral's status and history, each document's status
        assertThat(hub.get(RISO, "/api/v1/referrals").ok().body()).contains(second.documentId());
        expected.add(new Expected("read", RISO, secondId, "status,status-history", "referral-follow-up"));
        assertThat(hub.get(PIN, "/api/v1/documents").ok().body()).contains(secondId);
        expected.add(new Expected("read", PIN, secondId, "status", "referral-follow-up"));
        hub.get(PIN, "/api/v1/documents/" + secondId).ok();
        expected.add(new Expected("read", PIN, secondId, "status,trail", "referral-follow-up"));
        assertThat(hub.getBytes(AGENCY, "/api/v1/attachments/" + TestDocuments.sha256(pdf)).body()).isEqualTo(pdf);
        expected.add(new Expected("read", AGENCY, minutesId, "attachment", "delivery"));
        assertThat(hub.get(OPERATOR, "/api/v1/operator/documents?documentId=" + first.documentId()).ok().json()).hasSize(1);
        expected.add(new Expected("read", OPERATOR, firstId, "metadata", "operations"));
        hub.get(OPERATOR, "/api/v1/operator/documents/" + secondId).ok();
        expected.add(new Expected("read", OPERATOR, secondId, "status,trail", "operations"));
        assertThat(hub.get(PRIVACY_OFFICER, "/api/v1/operator/documents/" + secondId + "/content").ok().body()).contains(family.toUpperCase());
        expected.add(new Expected("read", PRIVACY_OFFICER, secondId, "content", "privacy-request"));
        // the receiver reads its HTTP inbox: every page read is recorded, each document about a person in it once
        long cursor = 0;
        boolean more = true;
        boolean seen = false;
        while (more) {
            JsonNode page = hub.get(DE_RAND, "/api/v1/inbox?limit=500&after=" + cursor).ok().json();
            seen |= page.path("deliveries").valueStream().anyMatch(delivery -> delivery.path("trackingId").asString().equals(firstId));
            cursor = page.path("next").asLong();
            more = page.path("more").asBoolean();
        }
        assertThat(seen).as("the referral in de-rand's inbox").isTrue();
        expected.add(new Expected("read", DE_RAND, firstId, "content", "delivery"));

        List<JsonNode> entries = Awaitility.await().atMost(HubClient.PATIENCE).pollInterval(Duration.ofMillis(200))
                .until(() -> entries(exportSince(start)), found -> expected.stream().allMatch(one -> found.stream().anyMatch(one::matches)));
        for (Expected one : expected) {
            assertThat(entries.stream().filter(one::matches)).as("the register's entry for %s", one).hasSize(1);
        }
        // the register names nobody: neither the person's name nor the referrals' documentIds are in it
        String export = new String(exportSince(start), StandardCharsets.UTF_8);
        assertThat(export).doesNotContainIgnoringCase(family).doesNotContain(first.documentId(), second.documentId());

        // the access request, by the second referral: both referrals and the status update, every disclosure and read
        JsonNode answer = hub.get(PRIVACY_OFFICER, "/api/v1/privacy/access-requests?partner=" + PIN + "&documentId=" + second.documentId()).ok().json();
        assertThat(answer.path("documents").valueStream().map(held -> held.path("trackingId").asString()))
                .containsExactlyInAnyOrder(firstId, secondId, statusId);
        JsonNode firstHeld = answer.path("documents").valueStream().filter(held -> held.path("trackingId").asString().equals(firstId)).findFirst().orElseThrow();
        assertThat(firstHeld.path("referralStatus").path("status").asString()).isEqualTo("accepted");
        assertThat(firstHeld.path("held").valueStream().map(JsonNode::asString))
                .contains("outbox/" + DE_RAND + "/" + firstId + ".json", "outbox/" + AGENCY + "/" + firstId + ".json");
        List<JsonNode> disclosures = answer.path("disclosures").valueStream().toList();
        for (Expected one : expected) {
            boolean aboutThePerson = !one.trackingId().equals(minutesId);
            assertThat(disclosures.stream().anyMatch(one::matches)).as("%s in the access request's answer", one).isEqualTo(aboutThePerson);
        }
        assertThat(disclosures).noneMatch(entry -> entry.path("trackingId").asString().equals(otherId));
        assertThat(disclosures).anyMatch(entry -> entry.path("kind").asString().equals("access-request")
                && entry.path("principal").asString().equals(PRIVACY_OFFICER));

        // by name (in another order and case) and birth year: the same person
        JsonNode byName = hub.get(PRIVACY_OFFICER, "/api/v1/privacy/access-requests?name=" + family.toUpperCase() + "%20Amina&birthYear=1991").ok().json();
        assertThat(byName.path("person").asString()).isEqualTo(answer.path("person").asString());
        assertThat(byName.path("documents")).hasSize(3);
        assertThat(byName.path("disclosures").valueStream().filter(entry -> entry.path("kind").asString().equals("access-request"))).hasSize(2);
        // only the privacy officer may ask
        assertThat(hub.get(OPERATOR, "/api/v1/privacy/access-requests?name=x&birthYear=1991").status()).isEqualTo(403);
        assertThat(hub.get(KANAK, "/api/v1/operator/log").status()).isEqualTo(403);

        // an erasure leaves the register whole, and is an entry of its own
        hub.send(PRIVACY_OFFICER, HttpRequest.newBuilder(hub.uri("/api/v1/privacy/erasures")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"partner\":\"" + PIN + "\",\"documentId\":\"" + second.documentId() + "\"}"))).ok();
        JsonNode afterErasure = hub.get(PRIVACY_OFFICER, "/api/v1/privacy/access-requests?partner=" + KANAK + "&documentId=" + first.documentId()).ok().json();
        List<JsonNode> kept = afterErasure.path("disclosures").valueStream().toList();
        assertThat(kept).hasSizeGreaterThan(disclosures.size());
        assertThat(kept).anyMatch(entry -> entry.path("kind").asString().equals("erasure") && entry.path("trackingId").asString().equals(secondId));
        assertThat(afterErasure.path("documents").valueStream().filter(held -> held.path("trackingId").asString().equals(secondId))
                .findFirst().orElseThrow().path("held")).isEmpty();

        // the day's head signed into the agency's feed, then the period exported and verified with the served key
        HubClient.Answer closing = hub.send(OPERATOR, HttpRequest.newBuilder(hub.uri("/api/v1/feeds/agency")).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(closing.status()).isEqualTo(202);
        String closeId = closing.json().path("closeId").asString();
        JsonNode feedHead = Awaitility.await().atMost(HubClient.PATIENCE).until(() -> hub.get(AGENCY, "/api/v1/feeds/agency").json().path("feeds")
                .valueStream().filter(feed -> feed.path("feedId").asString().equals(closeId)).findFirst().map(feed -> feed.path("logHead"))
                .orElse(null), head -> head != null);
        HubClient.Answer key = hub.get(null, "/api/v1/log/public-key");
        assertThat(key.status()).isEqualTo(200);
        var publicKey = LogKeys.readPem(key.body());
        assertThat(LogKeys.verify(JSON.treeToValue(feedHead, SignedHead.class), publicKey)).isTrue();

        List<String> lines = exportLines(start);
        LogVerifier.Outcome outcome = LogVerifier.verify(lines, publicKey);
        assertThat(outcome.ok()).as(outcome.message()).isTrue();
        assertThat(lines).anyMatch(line -> line.contains("\"signedAt\":\"" + feedHead.path("signedAt").asString() + "\""));
        // kept for trying the README's verify command against the packaged jar
        java.nio.file.Path exported = java.nio.file.Files.createDirectories(java.nio.file.Path.of("target", "log-export"));
        java.nio.file.Files.write(exported.resolve("export.jsonl"), lines);
        java.nio.file.Files.writeString(exported.resolve("log-public-key.pem"), key.body());

        int changed = lines.size() / 2;
        while (!lines.get(changed).contains("\"type\":\"entry\"")) {
            changed++;
        }
        long seq = JSON.readTree(lines.get(changed)).path("entry").path("seq").asLong();
        lines.set(changed, lines.get(changed).replaceFirst("\"kind\":\"(\\w)", "\"kind\":\"X"));
        assertThat(LogVerifier.verify(lines, publicKey).message()).startsWith("NOT OK").contains("entry " + seq + " (line " + (changed + 1) + ") was changed");
    }

    @Autowired
    LogChain chain;

    @Test
    void entriesPastTheirRetentionGoAndWhatIsKeptStillVerifiesFromTheBase() throws Exception {
        String trackingId = hub.post(KANAK, TestDocuments.referral(KANAK, DE_RAND).set("/payload/person/familyName", uniqueName()).json()).acceptedTrackingId();
        hub.awaitOutbox(DE_RAND, trackingId);
        Awaitility.await().atMost(HubClient.PATIENCE).until(() -> chain.head().seq() > 0);
        LogChain.Head before = chain.head();

        int removed = chain.purgeOlderThan(Instant.now().plusSeconds(1)); // as hub.retention.audit would, years later
        assertThat(removed).isPositive();
        hub.get(KANAK, "/api/v1/documents/" + trackingId).ok(); // a new entry after the purge

        List<String> lines = new ArrayList<>(new String(hub.getBytes(OPERATOR, "/api/v1/operator/log").body(), StandardCharsets.UTF_8).lines().toList());
        JsonNode start = JSON.readTree(lines.get(0));
        assertThat(start.path("seq").asLong()).as("the export begins after the last entry removed").isGreaterThanOrEqualTo(before.seq());
        assertThat(entries(String.join("\n", lines).getBytes(StandardCharsets.UTF_8))).isNotEmpty()
                .allMatch(entry -> entry.path("seq").asLong() > start.path("seq").asLong());
        LogVerifier.Outcome outcome = LogVerifier.verify(lines, LogKeys.readPem(hub.get(null, "/api/v1/log/public-key").body()));
        assertThat(outcome.ok()).as(outcome.message()).isTrue();
    }

    @Test
    void thePrivacyOfficerFindsThePersonInTheConsoleAndPrintsTheAnswer() {
        String family = uniqueName();
        String trackingId = hub.post(KANAK, TestDocuments.referral(KANAK, DE_RAND).set("/payload/person/familyName", family)
                .set("/payload/person/birthYear", 1987).json()).acceptedTrackingId();
        hub.awaitOutbox(DE_RAND, trackingId);
        ChromeDriver browser = Browser.start();
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(25));
            browser.get(hub.uri("/console/").toString());
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-form")));
            browser.findElement(By.id("username")).sendKeys(PRIVACY_OFFICER);
            browser.findElement(By.id("password")).sendKeys(HubTestConfiguration.password(PRIVACY_OFFICER));
            browser.findElement(By.id("login-button")).click();
            wait.until(ExpectedConditions.elementToBeClickable(By.id("tab-access-requests"))).click();
            browser.findElement(By.id("access-name")).sendKeys("Amina " + family);
            browser.findElement(By.id("access-birth-year")).sendKeys("1987");
            // the deliveries reach the register with the tracking writer's next batch: ask again until they are in
            wait.until(driver -> {
                driver.findElement(By.id("access-request-button")).click();
                return !driver.findElements(By.cssSelector("#access-disclosures tr[data-kind='delivery']")).isEmpty();
            });
            assertThat(browser.findElement(By.cssSelector("#access-documents tr[data-tracking='" + trackingId + "']")).getText())
                    .contains("referral", KANAK, "outbox/" + DE_RAND + "/" + trackingId + ".json");
            // the referral to its target and to the agency; a notice to the referrer (unanswered after 3 s here) may follow
            List<String> deliveries = browser.findElements(By.cssSelector("#access-disclosures tr[data-kind='delivery']")).stream()
                    .map(WebElement::getText).toList();
            assertThat(deliveries).filteredOn(text -> text.contains(DE_RAND)).hasSize(1);
            assertThat(deliveries).filteredOn(text -> text.contains(AGENCY)).hasSize(1);
            assertThat(deliveries).filteredOn(text -> !text.contains(DE_RAND) && !text.contains(AGENCY))
                    .allMatch(text -> text.contains(KANAK) && text.contains("notice"));
            assertThat(browser.findElement(By.id("access-disclosures")).getText()).contains(DE_RAND, AGENCY, "delivery")
                    .doesNotContainIgnoringCase(family);
            Browser.screenshot(browser, "console-access-request");

            browser.executeCdpCommand("Emulation.setEmulatedMedia", java.util.Map.of("media", "print"));
            assertThat(browser.findElement(By.tagName("header")).isDisplayed()).as("the console's header on paper").isFalse();
            assertThat(browser.findElement(By.id("access-request-form")).isDisplayed()).as("the form on paper").isFalse();
            assertThat(browser.findElement(By.id("access-answer")).isDisplayed()).as("the answer on paper").isTrue();
            Browser.screenshot(browser, "console-access-request-print");
        } catch (RuntimeException e) {
            Browser.screenshot(browser, "console-access-request-failed");
            throw new AssertionError("at " + browser.getCurrentUrl() + ": " + browser.getPageSource().substring(0, Math.min(3000, browser.getPageSource().length())), e);
        } finally {
            browser.quit();
        }
    }

    private byte[] exportSince(Instant start) {
        HttpResponse<byte[]> response = hub.getBytes(OPERATOR, "/api/v1/operator/log?from=" + start);
        assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/jsonl");
        return response.body();
    }

    private List<String> exportLines(Instant start) {
        return new ArrayList<>(new String(exportSince(start), StandardCharsets.UTF_8).lines().toList());
    }

    private static List<JsonNode> entries(byte[] export) {
        return new String(export, StandardCharsets.UTF_8).lines().map(JSON::readTree)
                .filter(line -> line.path("type").asString().equals("entry")).map(line -> line.path("entry")).toList();
    }


    private static String uniqueName() {
        StringBuilder letters = new StringBuilder("Reg");
        for (long n = UUID.randomUUID().getMostSignificantBits() & Long.MAX_VALUE; letters.length() < 9; n /= 26) {
            letters.append((char) ('a' + n % 26));
        }
        return letters.toString();
    }
}
