package io.aegisops.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisops.contracts.CommandType;
import io.aegisops.contracts.Incident;
import io.aegisops.contracts.IncidentStatus;
import io.aegisops.local.client.AegisClient;
import io.aegisops.local.stack.EmbeddedStack;
import io.aegisops.local.stack.StackOptions;
import io.aegisops.testsupport.RequiresBrowser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The operator console in a real headless Chromium against the embedded stack: sign-in, the live board, an
 * incident's page, hostile alert text, and an approval given from the console. Screenshots of each page go to
 * {@code local/target/screenshots/}.
 */
@RequiresBrowser
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserEndToEndTest {

    private static final Duration PIPELINE = Duration.ofSeconds(60);
    private static final Duration PAGE = Duration.ofSeconds(15);

    private EmbeddedStack stack;
    private AegisClient client;
    private ChromeDriver browser;

    @BeforeAll
    void start() {
        // the service's own monitor stays quiet, so the board holds only the alerts these tests send
        stack = TestStack.start("console", StackOptions.AppRuntime.PROCESS, Map.of("AEGIS_WEBHOOK_URL", ""));
        client = stack.client();
        browser = Chromium.start();
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (client != null) {
            client.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    /** Each test starts signed out, at the console's address. */
    @BeforeEach
    void signedOut() {
        browser.get(stack.consoleUrl().toString());
        browser.executeScript("sessionStorage.clear()");
        browser.get(stack.consoleUrl().toString());
    }

    /** The element once the page shows it (the console renders after its API calls answer). */
    private WebElement await(By locator) {
        return Awaitility.await(locator + " to show")
                .atMost(PAGE)
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> browser.findElement(locator), WebElement::isDisplayed);
    }

    private void awaitText(By locator, String text) {
        Awaitility.await(locator + " to show " + text)
                .atMost(PAGE)
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> browser.findElement(locator).getText(), shown -> shown.contains(text));
    }

    private void signIn(String token) {
        WebElement field = await(By.id("token"));
        field.clear();
        field.sendKeys(token);
        browser.findElement(By.id("sign-in")).click();
    }

    private void signInAsApprover() {
        signIn(stack.settings().approverToken());
        await(By.id("incidents"));
    }

    private void screenshot(String name) {
        try {
            Path dir = Files.createDirectories(TestStack.home().resolve("local/target/screenshots"));
            Files.write(dir.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String postGeneric(String alertType, String severity, String summary) {
        var answer = client.postAlert(
                """
                {"incident_id":"%s","status":"firing","alert_type":"%s","severity":"%s","service":"buggy-app",
                 "container_name":"buggy-app","summary":"%s","timestamp":"%s"}""".formatted("console-" + UUID.randomUUID(), alertType, severity, summary, Instant.now()));
        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        return answer.json().get("incidentId").asText();
    }

    @Nested
    class SigningIn {

        @Test
        void showsOnlyTheSignInPageWithoutAToken() {
            browser.get(stack.consoleUrl() + "#/incidents/anything");
            await(By.id("token"));
            assertThat(browser.findElements(By.id("incidents"))).isEmpty();
            assertThat(browser.findElements(By.id("diagnosis"))).isEmpty();
            screenshot("sign-in");
        }

        @Test
        void refusesAWrongTokenWithAClearMessage() {
            signIn("not-the-approver-token-" + UUID.randomUUID());
            awaitText(By.id("sign-in-error"), "refused");
            assertThat(browser.findElements(By.id("incidents"))).isEmpty();
            assertThat(browser.executeScript("return sessionStorage.length")).isEqualTo(0L);
            screenshot("sign-in-refused");
        }

        @Test
        void keepsTheApproverTokenForTheTabOnly() {
            signInAsApprover();
            assertThat(browser.executeScript("return sessionStorage.getItem('aegis.approverToken')"))
                    .isEqualTo(stack.settings().approverToken());
            assertThat(browser.executeScript("return document.cookie")).isEqualTo("");
            assertThat(browser.executeScript("return localStorage.length")).isEqualTo(0L);
        }
    }

    @Nested
    class TheBoard {

        @Test
        void showsANewAlertWithoutAReload() {
            signInAsApprover();
            browser.executeScript("window.__sameDocument = true");
            String id = postGeneric("HighLatency", "LOW", "p99 above 2 s");
            await(By.cssSelector("tr[data-id='" + id + "']"));
            assertThat(browser.executeScript("return window.__sameDocument === true"))
                    .as("the page was not reloaded")
                    .isEqualTo(true);
            screenshot("board");
        }

        @Test
        void fitsAPhoneScreenWithoutScrollingSideways() {
            String id = postGeneric("HighLatency", "HIGH", "p99 above 2 s on a phone");
            browser.manage().window().setSize(new Dimension(390, 844));
            try {
                signInAsApprover();
                await(By.cssSelector("tr[data-id='" + id + "']"));
                assertThat(pageWiderThanScreen())
                        .as("the board scrolls sideways")
                        .isFalse();
                screenshot("board-phone");
                browser.get(stack.consoleUrl() + "#/incidents/" + id);
                awaitText(By.id("timeline"), "RECEIVED");
                assertThat(pageWiderThanScreen())
                        .as("the incident page scrolls sideways")
                        .isFalse();
                screenshot("incident-phone");
            } finally {
                browser.manage().window().setSize(new Dimension(1280, 900));
            }
        }

        private boolean pageWiderThanScreen() {
            return (Boolean) browser.executeScript(
                    "return document.documentElement.scrollWidth > document.documentElement.clientWidth");
        }

        @Test
        void filtersBySeverityOnTheServer() {
            String low = postGeneric("DiskAlmostFull", "LOW", "disk 91% full");
            String critical = postGeneric("ServiceDown", "CRITICAL", "no answer on /health");
            signInAsApprover();
            await(By.cssSelector("tr[data-id='" + critical + "']"));
            browser.findElement(By.cssSelector("#filter-severity option[value='LOW']"))
                    .click();
            await(By.cssSelector("tr[data-id='" + low + "']"));
            Awaitility.await("the CRITICAL incident to leave the board")
                    .atMost(PAGE)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> browser.findElements(By.cssSelector("tr[data-id='" + critical + "']"))
                            .isEmpty());
            assertThat(browser.findElements(By.cssSelector("tr.incident td:nth-child(3)")))
                    .isNotEmpty()
                    .allSatisfy(severity -> assertThat(severity.getText()).isEqualTo("LOW"));
        }
    }

    @Nested
    class AnIncidentPage {

        @Test
        void showsTheDiagnosisWithItsSourceAndReasons() {
            String id = postGeneric("HighErrorRate", "HIGH", "5xx above 10%");
            Incident diagnosed = TestStack.await(
                    id + " to be diagnosed", PIPELINE, () -> client.incident(id).filter(i -> i.diagnosis() != null));
            signInAsApprover();
            browser.get(stack.consoleUrl() + "#/incidents/" + id);
            awaitText(By.id("diagnosis"), diagnosed.diagnosis().source().name());
            String shown = browser.findElement(By.id("diagnosis")).getText();
            assertThat(shown).contains(diagnosed.diagnosis().rootCause());
            assertThat(browser.findElements(By.cssSelector("#diagnosis-reasons li")))
                    .hasSize(diagnosed.diagnosis().evidence().size());
            awaitText(By.id("timeline"), "diagnosis");
            screenshot("incident");
        }
    }

    @Nested
    class HostileAlertText {

        private static final String SCRIPT = "<script>window.__pwned='script';document.title='pwned'</script>";
        private static final String IMAGE = "<img src=x onerror=\"window.__pwned='img';document.title='pwned'\">";
        private static final String LINK = "javascript:window.__pwned='link';document.title='pwned'";

        @Test
        void isShownAsTextAndRunsNothing() {
            String alert = """
                    {"version":"4","status":"firing","receiver":"aegis","externalURL":%s,"alerts":[{"status":"firing",
                     "labels":{"alertname":"XssProbe","severity":"warning","service":%s,"note":%s},
                     "annotations":{"summary":%s,"logs":%s},"startsAt":"%s","generatorURL":%s}]}""".formatted(
                            json(LINK),
                            json("svc" + SCRIPT),
                            json(IMAGE),
                            json(IMAGE + " <a href=\"" + LINK + "\">click</a>"),
                            json(SCRIPT + "\n" + IMAGE),
                            Instant.now(),
                            json(LINK));
            var answer = client.postAlert(alert);
            assertThat(answer.status()).as(answer.body()).isEqualTo(202);
            String id = answer.json().at("/results/0/incidentId").asText();

            signInAsApprover();
            await(By.cssSelector("tr[data-id='" + id + "']"));
            assertThat(browser.findElement(By.cssSelector("tr[data-id='" + id + "'] td.summary"))
                            .getText())
                    .contains(IMAGE);
            screenshot("board-hostile");
            browser.get(stack.consoleUrl() + "#/incidents/" + id);
            awaitText(By.id("alert-logs"), SCRIPT);
            String page = browser.findElement(By.id("main")).getText();
            assertThat(page).contains(IMAGE).contains(LINK).contains("svc" + SCRIPT);
            screenshot("incident-hostile");

            assertThat(browser.executeScript("return window.__pwned === undefined"))
                    .isEqualTo(true);
            assertThat(browser.getTitle()).isEqualTo("AegisOps console");
            assertThat(browser.findElements(By.cssSelector("#main img, #main script, #main iframe")))
                    .isEmpty();
            assertThat(browser.findElements(By.cssSelector("a[href^='javascript']")))
                    .isEmpty();
        }

        private static String json(String text) {
            return io.aegisops.contracts.Json.write(text);
        }
    }

    @Nested
    class AnApprovalFromTheConsole {

        @Test
        void resolvesTheIncidentWithOneRestart() {
            // a real CPU fault: the re-check at approval must still find the target busy for the restart to run
            assertThat(client.post(stack.settings().appUrl().resolve("/faults/cpu?threads=1&seconds=300"))
                            .status())
                    .isEqualTo(202);
            String id = postGeneric("HighCpuUsage", "MEDIUM", "CPU above 80% for 5 s");
            TestStack.await(
                    id + " to await approval",
                    PIPELINE,
                    () -> client.incident(id).filter(i -> i.status() == IncidentStatus.AWAITING_APPROVAL));
            signInAsApprover();
            browser.get(stack.consoleUrl() + "#/incidents/" + id);
            await(By.id("approval-comment")).sendKeys("restart it, from the console");
            screenshot("approval");
            browser.findElement(By.id("approve")).click();
            awaitText(
                    By.id("approval-result"), "Approved by " + stack.settings().approver());

            Incident closed = TestStack.awaitClosed(client, id, PIPELINE);
            assertThat(closed.status()).isEqualTo(IncidentStatus.RESOLVED);
            assertThat(closed.commandResults())
                    .filteredOn(result -> result.type() == CommandType.RESTART)
                    .hasSize(1);
            assertThat(closed.timeline())
                    .anySatisfy(entry -> assertThat(entry.detail()).contains("restart it, from the console"));
            awaitText(By.cssSelector(".incident-head .badge"), "RESOLVED");
            screenshot("approved");
            assertThat(Optional.ofNullable(closed.mttrMs())).isPresent();

            // the graph: every state of the definition drawn, exactly the states the execution entered highlighted
            awaitText(By.cssSelector("#graph h2"), "SUCCEEDED");
            Set<String> entered = stack
                    .stepFunctions()
                    .getExecutionHistory(
                            b -> b.executionArn(closed.executionArn()).maxResults(1000))
                    .events()
                    .stream()
                    .filter(e -> e.stateEnteredEventDetails() != null)
                    .map(e -> e.stateEnteredEventDetails().name())
                    .collect(Collectors.toSet());
            assertThat(entered).contains("Diagnose", "RequestApproval", "RecheckAtApproval", "Remediate", "Learn");
            assertThat(browser.findElements(By.cssSelector("#graph g.state"))).hasSizeGreaterThan(entered.size());
            assertThat(browser.findElements(By.cssSelector("#graph g.state.visited")).stream()
                            .map(node -> node.getDomAttribute("data-state"))
                            .collect(Collectors.toSet()))
                    .isEqualTo(entered);
            assertThat(browser.findElements(By.cssSelector("#graph path.edge.taken")))
                    .isNotEmpty();
            browser.executeScript("document.getElementById('graph').scrollIntoView()");
            screenshot("graph");

            // a state's documents on click: what the re-check saw went into Remediate, what the agent did came out
            browser.findElement(By.cssSelector("#graph g.state[data-state='Remediate']"))
                    .click();
            awaitText(By.id("state-io-title"), "Remediate · visit ");
            assertThat(browser.findElement(By.id("state-input")).getText())
                    .contains("\"incidentId\": \"" + id + "\"", "\"recheck\"");
            assertThat(browser.findElement(By.id("state-output")).getText())
                    .contains("\"remediation\"", "\"type\": \"RESTART\"")
                    .doesNotContain(stack.settings().approverToken());
            screenshot("state-io");
        }
    }
}
