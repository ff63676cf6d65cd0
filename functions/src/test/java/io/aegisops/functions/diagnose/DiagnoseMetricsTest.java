package io.aegisops.functions.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisops.contracts.Action;
import io.aegisops.contracts.Decision;
import io.aegisops.contracts.DecisionMode;
import io.aegisops.contracts.Diagnosis;
import io.aegisops.contracts.DiagnosisSource;
import io.aegisops.contracts.RunbookEntry;
import io.aegisops.contracts.metrics.Dimension;
import io.aegisops.contracts.metrics.Metric;
import io.aegisops.functions.llm.ModelAdvisor;
import io.aegisops.functions.pipeline.Events;
import io.aegisops.functions.pipeline.Fixtures;
import io.aegisops.functions.pipeline.InMemoryStores;
import io.aegisops.functions.pipeline.MetricLines;
import io.aegisops.functions.runbook.Outcome;
import io.aegisops.testsupport.LogCapture;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What Diagnose measures for the analysis it records: the decision's mode, whether the runbook decided, and a model
 * restart the rules did not back. (The model's latency and discarded replies are measured per call:
 * {@code OpenAiModelAdvisorMetricsTest}.)
 */
class DiagnoseMetricsTest {

    @RegisterExtension
    final LogCapture capture = LogCapture.isolated();

    final MetricLines metrics = new MetricLines(capture);
    final InMemoryStores stores = InMemoryStores.create();
    final String id = Fixtures.newIncidentId();

    DiagnoseMetricsTest() {
        stores.incidents().create(Fixtures.received(id));
    }

    /** Diagnose of buggy-app (or, with {@code service} null, of an unknown target), the heap found exhausted. */
    void diagnose(String service, Optional<ModelAdvisor> model) throws Exception {
        diagnose(service, model, Events.load("inspect-result.json", Map.of("incidentId", id)));
    }

    void diagnose(String service, Optional<ModelAdvisor> model, String evidence) throws Exception {
        String payload = Events.load("diagnose.json", Map.of("incidentId", id, "evidence", evidence))
                .replaceFirst(
                        "\"service\": \"buggy-app\",\n",
                        "\"service\": " + (service == null ? "null" : "\"" + service + "\"") + ",\n");
        Events.invoke(
                new DiagnoseHandler(
                        Fixtures.settings(),
                        stores.stores(),
                        model,
                        4_000,
                        Fixtures.CLOCK,
                        metrics.metrics(Fixtures.CLOCK)),
                payload);
    }

    /** Runbook lessons enough for the runbook to restart buggy-app alone. */
    void earnedRunbook() {
        for (int i = 0; i < 2; i++) { // AEGIS_RUNBOOK_MIN_SUCCESSES in Fixtures.settings()
            stores.runbook()
                    .learn(new Outcome(
                            Outcome.Kind.SUCCESS,
                            RunbookEntry.signatureOf("HighMemoryUsage", "buggy-app", Action.RESTART),
                            Action.RESTART,
                            "Memory exhaustion (likely a leak) in buggy-app",
                            "inc-earlier-" + i,
                            Fixtures.NOW,
                            60_000,
                            false));
        }
    }

    @Nested
    class TheDecision {

        @Test
        void isCountedByItsModeForItsService() throws Exception {
            diagnose("buggy-app", Optional.empty());

            assertThat(metrics.dimension(Metric.DECISIONS, Dimension.MODE)).containsExactly("AUTO");
            assertThat(metrics.dimension(Metric.DECISIONS, Dimension.SERVICE)).containsExactly("buggy-app");
            assertThat(metrics.values(Metric.DECISIONS)).containsExactly(1L);
        }

        @Test
        void ofAnUnknownTargetIsCountedWithoutAServiceAndAsksNoRunbook() throws Exception {
            diagnose(null, Optional.empty());

            assertThat(metrics.all()).hasSize(1);
            assertThat(metrics.dimension(Metric.DECISIONS, Dimension.MODE)).containsExactly("ESCALATE");
            assertThat(metrics.of(Metric.DECISIONS).getFirst().has("Service")).isFalse();
        }

