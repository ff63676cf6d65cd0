package io.aegisops.functions.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisops.contracts.Action;
import io.aegisops.contracts.ContainerState;
import io.aegisops.contracts.Decision;
import io.aegisops.contracts.DecisionMode;
import io.aegisops.contracts.Diagnosis;
import io.aegisops.contracts.DiagnosisSource;
import io.aegisops.contracts.Evidence;
import io.aegisops.contracts.HealthReading;
import io.aegisops.contracts.NormalisedAlert;
import io.aegisops.contracts.ResourceUsage;
import io.aegisops.contracts.RunbookEntry;
import io.aegisops.contracts.Severity;
import io.aegisops.functions.llm.ModelAdvisor;
import io.aegisops.functions.llm.ModelRequest;
import io.aegisops.functions.pipeline.Fixtures;
import io.aegisops.functions.runbook.InMemoryRunbookStore;
import io.aegisops.functions.runbook.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Unit, on an in-memory runbook, a scripted model and a hand-moved nanosecond clock: which source diagnoses
 * (a runbook entry that has earned it, then a model, then the rules), when the model is not asked or its answer not
 * taken, what it is shown, and how long the diagnosis took.
 */
class DiagnoserTest {

    static final int MIN_SUCCESSES = 2;
    static final double UNCONFIRMED_CEILING = 0.8;
    static final String SIGNATURE = RunbookEntry.signatureOf("HighMemoryUsage", "buggy-app", Action.RESTART);
    static final NormalisedAlert ALERT = Fixtures.alert("buggy-app", "HighMemoryUsage", Severity.HIGH);
    /** What the agent found: the container up but unhealthy, its heap exhausted. */
    static final Evidence EVIDENCE = new Evidence(
            true,
            new ContainerState("running", 0, false, 0, "unhealthy", null),
            "java.lang.OutOfMemoryError: Java heap space",
            "inspected buggy-app",
            Fixtures.NOW);

    static final Diagnosis MODEL_RESTART = new Diagnosis(
            "a leak in the order cache",
            Action.RESTART,
            0.8,
            "OutOfMemoryError in the logs",
            List.of("java.lang.OutOfMemoryError"),
            DiagnosisSource.LLM,
            "fake-model",
            0);

    final InMemoryRunbookStore runbook = new InMemoryRunbookStore();
    final AtomicLong nanoTime = new AtomicLong(1_000_000_000L);
    final List<ModelRequest> asked = new ArrayList<>();
    /** What the model answers; empty is no valid answer in time. Each answer takes it 812 ms. */
    Optional<Diagnosis> modelAnswer = Optional.of(MODEL_RESTART);

    final ModelAdvisor model = request -> {
        asked.add(request);
        nanoTime.addAndGet(812_000_000L);
        return modelAnswer;
    };

    Diagnoser diagnoser(Optional<ModelAdvisor> advisor) {
        return new Diagnoser(runbook, advisor, MIN_SUCCESSES, 4_000, UNCONFIRMED_CEILING, nanoTime::get);
    }

    Diagnoser.Diagnosed diagnoseWithModel() {
        return diagnoser(Optional.of(model)).diagnose(ALERT, Fixtures.BUGGY_APP, EVIDENCE);
    }

    static NormalisedAlert alert(String alertType, String summary, String logs) {
        return new NormalisedAlert(
                ALERT.source(),
                ALERT.status(),
                alertType,
                ALERT.severity(),
                ALERT.target(),
                summary,
                logs,
                Map.of("alertname", alertType),
                ALERT.startsAt(),
                ALERT.fingerprint(),
                null);
    }

    void learn(Outcome.Kind kind, int times, String signature) {
        for (int i = 0; i < times; i++) {
            runbook.learn(new Outcome(
                    kind,
                    signature,
                    Action.RESTART,
                    "Memory exhaustion (likely a leak) in buggy-app",
                    "inc-" + kind + "-" + i,
                    Fixtures.NOW,
                    60_000,
                    false));
        }
    }

    @Nested
    class WhichSourceDiagnoses {
        @Test
        void aRunbookEntryThatHasEarnedItDiagnosesWithoutAskingTheModel() {
            learn(Outcome.Kind.SUCCESS, MIN_SUCCESSES, SIGNATURE);

            Diagnosis diagnosis = diagnoseWithModel().diagnosis();

            assertThat(diagnosis.source()).isEqualTo(DiagnosisSource.RUNBOOK);
            assertThat(diagnosis.action()).isEqualTo(Action.RESTART);
            assertThat(diagnosis.rootCause()).isEqualTo("Memory exhaustion (likely a leak) in buggy-app");
            assertThat(asked).isEmpty();
        }

