package be.randhub.operations;

import static be.randhub.support.TestPartners.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;

import be.randhub.support.Browser;
import be.randhub.support.HubClient;
import be.randhub.support.HubTest;
import be.randhub.support.HubTestConfiguration;

import tools.jackson.databind.JsonNode;

/**
 * The console in Dutch, French or English, in a real headless Chromium: the browser's language first, the switch on
 * the login page and in the console, the choice remembered across pages and reloads; its texts from the catalogue.
 */
@HubTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleLanguageTests {

    @Autowired
    HubClient hub;

    ChromeDriver browser;
    WebDriverWait wait;

    @BeforeAll
    void open() {
        browser = Browser.start();
        wait = Browser.patiently(browser);
    }

    @AfterAll
    void close() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void theSwitchChoosesTheLanguageAndTheConsoleRemembersIt() {
        browser.get(hub.uri("/console/login.html").toString());
        // the browser asks for English
        wait.until(ExpectedConditions.textToBe(By.id("login-button"), "Log in"));
        new Select(browser.findElement(By.id("language"))).selectByValue("fr");
        wait.until(ExpectedConditions.textToBe(By.id("login-button"), "Se connecter"));
        assertThat(browser.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("fr");
        Browser.screenshot(browser, "console-login-fr");

        browser.findElement(By.id("username")).sendKeys(OPERATOR);
        browser.findElement(By.id("password")).sendKeys(HubTestConfiguration.password(OPERATOR));
        browser.findElement(By.id("login-button")).click();
        // the console follows the choice made on the login page
        wait.until(ExpectedConditions.textToBe(By.id("tab-overview"), "Vue d’ensemble"));
        wait.until(ExpectedConditions.textToBe(By.id("instance"), "instance " + HubTestConfiguration.INSTANCE));
        wait.until(ExpectedConditions.textMatches(By.id("overview-unusual-label"), java.util.regex.Pattern.compile("routes? arrêtées?.*")));
        assertThat(browser.findElement(By.id("logout")).getText()).isEqualTo("Se déconnecter");
        Browser.screenshot(browser, "console-fr");

        new Select(browser.findElement(By.id("language"))).selectByValue("nl");
        wait.until(ExpectedConditions.textToBe(By.id("tab-overview"), "Overzicht"));
        wait.until(ExpectedConditions.textToBe(By.id("instance"), "instantie " + HubTestConfiguration.INSTANCE));
        wait.until(ExpectedConditions.textMatches(By.id("overview-unusual-label"), java.util.regex.Pattern.compile("routes? gestopt.*")));
        assertThat(browser.findElement(By.id("discard-reason")).getDomAttribute("placeholder")).isEqualTo("reden voor het verwijderen");

        browser.navigate().refresh();
        wait.until(ExpectedConditions.textToBe(By.id("tab-dead-letters"), "Onbestelbare berichten"));
        assertThat(new Select(browser.findElement(By.id("language"))).getFirstSelectedOption().getDomAttribute("value")).isEqualTo("nl");
        Browser.screenshot(browser, "console-nl");

        new Select(browser.findElement(By.id("language"))).selectByValue("en");
        wait.until(ExpectedConditions.textToBe(By.id("tab-overview"), "Overview"));
    }

    @Test
    void theTextsAreTheCataloguesInTheLanguageAsked() {
        JsonNode dutch = texts("de-DE"); // none of the three: Dutch
        JsonNode french = texts("fr-BE,fr;q=0.9");
        assertThat(dutch.path("language").asString()).isEqualTo("nl");
        assertThat(french.path("language").asString()).isEqualTo("fr");
        assertThat(french.at("/texts/tab.queues").asString()).isEqualTo("Files d’attente");
        assertThat(dutch.at("/texts/tab.queues").asString()).isEqualTo("Wachtrijen");
        assertThat(dutch.path("texts").propertyNames()).containsExactlyInAnyOrderElementsOf(french.path("texts").propertyNames());
    }

    private JsonNode texts(String acceptLanguage) {
        HubClient.Answer answer = hub.send(null, java.net.http.HttpRequest.newBuilder(hub.uri("/console/texts"))
                .header("Accept-Language", acceptLanguage).GET());
        assertThat(answer.status()).isEqualTo(200);
        return answer.json();
    }
}
