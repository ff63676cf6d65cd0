package io.aegisops.local;

import io.aegisops.testsupport.BrowserCondition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Level;
import org.awaitility.Awaitility;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/** Debian's chromium, headless, through its chromedriver, with a fresh profile: what the console's tests drive. */
final class Chromium {

    private Chromium() {}

    static ChromeDriver start() {
        // Selenium Manager would look for a browser and a driver on the network first: both are given instead
        System.setProperty("SE_OFFLINE", "true");
        System.setProperty("SE_AVOID_STATS", "true");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BrowserCondition.CHROMIUM.toFile());
        try {
            options.addArguments(
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                    "--window-size=1280,900",
                    "--user-data-dir=" + Files.createTempDirectory("aegis-chromium-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // the console's tests read the browser's console for errors and CSP refusals
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(BrowserCondition.CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }

    /** The element once the page shows it (the console renders after its API calls answer). */
    static WebElement await(ChromeDriver browser, By locator, Duration timeout) {
        return Awaitility.await(locator + " to show")
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> browser.findElement(locator), WebElement::isDisplayed);
    }

    /** Waits until the element's text contains {@code text}. */
    static void awaitText(ChromeDriver browser, By locator, String text, Duration timeout) {
        Awaitility.await(locator + " to show " + text)
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> browser.findElement(locator).getText(), shown -> shown.contains(text));
    }

    /** Opens the console at {@code console} signed out (a fresh session). */
    static void signedOut(ChromeDriver browser, URI console) {
        browser.get(console.toString());
        browser.executeScript("sessionStorage.clear()");
        browser.get(console.toString());
    }

    /** Types {@code token} into the sign-in page and signs in. */
    static void signIn(ChromeDriver browser, String token, Duration timeout) {
        WebElement field = await(browser, By.id("token"), timeout);
        field.clear();
        field.sendKeys(token);
        browser.findElement(By.id("sign-in")).click();
    }

    /** Saves what {@code browser} shows as {@code local/target/screenshots/<name>.png}, and returns the picture. */
    static byte[] screenshot(ChromeDriver browser, String name) {
        byte[] png = browser.getScreenshotAs(OutputType.BYTES);
        try {
            Path dir = Files.createDirectories(TestStack.home().resolve("local/target/screenshots"));
            Files.write(dir.resolve(name + ".png"), png);
            return png;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
