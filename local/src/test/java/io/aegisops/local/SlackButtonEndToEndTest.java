package io.aegisops.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aegisops.contracts.CommandType;
import io.aegisops.contracts.Incident;
import io.aegisops.contracts.IncidentStatus;
import io.aegisops.contracts.Json;
import io.aegisops.contracts.TimelineEntry;
import io.aegisops.contracts.TimelineStage;
import io.aegisops.functions.ingest.SlackSignature;
import io.aegisops.functions.notify.SlackMessage;
import io.aegisops.local.client.AegisClient;
import io.aegisops.local.notify.NotificationInbox;
import io.aegisops.local.stack.EmbeddedStack;
import io.aegisops.local.stack.StackOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * The embedded stack with Slack's interactivity configured: the approval request in its Slack inbox carries Approve
 * and Reject buttons; a press signed as Slack signs is answered on the same REST API, a junior's is refused, the
 * on-call's approves, the pipeline restarts the service once and verifies it, and the message is replaced through
 * the press's {@code response_url} (served by the stack's Slack inbox); a replay changes nothing.
 */
class SlackButtonEndToEndTest {

    private static final String SIGNING_SECRET = "local-slack-signing-secret-0001";
    private static final String ADMIN = "U01ADMIN";
    private static final String JUNIOR = "U02JUNIOR";

    private final HttpClient http = HttpClient.newHttpClient();

    private record Answer(int status, JsonNode body) {}

    private Answer press(EmbeddedStack stack, String slackUser, String actionId, String incidentId) throws Exception {
        ObjectNode payload = Json.mapper().createObjectNode();
        payload.put("type", "block_actions");
        payload.putObject("user").put("id", slackUser);
        payload.put("response_url", stack.endpoint() + "/_aegis/slack/actions/T0LOCAL/1/" + slackUser);
        payload.putArray("actions")
                .addObject()
                .put("type", "button")
                .put("action_id", actionId)
                .put("value", incidentId);
        String body = "payload=" + URLEncoder.encode(Json.write(payload), StandardCharsets.UTF_8);
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(stack.endpoint() + "/slack/interactions"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("X-Slack-Request-Timestamp", timestamp)
                        .header(
                                "X-Slack-Signature",
                                SlackSignature.sign(
                                        SIGNING_SECRET.getBytes(StandardCharsets.UTF_8),
                                        timestamp,
                                        body.getBytes(StandardCharsets.UTF_8)))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), Json.mapper().readTree(response.body()));
    }

    /** The approve button of the approval request the stack's Slack inbox received for {@code incidentId}. */
    private static Optional<JsonNode> approveButton(EmbeddedStack stack, String incidentId) {
        return stack.notifications().stream()
                .map(NotificationInbox.Notification::body)
                .flatMap(message -> StreamSupport.stream(message.path("blocks").spliterator(), false))
                .filter(block -> block.path("block_id").asText().equals("aegis_approval"))
                .flatMap(block -> StreamSupport.stream(block.path("elements").spliterator(), false))
                .filter(button -> button.path("action_id").asText().equals(SlackMessage.APPROVE_ACTION))
                .filter(button -> button.path("value").asText().equals(incidentId))
                .findFirst();
    }

    private static List<JsonNode> responses(EmbeddedStack stack) {
        return stack.notifications().stream()
                .filter(n -> n.path().startsWith("/_aegis/slack/actions/"))
                .map(NotificationInbox.Notification::body)
                .toList();
    }

    private static String alert(EmbeddedStack stack, Path stateDir) {
        stack.connectionInfo().write(stateDir);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        int exit = AegisLocal.run(
                new String[] {
                    "alert", "--type", "HighCpuUsage", "--severity", "MEDIUM", "--state-dir", stateDir.toString()
                },
                print,
                print,
                Map.of());
        String output = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(output).isZero();
        Matcher id = Pattern.compile("inc-generic-\\w{32}").matcher(output);
        assertThat(id.find()).as(output).isTrue();
        return id.group();
    }

    @Test
    void anApprovalPressedInSlackRestartsTheServiceOnceAndReplacesTheMessage() throws Exception {
        StackOptions options = TestStack.options(
                "slack-button",
                StackOptions.AppRuntime.PROCESS,
                Map.of(
                        "AEGIS_SLACK_SIGNING_SECRET",
                        SIGNING_SECRET,
                        "AEGIS_APPROVERS",
                        "local-admin:team-lead:critical:" + ADMIN + ", intern:junior:low:" + JUNIOR));
        try (EmbeddedStack stack = EmbeddedStack.start(options);
                AegisClient client = stack.client()) {
            // a real CPU fault (one busy thread): the re-check at approval must find the target still busy
            assertThat(client.post(stack.settings().appUrl().resolve("/faults/cpu?threads=1&seconds=300"))
                            .status())
                    .isEqualTo(202);
            String id = alert(stack, options.stateDir());
            TestStack.await(
                    "approval to be requested",
                    Duration.ofSeconds(60),
                    () -> client.incident(id).filter(i -> i.status() == IncidentStatus.AWAITING_APPROVAL));
            JsonNode button = TestStack.await(
                    "the approval request's buttons in Slack", Duration.ofSeconds(10), () -> approveButton(stack, id));

            Answer junior = press(
                    stack,
                    JUNIOR,
                    SlackMessage.APPROVE_ACTION,
                    button.path("value").asText());
            assertThat(junior.status()).isEqualTo(200);
            assertThat(junior.body().path("text").asText())
                    .startsWith("Not yours to decide: intern (junior) may decide incidents up to LOW;")
                    .endsWith("local-admin (team-lead) may decide it.");
            assertThat(client.incident(id).orElseThrow().status()).isEqualTo(IncidentStatus.AWAITING_APPROVAL);

            Answer admin = press(
                    stack,
                    ADMIN,
                    SlackMessage.APPROVE_ACTION,
                    button.path("value").asText());
            assertThat(admin.status()).isEqualTo(200);
            assertThat(admin.body().path("replace_original").asBoolean()).isTrue();
            Incident closed = TestStack.awaitClosed(client, id, Duration.ofSeconds(60));
            Answer replay = press(stack, ADMIN, SlackMessage.APPROVE_ACTION, id);

            assertThat(closed.status()).isEqualTo(IncidentStatus.RESOLVED);
            List<TimelineEntry> approvals = closed.timeline().stream()
                    .filter(e -> e.is(TimelineStage.APPROVED))
                    .toList();
            assertThat(approvals).singleElement().satisfies(entry -> {
                assertThat(entry.approval().approver()).isEqualTo("local-admin");
                assertThat(entry.approval().role()).isEqualTo("team-lead");
                assertThat(entry.approval().via()).isEqualTo("slack");
            });
            assertThat(closed.commandResults())
                    .filteredOn(result -> result.type() == CommandType.RESTART)
                    .hasSize(1);
            assertThat(replay.body().path("text").asText()).startsWith("Already decided: approved by local-admin");
            assertThat(client.incident(id).orElseThrow()).isEqualTo(closed);
            assertThat(responses(stack))
                    .extracting(r -> r.path("text").asText())
                    .hasSize(3)
                    .anySatisfy(text -> assertThat(text)
                            .startsWith("✅ Approved by <@" + ADMIN + "> (local-admin, team-lead) at ")
                            .endsWith(" UTC — restarting buggy-app unless it recovered"));
        }
    }
}
