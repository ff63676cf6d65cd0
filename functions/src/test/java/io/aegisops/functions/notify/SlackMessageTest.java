package io.aegisops.functions.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.contracts.Action;
import io.aegisops.contracts.ContainerState;
import io.aegisops.contracts.Decision;
import io.aegisops.contracts.DecisionMode;
import io.aegisops.contracts.Diagnosis;
import io.aegisops.contracts.DiagnosisSource;
import io.aegisops.contracts.Evidence;
import io.aegisops.contracts.Incident;
import io.aegisops.contracts.IncidentStatus;
import io.aegisops.contracts.Json;
import io.aegisops.contracts.TimelineStage;
import io.aegisops.functions.pipeline.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Unit: each event becomes a Block Kit message carrying what the on-call engineer needs. */
class SlackMessageTest {

    static final NotifyLinks LINKS = new NotifyLinks(
            "https://us-east-1.console.aws.amazon.com/states/home?region=us-east-1#/v2/executions/details/",
            "https://api.example/prod");

    static Incident diagnosed(IncidentStatus status) {
        Incident i = Fixtures.received("inc-alertmanager-0123456789abcdef0123456789abcdef");
        return i.toBuilder()
                .status(status)
                .diagnosis(new Diagnosis(
                        "Memory exhaustion with password=hunter2 in the logs",
                        Action.RESTART,
                        0.9,
                        "heap",
                        List.of(),
                        DiagnosisSource.RULES,
                        null,
                        12))
                .decision(new Decision(DecisionMode.AUTO, List.of("RESTART is allowed for buggy-app"), false))
                .mttrMs(status == IncidentStatus.RESOLVED ? 42_500L : null)
                .build()
                .withEvent(Fixtures.NOW, TimelineStage.OUTCOME, status + ": healthy after restart");
    }

    static String text(JsonNode message) {
        return Json.write(message);
    }

    /** Every text Slack renders: the message's fallback and each text object's text. */
    static List<String> texts(JsonNode node) {
        List<String> found = new java.util.ArrayList<>();
        node.fields().forEachRemaining(field -> {
            if (field.getKey().equals("text") && field.getValue().isTextual()) {
                found.add(field.getValue().asText());
            } else if (field.getValue().isContainerNode()) {
                found.addAll(texts(field.getValue()));
            }
        });
        if (node.isArray()) {
            node.forEach(element -> found.addAll(texts(element)));
        }
        return found;
    }

    @ParameterizedTest
    @ValueSource(strings = {"DIAGNOSED", "AWAITING_APPROVAL", "RESOLVED", "FAILED", "ESCALATED", "NOOP", "REJECTED"})
    void everyEventCarriesIncidentTargetRootCauseActionConfidenceSourceAndLinks(String event) {
        JsonNode message = SlackMessage.of(Notification.of(event, diagnosed(IncidentStatus.DIAGNOSING), LINKS));

        assertThat(message.path("text").asText()).contains("buggy-app");
        assertThat(message.path("blocks").get(0).path("type").asText()).isEqualTo("header");
        String all = text(message);
        assertThat(all)
                .contains(
                        "inc-alertmanager-0123456789abcdef0123456789abcdef",
                        "buggy-app",
                        "Memory exhaustion",
                        "RESTART",
                        "90% via RULES",
                        "HighMemoryUsage (HIGH)");
        JsonNode buttons =
                message.path("blocks").get(message.path("blocks").size() - 1).path("elements");
        assertThat(buttons)
                .extracting(b -> b.path("url").asText())
                .containsExactly(
                        LINKS.consoleUrl()
                                + "arn%3Aaws%3Astates%3Aus-east-1%3A000000000000%3Aexecution%3Aaegis-pipeline%3Ainc-alertmanager-0123456789abcdef0123456789abcdef",
                        "https://api.example/prod/incidents/inc-alertmanager-0123456789abcdef0123456789abcdef");
    }

    @Test
    void secretsInFreeTextAreRedacted() {
        assertThat(text(SlackMessage.of(Notification.of("DIAGNOSED", diagnosed(IncidentStatus.DIAGNOSING), LINKS))))
                .doesNotContain("hunter2");
    }

    @Test
    void anApprovalRequestShowsTheApproveAndRejectCallsReadyToPaste() {
        JsonNode message = SlackMessage.of(
                Notification.of("AWAITING_APPROVAL", diagnosed(IncidentStatus.AWAITING_APPROVAL), LINKS));
        String url = "https://api.example/prod/incidents/inc-alertmanager-0123456789abcdef0123456789abcdef/approval";

        assertThat(message.path("text").asText()).contains("Approval needed");
        String section = texts(message).stream()
                .filter(t -> t.contains("curl"))
                .findFirst()
                .orElseThrow();
        // double quotes, so that the shell expands $APPROVER_TOKEN; the JSON body's quotes escaped inside them
        assertThat(section)
                .contains(
                        "```curl -X POST \"" + url + "\" -H \"Authorization: Bearer $APPROVER_TOKEN\""
                                + " -H \"Content-Type: application/json\" -d \"{\\\"decision\\\":\\\"APPROVE\\\",\\\"comment\\\":\\\"\\\"}\"\n"
                                + "curl -X POST \"" + url + "\" -H \"Authorization: Bearer $APPROVER_TOKEN\""
                                + " -H \"Content-Type: application/json\" -d \"{\\\"decision\\\":\\\"REJECT\\\",\\\"comment\\\":\\\"\\\"}\"```");
        assertThat(section).doesNotContain("'");
    }

