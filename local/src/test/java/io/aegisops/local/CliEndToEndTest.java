package io.aegisops.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aegisops.contracts.Incident;
import io.aegisops.contracts.IncidentStatus;
import io.aegisops.contracts.Json;
import io.aegisops.local.client.AegisClient;
import io.aegisops.local.client.ConnectionInfo;
import io.aegisops.local.stack.EmbeddedStack;
import io.aegisops.local.stack.StackOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The command line against a running stack, as {@code aegis up} leaves it: an alert sent with
 * {@code aegis alert}, followed with {@code incidents}, {@code incident} and {@code trace} (as text and as JSON), decided with
 * {@code approve}; and a stack restarted on the same {@code --data-dir}, which keeps its incidents and
 * credentials and escalates the incident it left waiting.
 */
class CliEndToEndTest {

    private record Cli(int exitCode, String output) {}

    private Path stateDir;

    private Cli aegis(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--state-dir", stateDir.toString()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = AegisLocal.run(
                all.toArray(String[]::new),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                Map.of());
        Cli cli = new Cli(exit, out.toString(StandardCharsets.UTF_8));
        System.out.println("$ aegis " + String.join(" ", args) + "\n" + cli.output());
        return cli;
    }

    /** The command succeeded and printed JSON, nothing else. */
    private static JsonNode json(Cli cli) throws IOException {
        assertThat(cli.exitCode()).as(cli.output()).isZero();
        return Json.mapper().readTree(cli.output());
    }

    private static String incidentIdIn(String output) {
        Matcher m = Pattern.compile("inc-generic-\\w{32}").matcher(output);
        assertThat(m.find()).as(output).isTrue();
        return m.group();
    }

    private EmbeddedStack up(StackOptions options) {
        EmbeddedStack stack = EmbeddedStack.start(options);
        stack.connectionInfo().write(options.stateDir());
        return stack;
    }

    @Test
    void followAndDecideIncidentsAcrossARestartOnTheSameDataDirectory() throws Exception {
        StackOptions options = TestStack.options("cli", StackOptions.AppRuntime.PROCESS, Map.of());
        stateDir = options.stateDir();
        Path dataDir = Files.createDirectories(stateDir.resolve("data"));
        options = new StackOptions(options.home(), stateDir, 0, dataDir, options.runtime(), options.overrides());

        String waiting;
        ConnectionInfo first;
        try (EmbeddedStack stack = up(options);
                AegisClient client = stack.client()) {
            first = ConnectionInfo.read(stateDir);
            Cli sent = aegis(
                    "alert",
                    "--type",
                    "HighCpuUsage",
                    "--service",
                    "buggy-app",
                    "--severity",
                    "MEDIUM",
                    "--summary",
                    "CPU above 80% for 5 s");
            assertThat(sent.exitCode()).isZero();
            assertThat(sent.output()).startsWith("202 ");
            waiting = incidentIdIn(sent.output());
            TestStack.await(
                    "approval to be requested",
                    Duration.ofSeconds(60),
                    () -> client.incident(waiting).filter(i -> i.status() == IncidentStatus.AWAITING_APPROVAL));

            Cli listed = aegis("incidents", "--status", "awaiting_approval");
            assertThat(listed.output())
                    .contains(waiting)
                    .contains("AWAITING_APPROVAL")
                    .contains("HighCpuUsage (MEDIUM)");
            JsonNode listedJson = json(aegis("incidents", "--status", "awaiting_approval", "--json"));
            assertThat(listedJson.isArray()).isTrue();
            assertThat(listedJson.findValuesAsText("incidentId")).containsExactly(waiting);
            Cli shown = aegis("incident", waiting.substring(0, 20));
            assertThat(shown.exitCode()).isZero();
            assertThat(shown.output())
                    .contains(waiting + "   AWAITING_APPROVAL")
                    .containsPattern("diagnosis +RULES says RESTART \\(confidence 0\\.70\\)")
                    .containsPattern("decision +APPROVAL");
            Incident shownJson = Json.mapper()
                    .treeToValue(json(aegis("incident", waiting.substring(0, 20), "--json")), Incident.class);
            assertThat(shownJson.incidentId()).isEqualTo(waiting);
            assertThat(shownJson.status()).isEqualTo(IncidentStatus.AWAITING_APPROVAL);
            assertThat(shownJson.diagnosis().confidence()).isEqualTo(0.70);
        } // the stack stops while the incident waits for a human

        try (EmbeddedStack stack = up(options);
                AegisClient client = stack.client()) {
            assertThat(stack.strandedIncidents()).containsExactly(waiting);
            ConnectionInfo second = ConnectionInfo.read(stateDir);
            assertThat(second.webhookToken()).isEqualTo(first.webhookToken());
            assertThat(second.approverToken()).isEqualTo(first.approverToken());

            Cli stranded = aegis("incident", waiting);
            assertThat(stranded.output()).contains(waiting + "   ESCALATED").contains("STACK_RESTARTED");
            Cli gone = aegis("trace", waiting);
            assertThat(gone.exitCode()).isEqualTo(1);
            assertThat(gone.output()).contains("is gone");
            assertThat(aegis("trace", waiting, "--json").exitCode()).isEqualTo(1);
            assertThat(aegis("approve", waiting).exitCode()).isEqualTo(1);

            // the stranded incident released its marker: the next CPU alert is a new incident, decided by a human
            JsonNode sent = json(aegis("alert", "--type", "HighCpuUsage", "--severity", "MEDIUM", "--json"));
            assertThat(sent.path("status").asInt()).isEqualTo(202);
            String next = sent.path("response").findValuesAsText("incidentId").getFirst();
            assertThat(next).isNotEqualTo(waiting);
            TestStack.await(
                    "approval to be requested",
                    Duration.ofSeconds(60),
                    () -> client.incident(next).filter(i -> i.status() == IncidentStatus.AWAITING_APPROVAL));
            // nothing burns the CPU here, so only a forced approval restarts (the re-check would find it idle)
            Cli approved = aegis("approve", next, "--comment", "go ahead", "--force");
            assertThat(approved.exitCode()).isZero();
            assertThat(approved.output()).contains("approved " + next + " as local-admin (forced: no re-check)");
            TestStack.awaitClosed(client, next, Duration.ofSeconds(60));

            assertThat(aegis("incidents", "--status", "RESOLVED").output())
                    .contains(next)
                    .doesNotContain(waiting);
            Cli trace = aegis("trace", next);
            assertThat(trace.exitCode()).isZero();
            assertThat(trace.output())
                    .contains("status     SUCCEEDED")
                    .containsPattern("RequestApproval +Task +\\d+ ms +approved by local-admin \\(\"go ahead\"\\)")
                    .containsPattern("Remediate +Task +\\d+ ms +restarted")
                    .containsPattern("RemedySawItHealthy +Pass +\\d+ ms +attempt 1: healthy")
                    .containsPattern("Done +Succeed");
            JsonNode traced = json(aegis("trace", next, "--json"));
            assertThat(traced.path("status").asText()).isEqualTo("SUCCEEDED");
            assertThat(traced.path("states").findValuesAsText("name"))
                    .contains("RequestApproval", "Remediate", "RemedySawItHealthy", "Done")
                    .doesNotContain("RecheckAtApproval");
        }
    }

    @Test
    void whatAnAlertSenderWroteCannotDriveTheTerminal() throws Exception {
        StackOptions options = TestStack.options("cli-hostile", StackOptions.AppRuntime.PROCESS, Map.of());
        stateDir = options.stateDir();
        String hostile = "evil\u001b[2J\u001b]0;owned\u0007\u009b1m\u202eesrever";
        try (EmbeddedStack stack = up(options);
                AegisClient client = stack.client()) {
            ObjectNode alert = Json.mapper()
                    .createObjectNode()
                    .put("container_name", hostile)
                    .put("service", hostile)
                    .put("alert_type", "Crash\rFORGED")
                    .put("summary", "line one\u001b[1A\u001b[2Kline two")
                    .put("timestamp", "2026-11-21T03:12:45Z");
            assertThat(client.postAlert(Json.write(alert)).status()).isEqualTo(202);
            String id = incidentIdIn(aegis("incidents").output());

            for (Cli cli : List.of(aegis("incidents"), aegis("incident", id))) {
                assertThat(cli.exitCode()).isZero();
                assertThat(cli.output())
                        .doesNotContain("\u001b", "\u0007", "\u009b", "\u202e", "\r")
                        .contains("evil\\u001b[2J");
            }
        }
    }

    @Test
    void withoutARunningStackTheCliSaysHowToStartOne() throws Exception {
        stateDir = Files.createTempDirectory("aegis-cli-nothing");
        Cli cli = aegis("incidents");
        assertThat(cli.exitCode()).isEqualTo(1);
        assertThat(cli.output()).contains("no running stack").contains("./aegis up");
    }
}
