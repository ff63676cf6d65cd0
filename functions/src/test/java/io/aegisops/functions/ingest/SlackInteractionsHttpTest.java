package io.aegisops.functions.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.aegisops.contracts.Action;
import io.aegisops.contracts.ApprovalRecord;
import io.aegisops.contracts.Diagnosis;
import io.aegisops.contracts.DiagnosisSource;
import io.aegisops.contracts.Incident;
import io.aegisops.contracts.Json;
import io.aegisops.contracts.TimelineEntry;
import io.aegisops.functions.config.EnvSecretSource;
import io.aegisops.functions.ingest.IngestStack.Response;
import io.aegisops.functions.notify.SlackMessage;
import io.aegisops.testsupport.DynamoDbExtension;
import io.aegisops.testsupport.LocalDynamoDb;
import io.aegisops.testsupport.LogCapture;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * HTTP + the DynamoDB engine: Slack's Approve and Reject buttons, as Slack posts them (form-encoded
 * {@code payload=}, signed {@code v0}), decide through the single-use approval path, and the message is updated
 * through the interaction's {@code response_url}, served by a fake Slack. A forged or stale request, a replay, an
 * unknown Slack user and a decision above the approver's clearance change nothing: the incident and its waiting task
 * stay as they were.
 */
@ExtendWith(DynamoDbExtension.class)
class SlackInteractionsHttpTest {

    static final String SIGNING_SECRET = "slack-signing-secret-for-tests-01";
    static final String ANA = "U01ANA";
    static final String BOB = "U02BOB";

    /** Slack's side: where response_url posts land. */
    static final class FakeSlack implements AutoCloseable {
        final HttpServer server;
        final List<JsonNode> responses = new CopyOnWriteArrayList<>();

        FakeSlack() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/actions/", exchange -> {
                responses.add(Json.mapper().readTree(exchange.getRequestBody().readAllBytes()));
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
        }

        String responseUrl() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/actions/T0AEGIS/1234/abcdef";
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /** One button press as Slack sends it: the raw form body and its headers. */
    record Press(String body, Map<String, String> headers) {}

    @RegisterExtension
    final LogCapture logs = LogCapture.everything();

    private final LocalDynamoDb dynamo;
    private final IngestStack stack;
    private final FakeSlack slack = new FakeSlack();

    SlackInteractionsHttpTest(LocalDynamoDb dynamo) throws IOException {
        this.dynamo = dynamo;
        this.stack = new IngestStack(
                dynamo,
                new EnvSecretSource(Map.of(
                        Credentials.WEBHOOK_TOKENS,
                        IngestStack.WEBHOOK_TOKEN,
                        Credentials.APPROVER_TOKENS,
                        "ana:" + IngestStack.ALICE_TOKEN,
                        Approvers.APPROVERS,
                        "ana:team-lead:critical:" + ANA + ", bob:junior:medium:" + BOB,
                        Credentials.SLACK_SIGNING_SECRET,
                        SIGNING_SECRET)));
        stack.clear();
    }

    @AfterEach
    void stop() {
        stack.close();
        slack.close();
    }

    /** An incident of {@code severity} waiting for approval of a RESTART, as RequestApproval leaves it. */
    private String awaitingApproval(String severity, String taskToken) {
        String id = stack.awaitingApproval(severity, taskToken);
        stack.store.update(
                id,
                i -> i.toBuilder()
                        .diagnosis(new Diagnosis(
                                "heap exhausted",
                                Action.RESTART,
                                0.7,
                                "OOM in the logs",
                                List.of(),
                                DiagnosisSource.RULES,
                                null,
                                3))
                        .build());
        return id;
    }

    private Press press(String slackUser, String actionId, String incidentId, Instant at) {
        ObjectNode payload = Json.mapper().createObjectNode();
        payload.put("type", "block_actions");
        payload.putObject("user")
                .put("id", slackUser)
                .put("username", "someone")
                .put("team_id", "T0AEGIS");
        payload.put("api_app_id", "A0AEGIS");
        payload.put("trigger_id", "1234.5678.abcdef");
        payload.put("response_url", slack.responseUrl());
        ObjectNode message = payload.putObject("message");
        message.put("text", "Approval needed: RESTART buggy-app");
        message.putArray("blocks")
                .add(Json.mapper().createObjectNode().put("type", "header").put("block_id", "facts"))
                .add(Json.mapper()
                        .createObjectNode()
                        .put("type", "actions")
                        .put("block_id", SlackMessage.DECISION_BLOCK));
        payload.putArray("actions")
                .addObject()
                .put("type", "button")
                .put("block_id", SlackMessage.DECISION_BLOCK)
                .put("action_id", actionId)
                .put("value", incidentId)
                .put("action_ts", "1765000000.000100");
        return signed("payload=" + URLEncoder.encode(Json.write(payload), StandardCharsets.UTF_8), at);
    }

