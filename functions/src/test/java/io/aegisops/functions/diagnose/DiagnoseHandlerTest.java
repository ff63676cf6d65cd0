package io.aegisops.functions.diagnose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.contracts.Action;
import io.aegisops.contracts.Decision;
import io.aegisops.contracts.DecisionMode;
import io.aegisops.contracts.Diagnosis;
import io.aegisops.contracts.DiagnosisSource;
import io.aegisops.contracts.Incident;
import io.aegisops.contracts.IncidentStatus;
import io.aegisops.contracts.TimelineEntry;
import io.aegisops.contracts.TimelineStage;
import io.aegisops.functions.llm.ModelAdvisor;
import io.aegisops.functions.pipeline.Events;
import io.aegisops.functions.pipeline.Fixtures;
import io.aegisops.functions.pipeline.InMemoryStores;
import io.aegisops.functions.policy.PolicyRule;
import io.aegisops.functions.policy.PolicySettings;
import io.aegisops.functions.policy.PolicyVerdict;
import io.aegisops.functions.store.IncidentNotFoundException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Unit, on the in-memory stores and a fixed clock: what Diagnose records on the incident, how the restart history
 * and shadow mode shape its decision, and that it never writes over a closed incident or another invocation's
 * analysis. (Diagnose against DynamoDB and a model server: {@link DiagnoseHandlerDynamoDbTest}.)
 */
class DiagnoseHandlerTest {

    static final PolicySettings NO_COOLDOWN = new PolicySettings(0.85, 0.5, Duration.ZERO, false);

    final InMemoryStores stores = InMemoryStores.create();
    final String id = Fixtures.newIncidentId();

    DiagnoseHandlerTest() {
        stores.incidents().create(Fixtures.received(id));
    }

    DiagnoseHandler handler(PolicySettings policy, Optional<ModelAdvisor> model) {
        return new DiagnoseHandler(Fixtures.settings(policy), stores.stores(), model, 4_000, Fixtures.CLOCK);
    }

    JsonNode diagnose(PolicySettings policy, Optional<ModelAdvisor> model, String evidence) throws Exception {
        return Events.invoke(
                handler(policy, model), Events.load("diagnose.json", Map.of("incidentId", id, "evidence", evidence)));
    }

    /** Diagnose without a model, the agent having found the heap exhausted. */
    JsonNode diagnose(PolicySettings policy) throws Exception {
        return diagnose(policy, Optional.empty(), Events.load("inspect-result.json", Map.of("incidentId", id)));
    }

    Incident incident() {
        return stores.incidents().get(id).orElseThrow();
    }

    /** Restarts of buggy-app that other incidents took, {@code ago} before the clock's now. */
    void restartedBefore(Duration... ago) {
        for (Duration before : ago) {
            stores.budgets()
                    .consume(
                            "buggy-app",
                            Fixtures.BUGGY_APP.restartBudget(),
                            Fixtures.newIncidentId() + "#restart#1",
                            Fixtures.NOW.minus(before),
                            ledger -> new PolicyVerdict(
                                    new Decision(DecisionMode.AUTO, List.of(), false), PolicyRule.WITHIN_POLICY));
        }
    }

    @Nested
    class WhatIsRecorded {
        @Test
        void theTimelineSaysWhoDiagnosedWhatAndHowItWasDecided() throws Exception {
            diagnose(PolicySettings.DEFAULTS);

            assertThat(incident().timeline())
                    .extracting(TimelineEntry::at, TimelineEntry::stage)
                    .containsExactly(tuple(Fixtures.NOW, "diagnosis"), tuple(Fixtures.NOW, "decision"));
            assertThat(incident().timeline().getFirst().detail())
                    .isEqualTo("RULES: RESTART at confidence 0.99 — Memory exhaustion (likely a leak) in buggy-app");
            assertThat(incident().timeline().getLast().detail()).startsWith("AUTO: RESTART is allowed for buggy-app; ");
        }

        @Test
        void theEvidenceIsKeptRedactedWithOnlyItsNewestLogs() throws Exception {
            String inspected = Events.load("inspect-result.json", Map.of("incidentId", id))
                    .replace("\"logs\": \"", "\"logs\": \"" + "GET /health 503\\n".repeat(1_000));

            diagnose(PolicySettings.DEFAULTS, Optional.empty(), inspected);

            String logs = incident().evidence().logs();
            assertThat(logs)
                    .hasSize(1 + 8_000)
                    .startsWith("…")
                    .endsWith("connecting to postgresql://app:[REDACTED]@db:5432/orders");
            assertThat(incident().evidence().collectedAt()).isEqualTo(Fixtures.NOW);
        }
    }

