package io.aegisops.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisops.local.client.AegisClient;
import io.aegisops.local.stack.EmbeddedStack;
import io.aegisops.local.stack.StackOptions;
import io.aegisops.testsupport.RequiresBrowser;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The console's Agents page in a headless Chromium against the embedded stack: the stack's own edge agent shows up
 * live with what it reported, and once it is killed it is marked stale in words. The stack's agent polls the table
 * (no doorbell) and reports every second, and the API calls an agent stale after 4 s, so that stopping shows within
 * seconds; the defaults are 240 s and 10 minutes. Its own stack: the test kills the agent. And a notification's
 * execution link (on AWS, {@code AEGIS_CONSOLE_URL} is the console's {@code #/executions/}) opens the incident.
 */
@RequiresBrowser
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleAgentsBrowserEndToEndTest {

    private static final Duration PAGE = Duration.ofSeconds(20);

    private EmbeddedStack stack;
    private ChromeDriver browser;

    @BeforeAll
    void start() {
        stack = TestStack.start(
                "console-agents",
                StackOptions.AppRuntime.PROCESS,
                Map.of(
                        "AEGIS_WEBHOOK_URL", "",
                        "AEGIS_DOORBELL_QUEUE_PREFIX", "",
                        "AEGIS_LIVENESS_SECONDS", "1",
                        "AEGIS_AGENT_STALE_SECONDS", "4"));
        browser = Chromium.start();
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (stack != null) {
            stack.close();
        }
    }

    private By row() {
        return By.cssSelector("tr[data-host='" + stack.settings().hostId() + "']");
    }

    private void signIn() {
        Chromium.signedOut(browser, stack.consoleUrl());
        Chromium.signIn(browser, stack.settings().approverToken(), PAGE);
        Chromium.await(browser, By.id("incidents"), PAGE);
    }

    @Test
    void aNotificationsExecutionLinkOpensItsIncidentsPage() {
        AegisClient.Answer answer;
        try (AegisClient client = stack.client()) {
            answer = client.postAlert("""
                {"incident_id":"link-%s","status":"firing","alert_type":"LinkCheck","severity":"low",
                 "service":"buggy-app","container_name":"buggy-app","summary":"an execution link","timestamp":"%s"}""".formatted(UUID.randomUUID(), Instant.now()));
        }
        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        String incidentId = answer.json().get("incidentId").asText();
        String executionArn = answer.json().get("executionArn").asText();
        signIn();

        // what Notify links to: AEGIS_CONSOLE_URL (the console's #/executions/) + the URL-encoded execution ARN
        browser.get(stack.consoleUrl() + "#/executions/" + URLEncoder.encode(executionArn, StandardCharsets.UTF_8));

        Awaitility.await("the incident's page")
                .atMost(PAGE)
                .ignoreExceptions()
                .until(() -> browser.findElement(By.tagName("h1")).getText(), incidentId::equals);
    }

    @Test
    void theStacksAgentShowsLiveAndIsMarkedStaleOnceItStopsReporting() {
        signIn();
        browser.findElement(By.id("nav-agents")).click();

        Chromium.awaitText(browser, row(), "LIVE", PAGE);
        WebElement live = browser.findElement(row());
        assertThat(live.getText()).contains("process").doesNotContain("STALE");
        assertThat(live.findElement(By.className("liveness")).getText()).isEqualTo("LIVE");
        assertThat(live.getAttribute("class")).doesNotContain("stale");
        assertThat(browser.getCurrentUrl()).endsWith("#/agents");
        Chromium.screenshot(browser, "agents");

        stack.killAgent();

        Chromium.awaitText(browser, row(), "STALE", PAGE);
        WebElement stale = browser.findElement(row());
        assertThat(stale.findElement(By.className("liveness")).getText()).startsWith("STALE: silent ");
        assertThat(stale.getAttribute("class")).contains("stale");
        Chromium.screenshot(browser, "agents-stale");
    }
}