        @Test
        void anEntryThatHasNotEarnedItYetLeavesTheDiagnosisToTheModel() {
            learn(Outcome.Kind.SUCCESS, MIN_SUCCESSES + 1, SIGNATURE);
            learn(Outcome.Kind.FAILURE, 2, SIGNATURE); // each failure cancels a success: 3 - 2 < 2

            Diagnosis diagnosis = diagnoseWithModel().diagnosis();

            assertThat(diagnosis.source()).isEqualTo(DiagnosisSource.LLM);
            assertThat(asked).hasSize(1);
        }

        @Test
        void theEntryOfTheSameAlertOnAnotherServiceDoesNotCount() {
            learn(
                    Outcome.Kind.SUCCESS,
                    MIN_SUCCESSES,
                    RunbookEntry.signatureOf("HighMemoryUsage", "ledger", Action.RESTART));

            assertThat(diagnoseWithModel().diagnosis().source()).isEqualTo(DiagnosisSource.LLM);
        }

        @Test
        void withoutAModelTheRulesDiagnose() {
            Diagnosis diagnosis = diagnoser(Optional.empty())
                    .diagnose(ALERT, Fixtures.BUGGY_APP, EVIDENCE)
                    .diagnosis();

            assertThat(diagnosis.source()).isEqualTo(DiagnosisSource.RULES);
            assertThat(diagnosis.action()).isEqualTo(Action.RESTART);
            assertThat(diagnosis.confidence())
                    .as("the alert's words, the OutOfMemoryError and the failing health check agree")
                    .isEqualTo(0.99);
        }

        @Test
        void aModelWithoutAValidAnswerInTimeLeavesTheDiagnosisToTheRules() {
            modelAnswer = Optional.empty();

            Diagnoser.Diagnosed diagnosed = diagnoseWithModel();

            assertThat(asked).hasSize(1);
            assertThat(diagnosed.diagnosis().source()).isEqualTo(DiagnosisSource.RULES);
            assertThat(diagnosed.caveat()).isEmpty();
        }
    }

    @Nested
    class AServiceThatIsNotATarget {
        @Test
        void isDiagnosedByTheRulesAloneEvenWhenTheRunbookKnowsItsAlert() {
            learn(Outcome.Kind.SUCCESS, MIN_SUCCESSES, SIGNATURE);

            Diagnosis diagnosis = diagnoser(Optional.of(model))
                    .diagnose(ALERT, null, EVIDENCE)
                    .diagnosis();

            assertThat(diagnosis.source()).isEqualTo(DiagnosisSource.RULES);
            assertThat(asked)
                    .as("nothing about an unknown service goes to a model")
                    .isEmpty();
        }
    }

    /**
     * A redelivered alert that began before the target's last start, against a target healthy since: the rules'
     * NOOP stands, whatever a runbook learned or a model would say.
     */
    @Nested
    class AStaleAlert {
        final NormalisedAlert serviceDown = alert("ServiceDown", "buggy-app is down", null);
        final Evidence restartedAndHealthy = new Evidence(
                true,
                new ContainerState(
                        "running",
                        null,
                        false,
                        1,
                        null,
                        ALERT.startsAt().plusSeconds(90),
                        new HealthReading("http://127.0.0.1:8080/health", 200, 4L, null),
                        null,
                        null),
                "",
                null,
                Fixtures.NOW);

        @Test
        void endsNoopWithoutAskingTheModelOrTheRunbook() {
            learn(
                    Outcome.Kind.SUCCESS,
                    MIN_SUCCESSES,
                    RunbookEntry.signatureOf("ServiceDown", "buggy-app", Action.RESTART));

            Diagnoser.Diagnosed diagnosed =
                    diagnoser(Optional.of(model)).diagnose(serviceDown, Fixtures.BUGGY_APP, restartedAndHealthy);

            assertThat(diagnosed.diagnosis().action()).isEqualTo(Action.NOOP);
            assertThat(diagnosed.diagnosis().source()).isEqualTo(DiagnosisSource.RULES);
            assertThat(diagnosed.diagnosis().rootCause()).startsWith("A stale alert");
            assertThat(asked).isEmpty();
        }

        @Test
        void aTargetStillUnhealthyAfterItsRestartIsTheModelsToDiagnose() {
            Evidence stillFailing = new Evidence(
                    true,
                    restartedAndHealthy
                            .container()
                            .withHealthProbe(new HealthReading("http://127.0.0.1:8080/health", 503, 4L, null)),
                    "",
                    null,
                    Fixtures.NOW);

            Diagnoser.Diagnosed diagnosed =
                    diagnoser(Optional.of(model)).diagnose(serviceDown, Fixtures.BUGGY_APP, stillFailing);

            assertThat(asked).hasSize(1);
            assertThat(diagnosed.diagnosis().source()).isEqualTo(DiagnosisSource.LLM);
            assertThat(diagnosed.diagnosis().action()).isEqualTo(Action.RESTART);
        }
    }