    /** Diagnose decides on the target's restart history, as Remediate will again. */
    @Nested
    class UnderThePolicy {
        @Test
        void aRestartWithinTheCooldownOfTheLastIsEscalated() throws Exception {
            restartedBefore(Duration.ofSeconds(10));

            JsonNode answer = diagnose(PolicySettings.DEFAULTS);

            assertThat(answer.at("/diagnosis/action").asText()).isEqualTo("RESTART");
            assertThat(answer.at("/decision/mode").asText()).isEqualTo("ESCALATE");
            assertThat(answer.at("/decision/reasons").toString()).contains("within the 30 s cooldown");
        }

        @Test
        void aRestartBeyondTheBudgetIsEscalated() throws Exception {
            restartedBefore(Duration.ofMinutes(20), Duration.ofMinutes(10), Duration.ofMinutes(1));

            JsonNode answer = diagnose(NO_COOLDOWN);

            assertThat(answer.at("/decision/mode").asText()).isEqualTo("ESCALATE");
            assertThat(answer.at("/decision/reasons").toString())
                    .contains("restart budget 3/3 used in 30 min: exhausted");
        }

        @Test
        void aRestartOlderThanTheBudgetsWindowNoLongerCounts() throws Exception {
            restartedBefore(Duration.ofMinutes(30), Duration.ofMinutes(20), Duration.ofMinutes(10));

            JsonNode answer = diagnose(NO_COOLDOWN);

            assertThat(answer.at("/decision/mode").asText()).isEqualTo("AUTO");
            assertThat(answer.at("/decision/reasons").toString()).contains("restart budget 2/3 used in 30 min");
        }

        @Test
        void inShadowModeTheDecisionIsADryRunAndSaysSo() throws Exception {
            JsonNode answer = diagnose(new PolicySettings(0.85, 0.5, Duration.ofSeconds(30), true));

            assertThat(answer.at("/decision/mode").asText()).isEqualTo("AUTO");
            assertThat(answer.at("/decision/dryRun").asBoolean()).isTrue();
            assertThat(incident().timeline().getLast().detail())
                    .startsWith("AUTO (dry run): shadow mode: commands are dry runs; ");
        }
    }

    @Nested
    class NeverOverwrites {
        @Test
        void anIncidentClosedMeanwhile() throws Exception {
            Incident closed = stores.incidents()
                    .update(
                            id,
                            i -> i.toBuilder().status(IncidentStatus.ESCALATED).build());

            JsonNode answer = diagnose(PolicySettings.DEFAULTS);

            assertThat(answer.at("/decision/mode").asText()).isEqualTo("AUTO");
            assertThat(incident()).isEqualTo(closed);
        }

        @Test
        void theAnalysisAnotherInvocationRecordedFirstWhichIsTheAnswer() throws Exception {
            Diagnosis recordedFirst = new Diagnosis(
                    "recorded first", Action.ESCALATE, 0.5, "", List.of(), DiagnosisSource.LLM, "other", 0);
            Decision itsDecision = new Decision(DecisionMode.ESCALATE, List.of("the other invocation's"), false);
            ModelAdvisor slowModel = request -> {
                // while the model thinks, a retried Diagnose records its own analysis
                stores.incidents()
                        .update(
                                id,
                                i -> i.withEvent(Fixtures.NOW, TimelineStage.DIAGNOSIS, "the other").toBuilder()
                                        .diagnosis(recordedFirst)
                                        .decision(itsDecision)
                                        .build());
                return Optional.of(new Diagnosis(
                        "leak", Action.RESTART, 0.9, "", List.of(), DiagnosisSource.LLM, "fake-model", 0));
            };

            JsonNode answer = diagnose(
                    PolicySettings.DEFAULTS,
                    Optional.of(slowModel),
                    Events.load("inspect-result.json", Map.of("incidentId", id)));

            assertThat(answer.at("/diagnosis/rootCause").asText()).isEqualTo("recorded first");
            assertThat(answer.at("/decision/mode").asText()).isEqualTo("ESCALATE");
            assertThat(incident().diagnosis()).isEqualTo(recordedFirst);
            assertThat(incident().timeline()).extracting(TimelineEntry::detail).containsExactly("the other");
        }

        @Test
        void andAnIncidentThatIsGoneIsAnError() {
            String payload = Events.load(
                    "diagnose.json",
                    Map.of(
                            "incidentId",
                            "inc-gone",
                            "evidence",
                            Events.load("inspect-result.json", Map.of("incidentId", "inc-gone"))));

            assertThatThrownBy(() -> Events.invoke(handler(PolicySettings.DEFAULTS, Optional.empty()), payload))
                    .isInstanceOf(IncidentNotFoundException.class);
        }
    }
}