    @Test
    void withInteractivityAnApprovalRequestHasApproveAndRejectButtonsCarryingOnlyTheIncidentId() {
        Incident awaiting = diagnosed(IncidentStatus.AWAITING_APPROVAL);

        JsonNode message = SlackMessage.of(Notification.of("AWAITING_APPROVAL", awaiting, LINKS), true);

        JsonNode decisions = java.util.stream.StreamSupport.stream(
                        message.path("blocks").spliterator(), false)
                .filter(block -> block.path("block_id").asText().equals("aegis_approval"))
                .findFirst()
                .orElseThrow()
                .path("elements");
        assertThat(decisions)
                .extracting(
                        b -> b.path("action_id").asText(),
                        b -> b.path("value").asText(),
                        b -> b.path("text").path("text").asText())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                SlackMessage.APPROVE_ACTION, awaiting.incidentId(), "Approve"),
                        org.assertj.core.groups.Tuple.tuple(
                                SlackMessage.REJECT_ACTION, awaiting.incidentId(), "Reject"));
        assertThat(decisions).allSatisfy(b -> assertThat(b.has("url")).isFalse());
    }

    @Test
    void withoutInteractivityOrForAnyOtherEventThereAreNoDecisionButtons() {
        JsonNode plain = SlackMessage.of(
                Notification.of("AWAITING_APPROVAL", diagnosed(IncidentStatus.AWAITING_APPROVAL), LINKS));
        JsonNode resolved =
                SlackMessage.of(Notification.of("RESOLVED", diagnosed(IncidentStatus.RESOLVED), LINKS), true);

        assertThat(text(plain)).doesNotContain(SlackMessage.APPROVE_ACTION);
        assertThat(text(resolved)).doesNotContain(SlackMessage.APPROVE_ACTION, SlackMessage.REJECT_ACTION);
    }

    @Test
    void aRollbackApprovalNamesTheImageItRollsBackTo() {
        Incident rollback = diagnosed(IncidentStatus.AWAITING_APPROVAL).toBuilder()
                .diagnosis(new Diagnosis(
                        "A bad release", Action.ROLLBACK, 0.9, "", List.of(), DiagnosisSource.RULES, null, 1))
                .evidence(new Evidence(
                        true,
                        new ContainerState("running", null, false, 0, null, Fixtures.NOW)
                                .withPreviousImage("aegisops/buggy-app:local"),
                        "",
                        null,
                        Fixtures.NOW))
                .build();

        JsonNode message = SlackMessage.of(Notification.of("AWAITING_APPROVAL", rollback, LINKS));

        assertThat(message.path("text").asText())
                .isEqualTo("✋ Approval needed: ROLLBACK buggy-app to aegisops/buggy-app:local");
        assertThat(texts(message)).contains("*Action*\nROLLBACK to aegisops/buggy-app:local");
    }

    /** Model output and alert text are data: Slack must never render them as links or mentions. */
    @Test
    void incidentTextIsEscapedSoItCannotLinkOrMention() {
        Incident hostile = diagnosed(IncidentStatus.DIAGNOSING).toBuilder()
                .diagnosis(new Diagnosis(
                        "<https://evil.example/approve|Approve here> <!channel> R&D",
                        Action.RESTART,
                        0.9,
                        "",
                        List.of(),
                        DiagnosisSource.LLM,
                        "m",
                        12))
                .alert(Fixtures.alert("buggy-app", "Heap<!here>", io.aegisops.contracts.Severity.HIGH))
                .build()
                .withEvent(Fixtures.NOW, TimelineStage.OUTCOME, "see <http://x|here> & <@U123>");

        JsonNode message = SlackMessage.of(Notification.of("ESCALATED", hostile, LINKS));
        String all = String.join("\n", texts(message));

        assertThat(all)
                .doesNotContain("<https://evil", "<!channel>", "<!here>", "<http://x", "<@U123>")
                .contains(
                        "&lt;https://evil.example/approve|Approve here&gt; &lt;!channel&gt; R&amp;D",
                        "Heap&lt;!here&gt;",
                        "see &lt;http://x|here&gt; &amp; &lt;@U123&gt;");
        assertThat(message.path("text").asText()).doesNotContain("<");
    }

    @Test
    void aClippedTextNeverEndsInHalfAnEntity() {
        Incident longCause = diagnosed(IncidentStatus.DIAGNOSING).toBuilder()
                .diagnosis(new Diagnosis(
                        "x" + "&".repeat(2_000), Action.RESTART, 0.9, "", List.of(), DiagnosisSource.LLM, "m", 12))
                .build();
        String section = texts(SlackMessage.of(Notification.of("DIAGNOSED", longCause, LINKS))).stream()
                .filter(t -> t.startsWith("*Root cause:*"))
                .findFirst()
                .orElseThrow();
        assertThat(section).endsWith("&amp;…").hasSizeLessThanOrEqualTo(2_900);
    }

    @Test
    void aResolvedIncidentShowsItsMttr() {
        String all = text(SlackMessage.of(Notification.of("RESOLVED", diagnosed(IncidentStatus.RESOLVED), LINKS)));
        assertThat(all).contains("Resolved", "42.5 s", "healthy after restart");
    }

    @Test
    void withoutLinksThereAreNoButtons() {
        JsonNode message =
                SlackMessage.of(Notification.of("NOOP", diagnosed(IncidentStatus.NOOP), new NotifyLinks(null, null)));
        assertThat(message.path("blocks").findValues("type"))
                .extracting(JsonNode::asText)
                .doesNotContain("actions");
    }
}