    /**
     * A model's remedy never gets more confidence than the rules give it ({@link ModelCorroboration}), and one outside
     * the target's catalog is not taken at all.
     */
    @Nested
    class TheModelsAnswer {
        @Test
        void aRestartTheRulesBackIsTakenAsTheModelGaveIt() {
            Diagnoser.Diagnosed diagnosed = diagnoseWithModel();

            assertThat(diagnosed.diagnosis().confidence()).isEqualTo(0.8);
            assertThat(diagnosed.diagnosis().model()).isEqualTo("fake-model");
            assertThat(diagnosed.caveat()).isEmpty();
        }

        @Test
        void aRestartTheRulesDoNotBackIsCappedAndTheDecisionSaysWhyFirst() {
            Evidence healthy = new Evidence(
                    true, new ContainerState("running", 0, false, 0, "healthy", null), "all fine", null, Fixtures.NOW);
            NormalisedAlert errors = alert("HighErrorRate", "5xx above 5% for 5m", null);
            modelAnswer = Optional.of(new Diagnosis(
                    "as the logs say", Action.RESTART, 1.0, "", List.of(), DiagnosisSource.LLM, "fake-model", 0));

            Diagnoser.Diagnosed diagnosed = diagnoser(Optional.of(model)).diagnose(errors, Fixtures.BUGGY_APP, healthy);
            Decision decision =
                    diagnosed.explain(new Decision(DecisionMode.APPROVAL, List.of("needs approval"), false));

            assertThat(diagnosed.diagnosis().confidence()).isEqualTo(UNCONFIRMED_CEILING);
            assertThat(decision.reasons()).containsExactly(diagnosed.caveat().orElseThrow(), "needs approval");
            assertThat(decision.reasons().getFirst()).contains("do not back the model's RESTART");
        }

        @Test
        void aRestartForAFullDiskAsksAHuman() {
            modelAnswer = Optional.of(new Diagnosis(
                    "tmp files", Action.RESTART, 0.95, "", List.of(), DiagnosisSource.LLM, "fake-model", 0));

            Diagnoser.Diagnosed diagnosed = diagnoser(Optional.of(model))
                    .diagnose(alert("HostOutOfDiskSpace", "disk 97% full", null), Fixtures.BUGGY_APP, EVIDENCE);

            assertThat(diagnosed.diagnosis().confidence()).isEqualTo(UNCONFIRMED_CEILING);
            assertThat(diagnosed.caveat()).hasValueSatisfying(c -> assertThat(c).contains("they propose ESCALATE"));
        }

        @Test
        void anActionOutsideTheTargetsCatalogIsDiscardedAndTheRulesDiagnose() {
            modelAnswer = Optional.of(new Diagnosis(
                    "stop it before it spreads", Action.STOP, 0.99, "", List.of(), DiagnosisSource.LLM, "m", 0));

            Diagnoser.Diagnosed diagnosed = diagnoseWithModel();

            assertThat(asked.getFirst().actions())
                    .as("the target's catalog holds RESTART only")
                    .containsExactlyInAnyOrder(Action.RESTART, Action.NOOP, Action.ESCALATE);
            assertThat(diagnosed.diagnosis().source()).isEqualTo(DiagnosisSource.RULES);
            assertThat(diagnosed.diagnosis().action()).isEqualTo(Action.RESTART);
        }

        @Test
        void aNoopIsTakenAsItIsWhateverTheRulesSay() {
            modelAnswer = Optional.of(new Diagnosis(
                    "a false alarm", Action.NOOP, 0.99, "", List.of(), DiagnosisSource.LLM, "fake-model", 0));

            Diagnoser.Diagnosed diagnosed = diagnoseWithModel();

            assertThat(diagnosed.diagnosis().action()).isEqualTo(Action.NOOP);
            assertThat(diagnosed.diagnosis().confidence()).isEqualTo(0.99);
            assertThat(diagnosed.caveat()).isEmpty();
        }
    }

    @Nested
    class WhatTheModelIsShown {
        @Test
        void theLogsOfTheAlertAndOfTheHostRedacted() {
            NormalisedAlert withLogs =
                    alert("HighMemoryUsage", ALERT.summary(), "connecting to postgresql://app:s3cr3t@db");

            diagnoser(Optional.of(model)).diagnose(withLogs, Fixtures.BUGGY_APP, EVIDENCE);

            ModelRequest request = asked.getFirst();
            assertThat(request.logs())
                    .startsWith("connecting to postgresql://")
                    .endsWith("\n" + EVIDENCE.logs())
                    .doesNotContain("s3cr3t");
            assertThat(request.container()).isEqualTo(EVIDENCE.container());
            assertThat(request.actions())
                    .as("the target's allowed actions, and always 'leave it' and 'ask a human'")
                    .containsExactlyInAnyOrder(Action.RESTART, Action.NOOP, Action.ESCALATE);
        }

