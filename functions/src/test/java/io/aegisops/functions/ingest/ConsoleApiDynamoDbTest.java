package io.aegisops.functions.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aegisops.contracts.Action;
import io.aegisops.contracts.Decision;
import io.aegisops.contracts.DecisionMode;
import io.aegisops.contracts.Diagnosis;
import io.aegisops.contracts.DiagnosisSource;
import io.aegisops.contracts.IncidentStatus;
import io.aegisops.contracts.Json;
import io.aegisops.contracts.RunbookEntry;
import io.aegisops.functions.ingest.IngestStack.Response;
import io.aegisops.functions.pipeline.Stores;
import io.aegisops.functions.runbook.Outcome;
import io.aegisops.functions.runbook.RunbookStore;
import io.aegisops.testsupport.DynamoDbExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The console's routes through the Lambda handler: {@code GET /runbook}, {@code POST /runbook/{signature}/disable}
 * and {@code /enable} (approver token, a comment required, audited on the entry), and {@code GET /stats}.
 */
@ExtendWith({DynamoDbExtension.class, IngestStack.PerTestClass.class})
class ConsoleApiDynamoDbTest {

    private final IngestStack stack;
    private final RunbookStore runbook;

    ConsoleApiDynamoDbTest(IngestStack stack) {
        this.stack = stack;
        this.runbook =
                Stores.over(stack.dynamo.client(), stack.dynamo.tablePrefix()).runbook();
    }

    /** A learned RESTART entry of a service of its own (the runbook table outlives each test). */
    private String learned() {
        return learned("svc-" + UUID.randomUUID());
    }

    private String learned(String service) {
        String signature = RunbookEntry.signatureOf("HighMemoryUsage", service, Action.RESTART);
        for (int i = 0; i < 2; i++) {
            runbook.learn(new Outcome(
                    Outcome.Kind.SUCCESS,
                    signature,
                    Action.RESTART,
                    "memory leak",
                    "inc-" + UUID.randomUUID(),
                    IngestStack.START,
                    4_000,
                    true));
        }
        return signature;
    }

    private Response toggle(String signature, String verb, String token, String body) {
        return stack.call(
                "POST",
                "/runbook/" + signature + "/" + verb,
                Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json"),
                body);
    }

    private static JsonNode entry(Response listing, String signature) {
        for (JsonNode e : listing.body().get("entries")) {
            if (e.get("signature").asText().equals(signature)) {
                return e;
            }
        }
        throw new AssertionError(signature + " is not listed: " + listing.body());
    }

    @Nested
    class Runbook {
        @Test
        void theListingShowsWhatTheRunbookLearnedAndTheAutonomySettings() {
            String service = "svc-" + UUID.randomUUID();
            String signature = learned(service);

            Response listing = stack.get("/runbook", Map.of(), IngestStack.ALICE_TOKEN);

            assertThat(listing.status()).isEqualTo(200);
            assertThat(listing.body().get("autonomyMinApprovals").asInt()).isEqualTo(3);
            assertThat(listing.body().get("runbookMinSuccesses").asInt()).isEqualTo(2);
            JsonNode e = entry(listing, signature);
            assertThat(e.get("alertType").asText()).isEqualTo("HighMemoryUsage");
            assertThat(e.get("service").asText()).isEqualTo(service);
            assertThat(e.get("action").asText()).isEqualTo("RESTART");
            assertThat(e.get("successes").asInt()).isEqualTo(2);
            assertThat(e.get("confidence").asDouble()).isEqualTo(0.95);
            assertThat(e.get("approvedStreak").asInt()).isEqualTo(2);
            assertThat(e.get("lastUsed").asText()).isEqualTo(IngestStack.START.toString());
            assertThat(e.get("decidesAlone").asBoolean()).isTrue();
            assertThat(e.get("autonomyEarned").asBoolean()).isFalse();
            assertThat(e.get("disabled").asBoolean()).isFalse();
        }

