package io.aegisops.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.contracts.CommandType;
import io.aegisops.contracts.Incident;
import io.aegisops.contracts.IncidentStatus;
import io.aegisops.functions.policy.Trust;
import io.aegisops.local.client.AegisClient;
import io.aegisops.local.stack.EmbeddedStack;
import io.aegisops.local.stack.StackOptions;
import io.aegisops.testsupport.RequiresBrowser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
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
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * The operator console in a real headless Chromium against the embedded stack: sign-in, the live board, an
 * incident's page, hostile alert text, and an approval given from the console. Screenshots of each page go to
 * {@code local/target/screenshots/}.
 */
@RequiresBrowser
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserEndToEndTest {

    /** AEGIS_AUTONOMY_MIN_APPROVALS for this class's stack. */
    private static final int NEVER_EARNED = 100;

    private static final Duration PIPELINE = Duration.ofSeconds(60);
    private static final Duration PAGE = Duration.ofSeconds(15);

    private EmbeddedStack stack;
    private AegisClient client;
    private ChromeDriver browser;

    @BeforeAll
    void start() {
        // the service's own monitor stays quiet, so the board holds only the alerts these tests send
        // the tests share one stack and approve HighCpuUsage in any order: it must never earn AUTO here
        stack = TestStack.start(
                "console",
                StackOptions.AppRuntime.PROCESS,
                Map.of("AEGIS_WEBHOOK_URL", "", Trust.MIN_APPROVALS, Integer.toString(NEVER_EARNED)));
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
        Chromium.signedOut(browser, stack.consoleUrl());
    }

    private WebElement await(By locator) {
        return Chromium.await(browser, locator, PAGE);
    }

    private void awaitText(By locator, String text) {
        Chromium.awaitText(browser, locator, text, PAGE);
    }

    private void signIn(String token) {
        Chromium.signIn(browser, token, PAGE);
    }

    private void signInAsApprover() {
        signIn(stack.settings().approverToken());
        await(By.id("incidents"));
    }

    /**
     * The README's pictures, written to {@code docs/images/} as well when the build runs with
     * {@code -Daegis.docs.screenshots=true}: taken by the tests, never by hand.
     */
    private static final Map<String, String> DOCS_SCREENSHOTS = Map.of(
            "incident", "console-incident.png",
            "graph", "console-graph.png",
            "runbook-disabled", "console-runbook.png",
            "analytics", "console-analytics.png");

    private static final String LEARNED = "HighCpuUsage#buggy-app#RESTART";

    private void screenshot(String name) {
        byte[] png = Chromium.screenshot(browser, name);
        if (Boolean.getBoolean("aegis.docs.screenshots") && DOCS_SCREENSHOTS.containsKey(name)) {
            try {
                Path docs = Files.createDirectories(TestStack.home().resolve("docs/images"));
                Files.write(docs.resolve(DOCS_SCREENSHOTS.get(name)), png);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Records, in the page, every CSP violation, uncaught error, rejected promise and console error from now on (a
     * hash route keeps the document, so they hold across the console's pages).
     */
    private void watchForProblems() {
        browser.manage().logs().get(LogType.BROWSER); // read, and so emptied: earlier pages' lines are not this page's
        browser.executeScript("""
                window.__problems = [];
                document.addEventListener('securitypolicyviolation',
                    (e) => window.__problems.push('CSP ' + e.violatedDirective + ' ' + e.blockedURI));
                window.addEventListener('error', (e) => window.__problems.push('error ' + e.message), true);
                window.addEventListener('unhandledrejection', (e) => window.__problems.push('rejection ' + e.reason));
                const error = console.error;
                console.error = (...args) => { window.__problems.push('console ' + args.join(' ')); error(...args); };
                """);
    }

    @SuppressWarnings("unchecked") // the page's own array of strings
    private List<String> problems() {
        return (List<String>) browser.executeScript("return window.__problems");
    }

    /** Every SEVERE line of the browser's console log (CSP refusals are logged there too). */
    private List<String> severeConsoleLines() {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .toList();
    }

    /** The incident once closed, which must be RESOLVED by exactly one restart. */
    private Incident resolvedByOneRestart(String id) {
        Incident closed = TestStack.awaitClosed(client, id, PIPELINE);
        assertThat(closed.status()).isEqualTo(IncidentStatus.RESOLVED);
        assertThat(closed.commandResults())
                .filteredOn(result -> result.type() == CommandType.RESTART)
                .hasSize(1);
        return closed;
    }

    /** A HighCpuUsage alert for buggy-app, once its incident waits for a decision. */
    private String cpuAlertAwaitingApproval() {
        return cpuAlertAwaitingApproval("CPU above 80% for 5 s");
    }

    private String cpuAlertAwaitingApproval(String summary) {
        String id = postGeneric("HighCpuUsage", "MEDIUM", summary);
        TestStack.await(
                id + " to await approval",
                PIPELINE,
                () -> client.incident(id).filter(i -> i.status() == IncidentStatus.AWAITING_APPROVAL));
        return id;
    }

    /**
     * A HighCpuUsage incident on buggy-app approved through the API (forced past the re-check) and resolved by its
     * restart: the runbook learns from it.
     */
    private Incident approvedAndResolved(String summary) {
        String id = cpuAlertAwaitingApproval(summary);
        // forced: nothing burns the CPU here, and what the runbook learns must not hang on how the re-check reads it
        assertThat(client.decide(id, true, true, "teach the runbook").status()).isEqualTo(200);
        Incident closed = TestStack.awaitClosed(client, id, PIPELINE);
        assertThat(closed.status()).isEqualTo(IncidentStatus.RESOLVED);
        return closed;
    }

    /** The API's answer to {@code method path} with {@code token} (null: none) and a JSON body (null: none). */
    private AegisClient.Answer api(String method, String path, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        client.connection().endpoint().resolve(path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(request.build(), BodyHandlers.ofString());
            return new AegisClient.Answer(answer.statusCode(), answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private JsonNode runbookEntry(String signature) {
        AegisClient.Answer runbook = api("GET", "/runbook", stack.settings().approverToken(), null);
        assertThat(runbook.status()).as(runbook.body()).isEqualTo(200);
        for (JsonNode entry : runbook.json().get("entries")) {
            if (entry.get("signature").asText().equals(signature)) {
                return entry;
            }
        }
        throw new AssertionError(signature + " is not in " + runbook.body());
    }

    private boolean pageWiderThanScreen() {
        return (Boolean) browser.executeScript(
                "return document.documentElement.scrollWidth > document.documentElement.clientWidth");
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
    class TheApprovalsPage {

        @Test
        void showsWhatWillBeDoneToWhichTargetAndDecidesFromTheCard() {
            String id = cpuAlertAwaitingApproval();
            signInAsApprover();
            browser.get(stack.consoleUrl() + "#/approvals");
            By card = By.cssSelector("article[data-id='" + id + "']");
            awaitText(
                    card,
                    "AegisOps asks before it runs RESTART on "
                            + stack.settings().service() + " (container "
                            + stack.settings().container() + ", host ");
            screenshot("approvals");

            WebElement pending = browser.findElement(card);
            pending.findElement(By.cssSelector(".approval-comment")).sendKeys("from the approvals page");
            pending.findElement(By.cssSelector(".approval-force")).click();
            pending.findElement(By.cssSelector("button.approve")).click();
            awaitText(card, "Approved by " + stack.settings().approver());

            Incident closed = resolvedByOneRestart(id);
            assertThat(closed.timeline())
                    .anySatisfy(entry -> assertThat(entry.detail())
                            .endsWith("(forced: even if healthy at approval): from the approvals page"));
        }
    }

    @Nested
    class TheRunbookPage {

        @Test
        void listsAnEntryLearnedByARealIncidentAndRecordsADisableAndAnEnable() {
            approvedAndResolved("CPU above 80% for 5 s, for the runbook");
            signInAsApprover();
            browser.findElement(By.id("nav-runbook")).click();
            By row = By.cssSelector("tr[data-signature='" + LEARNED + "']");
            awaitText(row, "approvals");
            assertThat(browser.findElement(row).getText()).contains("HighCpuUsage", "buggy-app", "RESTART", "enabled");
            awaitText(By.id("runbook-settings"), "after " + NEVER_EARNED + " approvals in a row");
            screenshot("runbook");

            browser.findElement(row)
                    .findElement(By.cssSelector("button.toggle"))
                    .click();
            awaitText(row, "Say why");
            assertThat(runbookEntry(LEARNED).get("disabled").asBoolean())
                    .as("no comment, no change")
                    .isFalse();

            toggleWithComment(row, "restarts hide the CPU leak");
            awaitText(row, "Disabled by " + stack.settings().approver());
            assertThat(browser.findElement(row).getText()).contains("restarts hide the CPU leak", "disabled");
            screenshot("runbook-disabled");
            JsonNode disabled = runbookEntry(LEARNED);
            assertThat(disabled.get("disabled").asBoolean()).isTrue();
            assertThat(disabled.at("/toggle/by").asText())
                    .isEqualTo(stack.settings().approver());
            assertThat(disabled.at("/toggle/comment").asText()).isEqualTo("restarts hide the CPU leak");

            browser.navigate().refresh();
            awaitText(row, "Disabled by " + stack.settings().approver());
            toggleWithComment(row, "the leak is fixed");
            awaitText(row, "Enabled by " + stack.settings().approver());
            assertThat(runbookEntry(LEARNED).get("disabled").asBoolean()).isFalse();
        }

        private void toggleWithComment(By row, String comment) {
            browser.findElement(row)
                    .findElement(By.cssSelector("input.toggle-comment"))
                    .sendKeys(comment);
            browser.findElement(row)
                    .findElement(By.cssSelector("button.toggle"))
                    .click();
        }

        @Test
        void itsRoutesRefuseAMissingTokenAMissingCommentAndAnUnknownEntry() {
            String token = stack.settings().approverToken();
            String unknown = "/runbook/" + URLEncoder.encode("NoSuchAlert#nowhere#RESTART", StandardCharsets.UTF_8);
            String why = "{\"comment\":\"why\"}";
            assertThat(api("GET", "/runbook", null, null).status()).isEqualTo(401);
            assertThat(api("GET", "/stats", null, null).status()).isEqualTo(401);
            assertThat(api("POST", unknown + "/disable", null, why).status()).isEqualTo(401);
            assertThat(api("POST", unknown + "/disable", token, "{}").status()).isEqualTo(400);
            assertThat(api("POST", unknown + "/disable", token, why).status()).isEqualTo(404);
            assertThat(api("GET", "/stats?days=91", token, null).status()).isEqualTo(400);
            assertThat(api("GET", "/stats?days=3", token, null).json().get("perDay"))
                    .hasSize(3);
        }
    }

    @Nested
    class TheAnalyticsPage {

        @Test
        void drawsItsChartsAfterIncidentsWithNoErrorOrCspViolation() {
            approvedAndResolved("CPU above 80% for 5 s, for the analytics");
            signInAsApprover();
            watchForProblems();
            browser.findElement(By.id("nav-analytics")).click();
            awaitText(By.id("analytics-summary"), "Model calls saved by the runbook");
            for (String chart : List.of("mttr", "outcomes", "services", "sources", "budgets")) {
                assertThat(browser.findElements(By.cssSelector("#chart-" + chart + " .uplot canvas")))
                        .as(chart)
                        .isNotEmpty();
            }
            assertThat((Boolean) browser.executeScript("return [...document.querySelectorAll('.uplot canvas')]"
                            + ".every(c => c.width > 0 && c.height > 0)"))
                    .as("every chart's canvas has a size")
                    .isTrue();
            assertThat(browser.findElement(By.id("chart-mttr")).getText()).contains("p50", "p95");
            assertThat(browser.findElement(By.id("chart-budgets")).getText()).contains("budget", "used");
            assertThat(browser.findElement(By.id("analytics-summary")).getText())
                    .containsPattern("[1-9][0-9]* incidents opened in 14 days")
                    .containsPattern("Budgets: buggy-app [1-9][0-9]*/[0-9]+ in [0-9]+ min");
            browser.manage().window().setSize(new Dimension(1280, 720));
            try {
                awaitText(By.id("analytics-status"), "updated");
                screenshot("analytics");
            } finally {
                browser.manage().window().setSize(new Dimension(1280, 900));
            }
            assertThat(problems()).as("errors and CSP violations in the page").isEmpty();
            assertThat(severeConsoleLines()).as("the browser's console").isEmpty();
        }
    }

    @Nested
    class TheNavigation {

        @Test
        void reachesEveryPageAndFitsAPhoneAndA1280By720Screen() {
            signInAsApprover();
            for (Dimension size : List.of(new Dimension(390, 844), new Dimension(1280, 720))) {
                browser.manage().window().setSize(size);
                try {
                    browser.get(stack.consoleUrl() + "#/");
                    await(By.id("incidents"));
                    String suffix = size.getWidth() < 640 ? "-phone" : "-1280";
                    browser.findElement(By.id("nav-runbook")).click();
                    awaitText(By.id("runbook-status"), "updated");
                    assertThat(pageWiderThanScreen())
                            .as("the runbook at " + size)
                            .isFalse();
                    assertThat(browser.findElement(By.id("nav-runbook")).getDomAttribute("aria-current"))
                            .isEqualTo("page");
                    screenshot("runbook" + suffix);
                    browser.findElement(By.id("nav-analytics")).click();
                    awaitText(By.id("analytics-status"), "updated");
                    assertThat(pageWiderThanScreen())
                            .as("the analytics at " + size)
                            .isFalse();
                    screenshot("analytics" + suffix);
                    browser.findElement(By.id("nav-incidents")).click();
                    await(By.id("incidents"));
                    assertThat(pageWiderThanScreen()).as("the board at " + size).isFalse();
                } finally {
                    browser.manage().window().setSize(new Dimension(1280, 900));
                }
            }
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
            String id = cpuAlertAwaitingApproval();
            signInAsApprover();
            browser.get(stack.consoleUrl() + "#/incidents/" + id);
            await(By.id("approval-comment")).sendKeys("restart it, from the console");
            screenshot("approval");
            browser.findElement(By.id("approve")).click();
            awaitText(
                    By.id("approval-result"), "Approved by " + stack.settings().approver());

            Incident closed = resolvedByOneRestart(id);
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