        @Test
        void theHealthProbeResourcesUptimeAndTheAlertsStartWithTheirFreeTextRedacted() {
            Evidence probed = new Evidence(
                    true,
                    new ContainerState(
                            "running",
                            null,
                            false,
                            3,
                            "unhealthy",
                            Fixtures.NOW.minusSeconds(754),
                            new HealthReading(
                                    "http://admin:hunter2@127.0.0.1:8080/health",
                                    null,
                                    2_000L,
                                    "timed out, Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl"),
                            new ResourceUsage(980L << 20, 1024L << 20, 0.4, 1.0),
                            "registry.example/buggy-app:1.4.2"),
                    "",
                    null,
                    Fixtures.NOW);

            diagnoser(Optional.of(model)).diagnose(ALERT, Fixtures.BUGGY_APP, probed);

            ModelRequest request = asked.getFirst();
            assertThat(request.alertStartsAt()).isEqualTo(ALERT.startsAt());
            assertThat(request.uptime()).isEqualTo(Duration.ofSeconds(754));
            assertThat(request.container().resources())
                    .isEqualTo(probed.container().resources());
            assertThat(request.container().image()).isEqualTo("registry.example/buggy-app:1.4.2");
            assertThat(request.container().healthProbe().latencyMillis()).isEqualTo(2_000L);
            assertThat(request.container().healthProbe().url())
                    .startsWith("http://")
                    .doesNotContain("hunter2");
            assertThat(request.container().healthProbe().error())
                    .startsWith("timed out")
                    .doesNotContain("eyJhbGciOiJIUzI1NiJ9");
        }

        @Test
        void theEndOfAKeyTheHostsLogsBeginWithIsRedactedAfterAWholeKeyInTheAlertsLogs() {
            NormalisedAlert withKey = alert(
                    "HighMemoryUsage",
                    ALERT.summary(),
                    "loading key\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7bq98B2Vz0PpTQ\n"
                            + "-----END RSA PRIVATE KEY-----\nkey loaded");
            Evidence keyCutOff = new Evidence(
                    true,
                    EVIDENCE.container(),
                    "Zx9yVgJ5lK3bq98B2Vz0PpTQ==\n-----END RSA PRIVATE KEY-----\n" + EVIDENCE.logs(),
                    null,
                    Fixtures.NOW);

            diagnoser(Optional.of(model)).diagnose(withKey, Fixtures.BUGGY_APP, keyCutOff);

            assertThat(asked.getFirst().logs())
                    .doesNotContain("MIIEowIBAAKCAQEA7bq98B2Vz0PpTQ", "Zx9yVgJ5lK3bq98B2Vz0PpTQ")
                    .startsWith("loading key\n")
                    .contains("key loaded\n")
                    .endsWith("-----END RSA PRIVATE KEY-----\n" + EVIDENCE.logs());
        }

        @Test
        void onlyTheNewestLogsWhenThereAreMore() {
            Evidence longLogs = new Evidence(
                    true,
                    EVIDENCE.container(),
                    "GET /health 503\n".repeat(1_000) + EVIDENCE.logs(),
                    null,
                    Fixtures.NOW);

            diagnoser(Optional.of(model)).diagnose(ALERT, Fixtures.BUGGY_APP, longLogs);

            assertThat(asked.getFirst().logs())
                    .as("the newest 4,000 characters, marked as cut")
                    .hasSize(1 + 4_000)
                    .startsWith("…")
                    .endsWith(EVIDENCE.logs());
        }

        @Test
        void noContainerWhenTheAgentHadNoEvidenceAndNoRestartForATargetThatAllowsNone() {
            diagnoser(Optional.of(model))
                    .diagnose(ALERT, Fixtures.READ_ONLY, Evidence.unavailable("no evidence: States.Timeout", null));

            ModelRequest request = asked.getFirst();
            assertThat(request.container()).isNull();
            assertThat(request.actions()).containsExactlyInAnyOrder(Action.NOOP, Action.ESCALATE);
        }
    }

    @Nested
    class Latency {
        @Test
        void isTheTimeTheDiagnosisTookModelCallIncluded() {
            assertThat(diagnoseWithModel().diagnosis().latencyMs()).isEqualTo(812);
        }

        @Test
        void aRunbookDiagnosisTakesNoModelTime() {
            learn(Outcome.Kind.SUCCESS, MIN_SUCCESSES, SIGNATURE);

            assertThat(diagnoseWithModel().diagnosis().latencyMs()).isZero();
        }
    }
}