        @Test
        void aDisableIsStoredWithWhoWhenAndWhyAndShowsInTheListing() {
            String signature = learned();

            Response disabled =
                    toggle(signature, "disable", IngestStack.ALICE_TOKEN, "{\"comment\": \"restarts hide a leak\"}");

            assertThat(disabled.status()).isEqualTo(200);
            assertThat(disabled.body().get("disabled").asBoolean()).isTrue();
            assertThat(disabled.body().get("decidesAlone").asBoolean()).isFalse();
            JsonNode toggle = entry(stack.get("/runbook", Map.of(), IngestStack.BOB_TOKEN), signature)
                    .get("toggle");
            assertThat(toggle.get("by").asText()).isEqualTo("alice");
            assertThat(toggle.get("role").asText()).isEqualTo(Approver.DEFAULT_ROLE);
            assertThat(toggle.get("at").asText())
                    .isEqualTo(stack.clock.instant().toString());
            assertThat(toggle.get("comment").asText()).isEqualTo("restarts hide a leak");
            RunbookEntry stored = runbook.find(signature).orElseThrow();
            assertThat(stored.disabled()).isTrue();
            assertThat(stored.version()).isEqualTo(3);

            Response enabled = toggle(signature, "enable", IngestStack.BOB_TOKEN, "{\"comment\": \"leak fixed\"}");
            assertThat(enabled.status()).isEqualTo(200);
            assertThat(runbook.find(signature).orElseThrow().disabled()).isFalse();
            assertThat(runbook.find(signature).orElseThrow().toggle().by()).isEqualTo("bob");
        }

        @Test
        void aSignatureStillPercentEncodedInThePathNamesTheSameEntry() {
            String signature = learned();

            Response disabled = toggle(
                    signature.replace("#", "%23"), "disable", IngestStack.ALICE_TOKEN, "{\"comment\": \"encoded\"}");

            assertThat(disabled.status()).isEqualTo(200);
            assertThat(runbook.find(signature).orElseThrow().disabled()).isTrue();
        }

        @Test
        void aSecretInTheCommentIsRedactedBeforeItIsStored() {
            String signature = learned();

            toggle(signature, "disable", IngestStack.ALICE_TOKEN, "{\"comment\": \"see password=hunter2hunter2\"}");

            assertThat(runbook.find(signature).orElseThrow().toggle().comment())
                    .doesNotContain("hunter2")
                    .contains("[REDACTED]");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"{}", "{\"comment\": \"  \"}", "{\"comment\": 7}", "[]"})
        void withoutACommentNothingChanges(String body) {
            String signature = learned();
            long version = runbook.find(signature).orElseThrow().version();

            Response refused = toggle(signature, "disable", IngestStack.ALICE_TOKEN, body);

            assertThat(refused.status()).isEqualTo(400);
            assertThat(runbook.find(signature).orElseThrow().version()).isEqualTo(version);
            assertThat(runbook.find(signature).orElseThrow().disabled()).isFalse();
        }

        @Test
        void anUnknownSignatureIs404AndNothingIsStored() {
            String unknown = RunbookEntry.signatureOf("HighMemoryUsage", "svc-" + UUID.randomUUID(), Action.RESTART);

            Response refused = toggle(unknown, "disable", IngestStack.ALICE_TOKEN, "{\"comment\": \"why\"}");

            assertThat(refused.status()).isEqualTo(404);
            assertThat(runbook.find(unknown)).isEmpty();
            assertThat(toggle("not-a-signature", "enable", IngestStack.ALICE_TOKEN, "{\"comment\": \"why\"}")
                            .status())
                    .isEqualTo(404);
        }

