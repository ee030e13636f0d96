package be.randhub.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real, headless Chromium (Debian's chromium and chromium-driver, which .ci/run installs) driven through
 * Selenium. On a machine without them the browser tests are skipped with a message, unless
 * {@code HUB_REQUIRE_BROWSER} is set (CI sets it), which makes their absence a failure.
 */
public final class Browser {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private Browser() {
    }

    public static ChromeDriver start() {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!installed && System.getenv("HUB_REQUIRE_BROWSER") != null) {
            throw new IllegalStateException("Chromium and its driver are needed: apt-get install chromium chromium-driver (.ci/run does)");
        }
        Assumptions.assumeTrue(installed, "Chromium is not installed here (apt-get install chromium chromium-driver): browser tests skipped");
        try {
            Path profile = Files.createTempDirectory("hub-chromium-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                    "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--user-data-dir=" + profile, "--window-size=1440,900");
            // the pages' texts in English, which the tests assert, until a test chooses another language with a page's switch
            options.setExperimentalOption("prefs", java.util.Map.of("intl.accept_languages", "en-US,en"));
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                    .usingAnyFreePort().build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().implicitlyWait(Duration.ZERO);
            return driver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How long a test waits for what a page shows (pages replaced meanwhile, by a login or a list drawn again, are looked up again). */
    public static WebDriverWait patiently(ChromeDriver driver) {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(25));
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    /** Closes the browser, if one was started. */
    public static void quit(ChromeDriver driver) {
        if (driver != null) {
            driver.quit();
        }
    }

    /** Saves what the browser shows as target/screenshots/&lt;name&gt;.png. */
    public static Path screenshot(ChromeDriver driver, String name) {
        try {
            Path folder = Files.createDirectories(Path.of("target", "screenshots"));
            File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            return Files.copy(shot.toPath(), folder.resolve(name + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
