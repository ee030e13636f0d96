package be.randhub.portal;

import static be.randhub.support.TestPartners.AGENCY;
import static be.randhub.support.TestPartners.DE_RAND;
import static be.randhub.support.TestPartners.KANAK;
import static be.randhub.support.TestPartners.KRAAINEM;
import static be.randhub.support.TestPartners.OPERATOR;
import static be.randhub.support.TestPartners.RISO;
import static be.randhub.support.TestPartners.WEMMEL;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;

import be.randhub.support.Browser;
import be.randhub.support.HubClient;
import be.randhub.support.HubTest;
import be.randhub.support.HubTestConfiguration;
import be.randhub.support.TestDocuments;
import tools.jackson.databind.JsonNode;

/**
 * The partner portal in a real headless Chromium, as its users would use it: a partner fills in the form the
 * hub generates from the referral schema and the referral lands in the target's outbox; a refused form says why
 * beside the field; the target answers with a status update; minutes go with their PDF; a partner sees nothing of
 * another partner's, on the pages, through the portal's endpoints or the API. Pages are saved as screenshots under
 * target/screenshots/. The tests choose English on the page, so the hub's texts are the English ones.
 */
@HubTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PortalTests {

    @Autowired
    HubClient hub;

    ChromeDriver browser;
    WebDriverWait wait;

    @BeforeAll
    void start() {
        browser = Browser.start();
        wait = Browser.patiently(browser);
    }

    @AfterAll
    void close() {
        Browser.quit(browser);
    }

    @Test
    void aPartnerFillsInAReferralAndItReachesTheTargetsOutbox() {
        logIn(KANAK, "en");
        chooseType("referral");
        fillReferral(WEMMEL);
        Browser.screenshot(browser, "portal-referral-form");
        browser.findElement(By.id("send-button")).click();

        String trackingId = receipt("Accepted");
        JsonNode delivered = hub.awaitOutbox(DE_RAND, trackingId);
        assertThat(delivered.at("/delivery/sender").asString()).isEqualTo(KANAK);
        assertThat(delivered.at("/document/payload/person/familyName").asString()).isEqualTo(TestDocuments.FAMILY_NAME);
        assertThat(delivered.at("/document/payload/person/languages").valueStream().map(JsonNode::asString).toList()).containsExactly("ar", "fr");
        assertThat(delivered.at("/document/payload/consent/given").asBoolean()).isTrue();
        assertThat(delivered.at("/document/payload/target/activity/category").asString()).isEqualTo("family");
        assertThat(delivered.at("/document/municipality").asString()).isEqualTo(WEMMEL);

        // the partner's own documents, with the trail of this one
        By row = By.cssSelector("#documents-table tr[data-tracking='" + trackingId + "']");
        wait.until(ExpectedConditions.presenceOfElementLocated(row));
        assertThat(browser.findElement(row).getText()).contains("Referral", browser.findElement(By.id("receipt-document-id")).getText());
        wait.until(driver -> {
            driver.findElement(row).findElement(By.cssSelector("button.show-trail")).click();
            return driver.findElement(By.id("trail-state")).getText().equals("Delivered");
        });
        assertThat(browser.findElement(By.id("trail-id")).getText()).isEqualTo(trackingId);
        assertThat(browser.findElement(By.id("trail-deliveries")).getText()).contains(DE_RAND, AGENCY);
        assertThat(browser.findElement(By.id("trail-table")).getText()).contains("Received", "Routed", "Delivered");
        Browser.screenshot(browser, "portal-documents");
    }

    @Test
    void aRefusedFormShowsTheHubsReasonBesideTheField() {
        logIn(KANAK, "en");
        chooseType("referral");
        fillReferral(KRAAINEM);
        browser.findElement(By.id("input-payload-consent-given")).click(); // and consent not given after all
        String documentId = browser.findElement(By.id("input-documentId")).getAttribute("value");
        browser.findElement(By.id("send-button")).click();

        receipt("Refused");
        WebElement municipality = browser.findElement(By.cssSelector("#field-municipality > .field-error"));
        wait.until(ExpectedConditions.visibilityOf(municipality));
        assertThat(municipality.getText()).contains("Kraainem").doesNotContain("consent");
        WebElement select = browser.findElement(By.id("input-municipality"));
        assertThat(select.getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(select.getAttribute("aria-describedby")).contains(municipality.getAttribute("id"));
        WebElement consent = browser.findElement(By.cssSelector("#field-payload-consent-given > .field-error"));
        assertThat(consent.getText()).contains("consent").doesNotContain("Kraainem");
        // what the user typed is still there, to correct
        assertThat(browser.findElement(By.id("input-payload-person-familyName")).getAttribute("value")).isEqualTo(TestDocuments.FAMILY_NAME);
        Browser.screenshot(browser, "portal-refused");
        assertThat(hub.get(KANAK, "/api/v1/documents").body()).doesNotContain(documentId);
    }

    @Test
    void theTargetAnswersWithAStatusUpdateOfferingOnlyWhatIsAllowedNow() {
        TestDocuments.Doc referral = TestDocuments.referral(KANAK, DE_RAND);
        assertThat(hub.post(KANAK, referral.json()).status()).isEqualTo(202);
        logIn(DE_RAND, "en");

        By card = By.cssSelector("article.referral[data-referral='" + KANAK + "/" + referral.documentId() + "']");
        wait.until(ExpectedConditions.presenceOfElementLocated(card));
        assertThat(browser.findElement(card).getText()).contains("This person was referred to you", "Requested");
        assertThat(offered(card)).containsExactly("accepted", "rejected");

        new Select(browser.findElement(card).findElement(By.cssSelector("select[name='status']"))).selectByValue("accepted");
        browser.findElement(card).findElement(By.cssSelector("textarea[name='note']")).sendKeys("First meeting on Monday.");
        browser.findElement(card).findElement(By.cssSelector("button.send-status")).click();

        String statusTrackingId = receipt("Accepted");
        wait.until(driver -> driver.findElement(card).findElement(By.cssSelector(".referral-status")).getText().equals("Accepted"));
        assertThat(offered(card)).containsExactly("in-progress", "on-hold", "failed");
        browser.findElement(card).findElement(By.cssSelector("details.history summary")).click();
        assertThat(browser.findElement(card).findElement(By.cssSelector("details.history")).getText()).contains("Requested", "Accepted", DE_RAND);
        Browser.screenshot(browser, "portal-referral-status");

        // the update went through the hub's intake: to the referrer's outbox, and the referral moved on
        JsonNode update = hub.awaitOutbox(KANAK, statusTrackingId);
        assertThat(update.at("/document/payload/status").asString()).isEqualTo("accepted");
        assertThat(update.at("/document/payload/referral/documentId").asString()).isEqualTo(referral.documentId());
        JsonNode seen = hub.get(KANAK, "/api/v1/referrals/" + KANAK + "/" + referral.documentId()).json();
        assertThat(seen.path("status").asString()).isEqualTo("accepted");
        assertThat(seen.path("history").valueStream().map(change -> change.path("setBy").asString()).toList()).containsExactly(KANAK, DE_RAND);
    }

    @Test
    void minutesGoWithTheirPdf() throws Exception {
        Path pdf = Files.createTempFile("steering-group-", ".pdf");
        Files.write(pdf, TestDocuments.pdf("steering group of November"));
        logIn(RISO, "en");
        chooseType("meeting-minutes");
        select("input-municipality", "23098");
        type("input-payload-meeting-date", "2026-11-20");
        select("input-payload-meeting-kind", "steering-group");
        type("input-payload-meeting-title", "Stuurgroep november");
        type("input-payload-attendees-organisation-0", "RISO");
        browser.findElement(By.cssSelector("#field-payload-attendees button.add")).click();
        type("input-payload-attendees-organisation-1", "Gemeente Drogenbos");
        type("input-payload-summary", "The steering group reviewed the leisure pass.");
        browser.findElement(By.id("input-payload-attachment")).sendKeys(pdf.toString());
        browser.findElement(By.id("input-payload-attachment-shareable")).click();
        wait.until(driver -> browser.executeScript("return document.getElementById('input-payload-attachment').files.length").equals(1L));
        Thread.sleep(300); // the page hashes the file when it is chosen
        browser.findElement(By.id("send-button")).click();

        String trackingId = receipt("Accepted");
        JsonNode delivered = hub.awaitOutbox(AGENCY, trackingId);
        assertThat(delivered.at("/document/payload/attendees").size()).isEqualTo(2);
        assertThat(delivered.at("/document/payload/attachment/sha256").asString()).isEqualTo(TestDocuments.sha256(Files.readAllBytes(pdf)));
        assertThat(hub.outboxFile(AGENCY, trackingId, "pdf")).hasBinaryContent(Files.readAllBytes(pdf));

        // the agency finds the minutes in the portal's inbox: reads them, and fetches the PDF
        logIn(AGENCY, "en");
        By delivery = By.cssSelector("#inbox-table tr[data-tracking='" + trackingId + "']");
        wait.until(driver -> {
            if (driver.findElements(delivery).isEmpty() && driver.findElement(By.id("inbox-more")).isDisplayed()) {
                driver.findElement(By.id("inbox-more")).click();
            }
            return !driver.findElements(delivery).isEmpty();
        });
        assertThat(browser.findElement(delivery).getText()).contains("Meeting minutes", RISO);
        browser.findElement(delivery).findElement(By.cssSelector("button.read")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("inbox-content")));
        assertThat(browser.findElement(By.id("inbox-content")).getText()).contains("Stuurgroep november", trackingId);
        String link = browser.findElement(delivery).findElement(By.cssSelector("a.pdf")).getAttribute("href");
        assertThat(fetchText(link)).startsWith("%PDF");
        Browser.screenshot(browser, "portal-inbox");
        // the sender does not receive its own minutes
        assertThat(hub.get(RISO, "/api/v1/inbox?limit=500").body()).doesNotContain(trackingId);
    }

    @Test
    void aPartnerSeesNothingOfAnotherPartners() {
        TestDocuments.Doc referral = TestDocuments.referral(KANAK, DE_RAND);
        String trackingId = hub.post(KANAK, referral.json()).json().path("trackingId").asString();
        hub.awaitOutbox(DE_RAND, trackingId);
        // the hub's own logins: a wrong password is refused (and counts towards the lock-out, as on every channel)
        logIn(RISO, "not " + HubTestConfiguration.password(RISO), "en");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "Wrong user or password"));
        assertThat(browser.getCurrentUrl()).endsWith("/portal/login.html?failed");
        logIn(RISO, "en");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("documents-table")));

        assertThat(browser.findElement(By.id("main")).getText()).doesNotContain(trackingId, referral.documentId(), TestDocuments.FAMILY_NAME);
        // the portal's endpoints, called with RISO's session as any page (or a curious user) could
        assertThat(fetch("/portal/api/documents/" + trackingId)).isEqualTo(404);
        assertThat(fetch("/portal/api/referrals/" + KANAK + "/" + referral.documentId())).isEqualTo(404);
        assertThat(fetchText("/portal/api/documents")).doesNotContain(trackingId);
        assertThat(fetchText("/portal/api/referrals")).doesNotContain(referral.documentId());
        // the session's state-changing requests need the page's token
        assertThat(((Number) browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch('/portal/api/documents', {method: 'POST', headers: {'Content-Type': 'application/json'}, body: arguments[0]})"
                + ".then(r => done(r.status))", TestDocuments.feedbackReport(RISO, WEMMEL).json())).intValue()).isEqualTo(403);

        // the API, with RISO's own credentials: the lists are the caller's own, the others' answer as if they did not exist
        assertThat(hub.get(RISO, "/api/v1/documents/" + trackingId).status()).isEqualTo(404);
        assertThat(hub.get(RISO, "/api/v1/referrals/" + KANAK + "/" + referral.documentId()).status()).isEqualTo(404);
        assertThat(hub.get(RISO, "/api/v1/documents").body()).doesNotContain(trackingId);
        assertThat(hub.get(RISO, "/api/v1/referrals").body()).doesNotContain(referral.documentId());
        assertThat(hub.get(KANAK, "/api/v1/documents").body()).contains(trackingId);
        assertThat(hub.get(DE_RAND, "/api/v1/referrals").body()).contains(referral.documentId());
        // operators have the console, not the portal; receivers send nothing; nobody without logging in
        assertThat(hub.get(OPERATOR, "/portal/api/me").status()).isEqualTo(403);
        assertThat(hub.get(AGENCY, "/portal/api/documents").status()).isEqualTo(403);
        assertThat(hub.get(AGENCY, "/portal/api/me").json().path("sends").isEmpty()).isTrue();
        assertThat(hub.get(null, "/portal/api/referrals").status()).isEqualTo(401);
    }

    @Test
    void thePortalSpeaksFrenchOnAPhoneUnderTheConsolesPolicy() {
        browser.manage().window().setSize(new Dimension(390, 844));
        try {
            logIn(KANAK, "fr");
            chooseType("referral");
            assertThat(browser.findElement(By.id("send-title")).getText()).isEqualTo("Envoyer");
            assertThat(browser.findElement(By.cssSelector("label[for='input-payload-person-familyName']")).getText()).startsWith("Nom de famille");
            // nothing wider than the phone's screen: the page does not scroll sideways (wide tables scroll in their own box)
            String stickingOut = "const width = document.documentElement.clientWidth; return Array.from(document.querySelectorAll('body *'))"
                    + ".filter(e => e.getClientRects().length && e.getBoundingClientRect().right > width + 1 && !e.closest('.scroll'))"
                    + ".map(e => e.tagName + '#' + e.id + '.' + e.className)";
            assertThat(browser.executeScript(stickingOut)).as("elements wider than the screen").isEqualTo(List.of());
            assertThat(browser.executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth"))
                    .as("sideways scrolling").isEqualTo(0L);
            // every control of the generated form has a label a screen reader announces
            assertThat(browser.executeScript("return Array.from(document.querySelectorAll('#document-form input, #document-form select,"
                    + " #document-form textarea')).filter(c => !c.labels || c.labels.length === 0).map(c => c.id)")).isEqualTo(List.of());
            Browser.screenshot(browser, "portal-phone-fr");
        } finally {
            browser.manage().window().setSize(new Dimension(1440, 900));
        }
        // the form is the schema's: each field of the referral's payload is there
        JsonNode payload = hub.get(KANAK, "/api/v1/schemas/referral").json().at("/properties/payload/properties");
        for (String field : payload.propertyNames()) {
            assertThat(browser.findElements(By.cssSelector("#document-form [data-pointer='/payload/" + field + "']"))).as(field).hasSize(1);
        }
        HttpResponse<byte[]> page = hub.getBytes(null, "/portal/login.html");
        HttpResponse<byte[]> console = hub.getBytes(null, "/console/login.html");
        assertThat(page.headers().firstValue("Content-Security-Policy")).isPresent()
                .isEqualTo(console.headers().firstValue("Content-Security-Policy"));
    }

    @Test
    void everyTextOfThePortalIsThereInDutchFrenchAndEnglish() throws Exception {
        Map<String, Properties> catalogues = new java.util.LinkedHashMap<>();
        for (String language : List.of("nl", "fr", "en")) {
            Properties texts = new Properties();
            try (var in = new java.io.InputStreamReader(new ClassPathResource("i18n/portal_" + language + ".properties").getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8)) {
                texts.load(in);
            }
            assertThat(texts.stringPropertyNames()).as(language).hasSizeGreaterThan(100);
            assertThat(texts.entrySet()).as("%s: no empty text", language).noneMatch(entry -> entry.getValue().toString().isBlank());
            catalogues.put(language, texts);
        }
        assertThat(catalogues.get("fr").stringPropertyNames()).isEqualTo(catalogues.get("nl").stringPropertyNames());
        assertThat(catalogues.get("en").stringPropertyNames()).isEqualTo(catalogues.get("nl").stringPropertyNames());

        // the reader's language from Accept-Language, Dutch when it asks for none of the three
        assertThat(texts("fr-BE,fr;q=0.9,en;q=0.5").path("language").asString()).isEqualTo("fr");
        assertThat(texts("fr-BE").at("/texts/send.title").asString()).isEqualTo("Envoyer");
        assertThat(texts("de-DE,de;q=0.9").path("language").asString()).isEqualTo("nl");
        assertThat(texts("de-DE").at("/texts/send.title").asString()).isEqualTo("Versturen");
        assertThat(texts("en-GB").at("/texts/send.title").asString()).isEqualTo("Send");
    }

    private JsonNode texts(String acceptLanguage) {
        return hub.send(null, java.net.http.HttpRequest.newBuilder(hub.uri("/portal/api/texts")).header("Accept-Language", acceptLanguage).GET())
                .json();
    }

    // ---------------------------------------------------------------- helpers

    private void logIn(String user, String language) {
        logIn(user, HubTestConfiguration.password(user), language);
        wait.until(driver -> "true".equals(driver.findElement(By.tagName("body")).getAttribute("data-ready"))
                || !driver.findElement(By.id("status")).getText().isEmpty());
        assertThat(browser.findElement(By.id("status")).getText()).as("the portal's notice").isEmpty();
    }

    private void logIn(String user, String password, String language) {
        browser.manage().deleteAllCookies();
        browser.get(hub.uri("/portal/").toString());
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-form")));
        new Select(browser.findElement(By.id("language"))).selectByValue(language);
        wait.until(driver -> language.equals(driver.findElement(By.tagName("html")).getAttribute("lang")));
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("login-button")).click();
    }

    private void chooseType(String type) {
        new Select(browser.findElement(By.id("doc-type"))).selectByValue(type);
        wait.until(driver -> !driver.findElements(By.cssSelector("#fields [data-pointer^='/payload/']")).isEmpty()
                && driver.findElement(By.id("input-documentId")).getAttribute("value").contains("-" + type + "-"));
    }

    private void fillReferral(String municipality) {
        select("input-municipality", municipality);
        type("input-payload-person-givenName", TestDocuments.GIVEN_NAME);
        type("input-payload-person-familyName", TestDocuments.FAMILY_NAME);
        type("input-payload-person-birthYear", "1991");
        type("input-payload-person-languages", "ar\nfr");
        type("input-payload-person-phone", TestDocuments.PHONE);
        browser.findElement(By.id("input-payload-consent-given")).click();
        type("input-payload-consent-date", "2026-11-24");
        type("input-payload-target-partner", DE_RAND);
        type("input-payload-target-activity-name", "Babycafé Wemmel");
        select("input-payload-target-activity-category", "family");
        type("input-payload-needs", "meet other parents\npractise Dutch");
    }

    private void type(String id, String text) {
        WebElement input = browser.findElement(By.id(id));
        if ("date".equals(input.getAttribute("type"))) {
            // a date picker's typing order depends on the browser's locale; the value is what the form reads
            browser.executeScript("arguments[0].value = arguments[1]", input, text);
        } else {
            input.sendKeys(text);
        }
    }

    private void select(String id, String value) {
        new Select(browser.findElement(By.id(id))).selectByValue(value);
    }

    /** Waits for the receipt of the document just sent and returns its tracking id. */
    private String receipt(String outcome) {
        wait.until(ExpectedConditions.textToBe(By.id("receipt-outcome"), outcome));
        return browser.findElement(By.id("receipt-tracking-id")).getText();
    }

    private List<String> offered(By card) {
        return new Select(browser.findElement(card).findElement(By.cssSelector("select[name='status']"))).getOptions().stream()
                .map(option -> option.getAttribute("value")).toList();
    }

    private int fetch(String path) {
        return ((Number) browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch(arguments[0], {credentials: 'same-origin'}).then(r => done(r.status))", path)).intValue();
    }

    private String fetchText(String path) {
        return (String) browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch(arguments[0], {credentials: 'same-origin'}).then(r => r.text()).then(done)", path);
    }
}