        @Test
        void withoutAnApproverTokenNothingIsListedOrChanged() {
            String signature = learned();

            assertThat(stack.get("/runbook", Map.of(), "not-a-token").status()).isEqualTo(401);
            assertThat(stack.call("GET", "/runbook", Map.of(), null).status()).isEqualTo(401);
            assertThat(toggle(signature, "disable", IngestStack.WEBHOOK_TOKEN, "{\"comment\": \"why\"}")
                            .status())
                    .as("a webhook token is no approver token")
                    .isEqualTo(401);
            assertThat(runbook.find(signature).orElseThrow().disabled()).isFalse();
        }
    }

    @Nested
    class Stats {
        private String incident(String alertType) {
            ObjectNode alert =
                    Fixtures.tree("generic.json").put("alert_type", alertType).put("incident_id", alertType);
            stack.clock.advance(Duration.ofSeconds(1));
            return stack.postAlert(Json.write(alert)).body().get("incidentId").asText();
        }

        private void closed(String id, IncidentStatus status, DecisionMode mode, DiagnosisSource source, Long mttrMs) {
            stack.store.update(
                    id,
                    i -> i.toBuilder()
                            .status(status)
                            .decision(new Decision(mode, List.of("why"), false))
                            .diagnosis(new Diagnosis("leak", Action.RESTART, 0.9, "why", List.of(), source, null, 1))
                            .mttrMs(mttrMs)
                            .build());
        }

        @Test
        void outcomesMttrDiagnosesAndBudgetsOfTheIncidentsOpenedInThePeriod() {
            closed(incident("A"), IncidentStatus.RESOLVED, DecisionMode.AUTO, DiagnosisSource.RULES, 4_000L);
            closed(incident("B"), IncidentStatus.RESOLVED, DecisionMode.APPROVAL, DiagnosisSource.RUNBOOK, 8_000L);
            closed(incident("C"), IncidentStatus.ESCALATED, DecisionMode.ESCALATE, DiagnosisSource.LLM, null);

            Response stats = stack.get("/stats", Map.of("days", "2"), IngestStack.ALICE_TOKEN);

            assertThat(stats.status()).isEqualTo(200);
            JsonNode body = stats.body();
            assertThat(body.get("days").asInt()).isEqualTo(2);
            assertThat(body.get("incidents").asInt()).isEqualTo(3);
            assertThat(body.get("truncated").asBoolean()).isFalse();
            JsonNode today = body.get("perDay").get(1);
            assertThat(today.get("day").asText()).isEqualTo("2026-11-21");
            assertThat(today.get("mttrP50Ms").asLong()).isEqualTo(4_000);
            assertThat(today.get("mttrP95Ms").asLong()).isEqualTo(8_000);
            assertThat(today.get("outcomes").toString())
                    .isEqualTo("{\"autoFixed\":1,\"approved\":1,\"escalated\":1,\"other\":0}");
            assertThat(body.get("services").get(0).get("service").asText()).isEqualTo("buggy-app");
            assertThat(body.get("diagnoses").get("RUNBOOK").asInt()).isEqualTo(1);
            assertThat(body.get("modelCallsSaved").asInt()).isEqualTo(1);
            JsonNode budget = body.get("budgets").get(0);
            assertThat(budget.get("service").asText()).isEqualTo("buggy-app");
            assertThat(budget.get("used").asInt()).isZero();
            assertThat(budget.get("max").asInt()).isPositive();
        }

        @Test
        void fourteenDaysByDefault() {
            Response stats = stack.get("/stats", Map.of(), IngestStack.ALICE_TOKEN);

            assertThat(stats.body().get("days").asInt()).isEqualTo(14);
            assertThat(stats.body().get("perDay")).hasSize(14);
        }

        @ParameterizedTest(name = "days={0}")
        @ValueSource(strings = {"0", "91", "-3", "two", ""})
        void aBadPeriodIs400(String days) {
            assertThat(stack.get("/stats", Map.of("days", days), IngestStack.ALICE_TOKEN)
                            .status())
                    .isEqualTo(400);
        }

        @Test
        void withoutAnApproverTokenIs401() {
            assertThat(stack.get("/stats", Map.of(), IngestStack.WEBHOOK_TOKEN).status())
                    .isEqualTo(401);
        }
    }
}
