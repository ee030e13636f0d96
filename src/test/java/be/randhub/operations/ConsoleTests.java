package be.randhub.operations;

import static be.randhub.support.TestPartners.AGENCY;
import static be.randhub.support.TestPartners.DE_HORIZON;
import static be.randhub.support.TestPartners.KRAAINEM;
import static be.randhub.support.TestPartners.LEARNING_NETWORK;
import static be.randhub.support.TestPartners.OPERATOR;
import static be.randhub.support.TestPartners.PIN;
import static be.randhub.support.TestPartners.RISO;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;

import be.randhub.support.Browser;
import be.randhub.support.HubClient;
import be.randhub.support.HubTest;
import be.randhub.support.HubTestConfiguration;
import be.randhub.support.TestDocuments;
import be.randhub.support.TestDocuments.Doc;

/**
 * The operators' console in a real headless Chromium: log in, watch routes count documents, find a document
 * from what a partner says on the phone, replay a dead letter once its cause is fixed, suspend and resume a
 * partner's file intake. Each page is saved as a screenshot under target/screenshots/.
 */
@HubTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleTests {

    @Autowired
    HubClient hub;

    ChromeDriver browser;
    WebDriverWait wait;

    @BeforeAll
    void logIn() {
        browser = Browser.start();
        wait = Browser.patiently(browser);
        browser.get(hub.uri("/console/").toString());
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-form")));
        Browser.screenshot(browser, "console-login");
        browser.findElement(By.id("username")).sendKeys(OPERATOR);
        browser.findElement(By.id("password")).sendKeys(HubTestConfiguration.password(OPERATOR));
        browser.findElement(By.id("login-button")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#overview-routes li[data-route='delivery']")));
    }

    @AfterAll
    void close() {
        Browser.quit(browser);
    }

    @Test
    void theConsoleOpensOnTheOverviewWhoseChartShowsTheDocumentsSent() {
        browser.get(hub.uri("/console/").toString());
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#overview-routes li[data-route='delivery']")));
        assertThat(browser.findElement(By.id("routes")).isDisplayed()).isFalse();
        choose("overview-partner", PIN);
        choose("overview-channel", "http");
        wait.until(ExpectedConditions.textToBe(By.id("overview-chart-heading"), "Documents per hour of pin over http"));
        long accepted = chartCount("accepted");
        long rejected = chartCount("rejected");

        for (int i = 0; i < 3; i++) {
            hub.post(PIN, TestDocuments.feedbackReport(PIN, "23102").json());
        }
        hub.post(PIN, TestDocuments.feedbackReport(PIN, KRAAINEM).json());

        wait.until(driver -> chartCount("accepted") == accepted + 3 && chartCount("rejected") == rejected + 1);
        // the same figures in the table beside the chart (for screen readers), newest hour first
        assertThat(browser.findElements(By.cssSelector("#overview-hours td.accepted")).stream()
                .mapToLong(cell -> Long.parseLong(cell.getDomProperty("textContent"))).sum()).isEqualTo(accepted + 3);
        assertThat(browser.findElement(By.cssSelector("#overview-chart svg")).getDomAttribute("aria-labelledby")).isNotBlank();
        Browser.screenshot(browser, "console-overview");
    }

    @Test
    void aSuspendedRouteIsOnTopOfTheOverview() {
        String route = "jms-intake-" + PIN;
        tab("routes");
        typeInRow(route, "input.reason", "Pin vzw moves its servers");
        clickInRow(route, "button.suspend");
        wait.until(driver -> stateOf(route).equals("Suspended"));
        try {
            tab("overview");
            // its group first, and it first in its group
            wait.until(driver -> overviewTop().startsWith("pin/jms " + route + "\n"));
            assertThat(overviewTop()).contains("pin · jms · 1 unusual", "Suspended", "suspended: Pin vzw moves its servers (operator)");
            new org.openqa.selenium.interactions.Actions(browser).scrollByAmount(0, browser.findElement(By.id("overview-routes")).getLocation().getY() - 80)
                    .perform();
            Browser.screenshot(browser, "console-overview-suspended");
        } finally {
            tab("routes");
            clickInRow(route, "button.resume");
            wait.until(driver -> stateOf(route).equals("Started"));
        }
    }

    @Test
    void routesCountTheDocumentsSent() {
        tab("routes");
        long before = count("intake");

        for (int i = 0; i < 3; i++) {
            hub.post(RISO, TestDocuments.feedbackReport(RISO, "23098").json());
        }

        // documents posted over HTTP start in the intake route (which publishes them too)
        wait.until(driver -> count("intake") >= before + 3);
        assertThat(stateOf("intake")).isEqualTo("Started");
        Browser.screenshot(browser, "console-routes");
    }

    @Test
    void operatorFindsADocumentFromWhatThePartnerSays() {
        Doc referral = TestDocuments.referral("kanak", "de-rand");
        String trackingId = hub.post("kanak", referral.json()).json().path("trackingId").asString();
        hub.awaitOutbox(AGENCY, trackingId);

        tab("documents");
        type("search-tracking-id", "");
        type("search-partner", "kanak");
        type("search-document-id", referral.documentId());
        browser.findElement(By.id("search-button")).click();

        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("trail-id"), trackingId));
        wait.until(ExpectedConditions.textToBe(By.id("trail-state"), "delivered"));
        assertThat(browser.findElement(By.id("trail-table")).getText()).contains("received", "routed", "delivered");
        assertThat(browser.findElement(By.id("documents")).getText()).doesNotContain(TestDocuments.FAMILY_NAME);
        Browser.screenshot(browser, "console-document");
    }

    @Test
    void operatorReplaysADeadLetterOnceItsCauseIsFixed() throws Exception {
        String trackingId;
        try (AutoCloseable unwritable = hub.unwritableOutbox(LEARNING_NETWORK)) {
            trackingId = hub.post(RISO, TestDocuments.feedbackReport(RISO, "23098").json()).json().path("trackingId").asString();
            tab("dead-letters");
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#dead-letters-table tr[data-tracking='" + trackingId + "']")));
            WebElement row = browser.findElement(By.cssSelector("#dead-letters-table tr[data-tracking='" + trackingId + "']"));
            assertThat(row.getText()).contains("learning-network", "delivery", "FileAlreadyExistsException");
            Browser.screenshot(browser, "console-dead-letters");
        } // the cause, fixed

        WebElement row = browser.findElement(By.cssSelector("#dead-letters-table tr[data-tracking='" + trackingId + "']"));
        row.findElement(By.cssSelector("input.select")).click();
        browser.findElement(By.id("replay-selected")).click();

        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "replayed"));
        hub.awaitOutbox(LEARNING_NETWORK, trackingId);
        tab("documents");
        type("search-partner", "");
        type("search-document-id", "");
        type("search-tracking-id", trackingId);
        browser.findElement(By.id("search-button")).click();
        // the trail of this document (another test may have left another document's delivered trail on show)
        wait.until(ExpectedConditions.textToBe(By.id("trail-id"), trackingId));
        wait.until(ExpectedConditions.textToBe(By.id("trail-state"), "delivered"));
        assertThat(browser.findElement(By.cssSelector("#deliveries tr[data-receiver='learning-network'] .delivery-state")).getText())
                .isEqualTo("delivered");
        assertThat(browser.findElement(By.id("trail-table")).getText()).contains("dead-lettered", "replayed");
        Browser.screenshot(browser, "console-replayed");
    }

    @Test
    void operatorSuspendsAndResumesAPartnersFileIntake() {
        String route = "file-intake-" + DE_HORIZON;
        tab("routes");
        typeInRow(route, "input.reason", "De Horizon's folder is being moved");
        clickInRow(route, "button.suspend");
        wait.until(driver -> stateOf(route).equals("Suspended"));
        assertThat(routeRow(route).getText()).contains("De Horizon's folder is being moved");

        hub.drop(DE_HORIZON, "while-suspended.json", TestDocuments.feedbackReport(DE_HORIZON, "23100").json());
        sleep(Duration.ofSeconds(2));
        assertThat(hub.dataDir().resolve("inbox").resolve(DE_HORIZON).resolve("while-suspended.json")).as("not taken in while suspended").exists();
        Browser.screenshot(browser, "console-route-suspended");

        clickInRow(route, "button.resume");
        wait.until(driver -> stateOf(route).equals("Started"));
        assertThat(hub.awaitFileReceipt(DE_HORIZON, "while-suspended.json").path("status").asString()).isEqualTo("accepted");
        Browser.screenshot(browser, "console-route-resumed");
    }

    @Test
    void theHeaderSaysWhichInstanceSpeaks() {
        wait.until(ExpectedConditions.textToBe(By.id("instance"), "instance " + HubTestConfiguration.INSTANCE));
    }

    @Test
    void queuesShowTheirDepth() {
        tab("queues");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#queues-table tr[data-queue='agency.inbox'] .depth")));
        assertThat(browser.findElement(By.cssSelector("#queues-table tr[data-queue='agency.inbox'] .depth")).getText()).matches("\\d+");
        Browser.screenshot(browser, "console-queues");
    }

    // ------------------------------------------------------------------

    private void tab(String panel) {
        browser.findElement(By.id("tab-" + panel)).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id(panel)));
    }

    /** The overview's first group of routes and its first route, then what it says (drawn anew every 3 s, like the tables). */
    private String overviewTop() {
        try {
            WebElement group = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#overview-routes .route-group")));
            return group.getDomAttribute("data-group") + " " + group.findElement(By.cssSelector("li")).getDomAttribute("data-route") + "\n"
                    + group.getText();
        } catch (org.openqa.selenium.StaleElementReferenceException redrawn) {
            return overviewTop();
        }
    }

    /** The documents the overview's chart shows for an outcome: the sum of its bars. */
    private long chartCount(String outcome) {
        try {
            return browser.findElements(By.cssSelector("#overview-chart rect[data-outcome='" + outcome + "']")).stream()
                    .mapToLong(bar -> Long.parseLong(bar.getDomAttribute("data-count"))).sum();
        } catch (org.openqa.selenium.StaleElementReferenceException redrawn) {
            return chartCount(outcome);
        }
    }

    private void choose(String select, String value) {
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id(select))).selectByValue(value);
    }

    private WebElement routeRow(String route) {
        return wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#routes-table tr[data-route='" + route + "']")));
    }

    private long count(String route) {
        try {
            return Long.parseLong(routeRow(route).findElement(By.cssSelector(".hour-count")).getText());
        } catch (org.openqa.selenium.StaleElementReferenceException refreshed) {
            return count(route);
        }
    }

    /** Clicks a button of the route's row (the table is drawn anew every 3 s: a row found just before may be gone). */
    /** Types into a field of a route's row, found again should the table be redrawn meanwhile (what was typed is kept). */
    private void typeInRow(String route, String field, String text) {
        try {
            routeRow(route).findElement(By.cssSelector(field)).sendKeys(text);
        } catch (org.openqa.selenium.StaleElementReferenceException refreshed) {
            typeInRow(route, field, text);
        }
    }

    private void clickInRow(String route, String button) {
        try {
            routeRow(route).findElement(By.cssSelector(button)).click();
        } catch (org.openqa.selenium.StaleElementReferenceException refreshed) {
            clickInRow(route, button);
        }
    }

    private String stateOf(String route) {
        try {
            return routeRow(route).findElement(By.cssSelector(".state")).getText();
        } catch (org.openqa.selenium.StaleElementReferenceException refreshed) {
            return stateOf(route);
        }
    }

    private void type(String field, String text) {
        WebElement input = browser.findElement(By.id(field));
        input.clear();
        input.sendKeys(text);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