        @Test
        void isCountedOnceWhenDiagnoseIsRetried() throws Exception {
            diagnose("buggy-app", Optional.empty());
            diagnose("buggy-app", Optional.empty());

            assertThat(metrics.values(Metric.DECISIONS)).containsExactly(1L);
            assertThat(metrics.values(Metric.RUNBOOK_MISSES)).containsExactly(1L);
        }
    }

    @Nested
    class AnotherInvocation {

        @Test
        void thatRecordedItsAnalysisFirstLeavesTheCountingToIt() throws Exception {
            ModelAdvisor slowModel = request -> {
                // while the model thinks, a retried Diagnose records (and counts) its own analysis
                stores.incidents()
                        .update(
                                id,
                                i -> i.toBuilder()
                                        .diagnosis(new Diagnosis(
                                                "recorded first",
                                                Action.ESCALATE,
                                                0.5,
                                                "",
                                                List.of(),
                                                DiagnosisSource.LLM,
                                                "other",
                                                0))
                                        .decision(new Decision(DecisionMode.ESCALATE, List.of("the other's"), false))
                                        .build());
                return Optional.empty();
            };

            diagnose("buggy-app", Optional.of(slowModel));

            assertThat(metrics.all()).isEmpty();
        }
    }

    @Nested
    class TheRunbook {

        @Test
        void thatHasNotEarnedItsSayIsAMiss() throws Exception {
            diagnose("buggy-app", Optional.empty());

            assertThat(metrics.values(Metric.RUNBOOK_MISSES)).containsExactly(1L);
            assertThat(metrics.of(Metric.RUNBOOK_HITS)).isEmpty();
        }

        @Test
        void isNotAskedWhenTheEvidenceSettlesTheMatter() throws Exception {
            earnedRunbook();
            String restartedSinceAndHealthy = """
                    {"commandId": "%s#inspect#1", "type": "INSPECT", "success": true, "dryRun": false,
                     "message": "inspected buggy-app", "durationMs": 40, "logs": "",
                     "after": {"status": "running", "restartCount": 1, "health": "healthy",
                               "startedAt": "2026-11-21T03:14:00Z",
                               "healthProbe": {"url": "http://127.0.0.1:8080/health", "httpStatus": 200}}}""".formatted(id);

            diagnose("buggy-app", Optional.empty(), restartedSinceAndHealthy);

            assertThat(metrics.dimension(Metric.DECISIONS, Dimension.MODE)).containsExactly("NOOP");
            assertThat(metrics.of(Metric.RUNBOOK_HITS))
                    .as("a stale alert: the runbook is not asked")
                    .isEmpty();
            assertThat(metrics.of(Metric.RUNBOOK_MISSES)).isEmpty();
        }

        @Test
        void thatDecidesAloneIsAHit() throws Exception {
            earnedRunbook();

            diagnose("buggy-app", Optional.empty());

            assertThat(metrics.values(Metric.RUNBOOK_HITS)).containsExactly(1L);
            assertThat(metrics.of(Metric.RUNBOOK_MISSES)).isEmpty();
        }
    }

    @Nested
    class AModelsRestart {

        ModelAdvisor restarting(double confidence) {
            return request -> Optional.of(new Diagnosis(
                    "leak", Action.RESTART, confidence, "", List.of(), DiagnosisSource.LLM, "fake-model", 0));
        }

        @Test
        void claimingMoreThanTheRulesGiveIsCountedAsCapped() throws Exception {
            diagnose("buggy-app", Optional.of(restarting(1.0))); // the rules give a restart 0.99 at the most

            assertThat(metrics.dimension(Metric.MODEL_DISCARDS, Dimension.REASON))
                    .containsExactly("CONFIDENCE_CAPPED");
        }

        @Test
        void thatTheRulesBackIsNotDiscarded() throws Exception {
            diagnose("buggy-app", Optional.of(restarting(0.80)));

            assertThat(metrics.of(Metric.MODEL_DISCARDS)).isEmpty();
            assertThat(metrics.values(Metric.DECISIONS)).containsExactly(1L);
        }
    }
}