    /** {@code body} with the headers Slack sends, signed with the signing secret at {@code at}. */
    private static Press signed(String body, Instant at) {
        String timestamp = Long.toString(at.getEpochSecond());
        return new Press(
                body,
                Map.of(
                        "Content-Type",
                        "application/x-www-form-urlencoded",
                        "X-Slack-Request-Timestamp",
                        timestamp,
                        "X-Slack-Signature",
                        SlackSignature.sign(
                                SIGNING_SECRET.getBytes(StandardCharsets.UTF_8),
                                timestamp,
                                body.getBytes(StandardCharsets.UTF_8))));
    }

    private Press press(String slackUser, String actionId, String incidentId) {
        return press(slackUser, actionId, incidentId, stack.clock.instant());
    }

    private Response send(Press press) {
        return stack.call("POST", "/slack/interactions", press.headers(), press.body());
    }

    /** The incident exactly as it was, its task still waiting with its token in place and never answered. */
    private void assertNothingChanged(String id, Incident before, String taskToken) {
        assertThat(stack.incident(id)).isEqualTo(before);
        assertThat(stack.sfn.taskAnswers()).isEmpty();
        assertThat(stack.store.takeApprovalToken(id)).contains(taskToken);
    }

    private static String clockTime(Instant at) {
        return DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC).format(at);
    }

    @Nested
    class ASignedPress {
        @Test
        void approvesExactlyOnceAndReplacesTheMessage() {
            String id = awaitingApproval("critical", "task-approve");

            Response response = send(press(ANA, SlackMessage.APPROVE_ACTION, id));

            assertThat(response.status()).isEqualTo(200);
            assertThat(stack.sfn.taskAnswers()).singleElement().satisfies(answer -> {
                assertThat(answer.taskToken()).isEqualTo("task-approve");
                assertThat(Fixtures.parse(answer.output()))
                        .isEqualTo(Fixtures.parse(
                                "{\"approved\":true,\"approver\":\"ana\",\"role\":\"team-lead\",\"comment\":null}"));
            });
            TimelineEntry decision = stack.incident(id).timeline().getLast();
            assertThat(decision.stage()).isEqualTo("APPROVED");
            assertThat(decision.detail()).isEqualTo("by ana (team-lead) via Slack");
            assertThat(decision.approval())
                    .isEqualTo(new ApprovalRecord("ana", "team-lead", ApprovalRecord.VIA_SLACK, null));
            String decided = "✅ Approved by <@" + ANA + "> (ana, team-lead) at " + clockTime(stack.clock.instant())
                    + " UTC — restarting buggy-app unless it recovered";
            assertThat(slack.responses).singleElement().satisfies(update -> {
                assertThat(update.get("replace_original").asBoolean()).isTrue();
                assertThat(update.get("text").asText()).isEqualTo(decided);
                // the message's facts stay; its buttons give way to the decision
                assertThat(update.get("blocks"))
                        .extracting(block -> block.path("block_id").asText(""))
                        .containsExactly("facts", "");
                assertThat(update.at("/blocks/1/text/text").asText()).isEqualTo(decided);
            });
        }

        @Test
        void neitherTheResponseUrlNorTheSigningSecretIsLogged() {
            String id = awaitingApproval("critical", "task-logged");

            send(press(ANA, SlackMessage.APPROVE_ACTION, id));
            send(press("U09STRANGER", SlackMessage.APPROVE_ACTION, id));

            assertThat(logs.events("approval.decided")).hasSize(1);
            assertThat(logs.text()).doesNotContain("/actions/T0AEGIS", SIGNING_SECRET, "task-logged");
        }

        @Test
        void aRejectionRejectsAndSaysTheServiceIsLeftAlone() {
            String id = awaitingApproval("warning", "task-reject");

            Response response = send(press(BOB, SlackMessage.REJECT_ACTION, id));

            assertThat(response.status()).isEqualTo(200);
            assertThat(Fixtures.parse(stack.sfn.taskAnswers().getFirst().output())
                            .get("approved")
                            .asBoolean())
                    .isFalse();
            assertThat(stack.incident(id).timeline().getLast().stage()).isEqualTo("REJECTED");
            assertThat(slack.responses.getFirst().get("text").asText())
                    .startsWith("🚫 Rejected by <@" + BOB + "> (bob, junior)")
                    .endsWith("buggy-app is left as it is");
        }

        @Test
        void aReplayRunsNothingTwiceAndSaysItWasAlreadyDecided() {
            String id = awaitingApproval("critical", "task-replay");
            Press press = press(ANA, SlackMessage.APPROVE_ACTION, id);
            send(press);
            Incident decided = stack.incident(id);

            stack.clock.advance(Duration.ofSeconds(30));
            Response replay = send(press);
            Response secondClick = send(press(BOB, SlackMessage.REJECT_ACTION, id));

            assertThat(replay.status()).isEqualTo(200);
            assertThat(stack.sfn.taskAnswers()).hasSize(1);
            assertThat(stack.incident(id)).isEqualTo(decided);
            assertThat(replay.body().get("response_type").asText()).isEqualTo("ephemeral");
            assertThat(replay.body().get("text").asText())
                    .startsWith("Already decided: approved by ana (team-lead) at ")
                    .endsWith("Nothing was done again.");
            // the update, then the replay's and the second click's answers to the clicker alone
            assertThat(slack.responses).hasSize(3);
            assertThat(slack.responses.subList(1, 3))
                    .allSatisfy(told ->
                            assertThat(told.get("replace_original").asBoolean()).isFalse());
            // bob is cleared up to medium only: a critical incident is not his, decided or not
            assertThat(secondClick.body().get("text").asText()).startsWith("Not yours to decide");
        }
    }

    @Nested
    class Refused {
        @Test
        void aWrongSignatureIs401AndChangesNothing() {
            String id = awaitingApproval("critical", "task-forged");
            Incident before = stack.incident(id);
            Press genuine = press(ANA, SlackMessage.APPROVE_ACTION, id);
            Map<String, String> forged = new java.util.HashMap<>(genuine.headers());
            forged.put(
                    "X-Slack-Signature",
                    SlackSignature.sign(
                            "not-the-signing-secret-000000001".getBytes(StandardCharsets.UTF_8),
                            genuine.headers().get("X-Slack-Request-Timestamp"),
                            genuine.body().getBytes(StandardCharsets.UTF_8)));

            Response response = send(new Press(genuine.body(), forged));

            assertThat(response.status()).isEqualTo(401);
            assertThat(slack.responses).isEmpty();
            assertNothingChanged(id, before, "task-forged");
        }

        @Test
        void aTamperedBodyIs401AndChangesNothing() {
            String id = awaitingApproval("critical", "task-tampered");
            Incident before = stack.incident(id);
            Press genuine = press(ANA, SlackMessage.REJECT_ACTION, id);

            Response response = send(new Press(
                    genuine.body().replace(SlackMessage.REJECT_ACTION, SlackMessage.APPROVE_ACTION),
                    genuine.headers()));

            assertThat(response.status()).isEqualTo(401);
            assertNothingChanged(id, before, "task-tampered");
        }

        @Test
        void aStaleTimestampIs401AndChangesNothing() {
            String id = awaitingApproval("critical", "task-stale");
            Incident before = stack.incident(id);

            Response response = send(press(
                    ANA, SlackMessage.APPROVE_ACTION, id, stack.clock.instant().minus(Duration.ofMinutes(6))));

            assertThat(response.status()).isEqualTo(401);
            assertThat(response.body().get("message").asText()).contains("timestamp");
            assertThat(slack.responses).isEmpty();
            assertNothingChanged(id, before, "task-stale");
        }

        @Test
        void anUnknownSlackUserIsToldAloneAndChangesNothing() {
            String id = awaitingApproval("low", "task-stranger");
            Incident before = stack.incident(id);

            Response response = send(press("U09STRANGER", SlackMessage.APPROVE_ACTION, id));

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body().get("response_type").asText()).isEqualTo("ephemeral");
            assertThat(response.body().get("text").asText())
                    .contains("U09STRANGER")
                    .contains("not a configured approver");
            assertThat(slack.responses)
                    .singleElement()
                    .satisfies(told ->
                            assertThat(told.get("replace_original").asBoolean()).isFalse());
            assertNothingChanged(id, before, "task-stranger");
        }

        @Test
        void aDecisionAboveTheApproversClearanceSaysWhoMayAndChangesNothing() {
            String id = awaitingApproval("critical", "task-junior");
            Incident before = stack.incident(id);

            Response response = send(press(BOB, SlackMessage.APPROVE_ACTION, id));

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body().get("response_type").asText()).isEqualTo("ephemeral");
            assertThat(response.body().get("text").asText())
                    .isEqualTo("Not yours to decide: bob (junior) may decide incidents up to MEDIUM; " + id
                            + " is CRITICAL: ana (team-lead) may decide it.");
            assertNothingChanged(id, before, "task-junior");
        }

        @Test
        void aSignedRequestThatIsNotOneOfOurButtonsChangesNothing() {
            String id = awaitingApproval("low", "task-other");
            Incident before = stack.incident(id);
            Response otherAction = send(press(ANA, "some_other_app_action", id));
            Response malformed = send(signed("payload=%7Bnot-json", stack.clock.instant()));

            assertThat(otherAction.status()).isEqualTo(200);
            assertThat(otherAction.body().get("response_type").asText()).isEqualTo("ephemeral");
            assertThat(malformed.status()).isEqualTo(400);
            assertNothingChanged(id, before, "task-other");
        }

        @Test
        void withoutASigningSecretEveryPressIs401() {
            try (IngestStack unconfigured = new IngestStack(dynamo)) {
                unconfigured.clear();
                Press press = press(ANA, SlackMessage.APPROVE_ACTION, "inc-any");

                Response response = unconfigured.call("POST", "/slack/interactions", press.headers(), press.body());

                assertThat(response.status()).isEqualTo(401);
                assertThat(response.body().get("message").asText()).contains("not configured");
            }
        }
    }
}
