package io.aegisops.functions.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisops.contracts.Action;
import io.aegisops.contracts.Diagnosis;
import io.aegisops.contracts.DiagnosisSource;
import io.aegisops.contracts.RunbookEntry;
import io.aegisops.contracts.RunbookToggle;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Unit: what the runbook learns from each outcome, and when it may decide alone. */
class RunbookLearningTest {

    static final String SIGNATURE = RunbookEntry.signatureOf("HighMemoryUsage", "buggy-app", Action.RESTART);
    static final Instant AT = Instant.parse("2026-11-21T03:15:00Z");

    static Outcome outcome(Outcome.Kind kind, String incidentId, long recoveryMs) {
        return new Outcome(kind, SIGNATURE, Action.RESTART, "memory leak", incidentId, AT, recoveryMs, false);
    }

    static Optional<RunbookEntry> after(Outcome... outcomes) {
        Optional<RunbookEntry> entry = Optional.empty();
        for (Outcome o : outcomes) {
            entry = Optional.of(RunbookLearning.learn(entry, o));
        }
        return entry;
    }

    @Nested
    class Learning {
        @Test
        void aFirstSuccessCreatesTheEntry() {
            RunbookEntry e = RunbookLearning.learn(Optional.empty(), outcome(Outcome.Kind.SUCCESS, "inc-1", 12_000));
            assertThat(e.signature()).isEqualTo(SIGNATURE);
            assertThat(e.action()).isEqualTo(Action.RESTART);
            assertThat(e.successes()).isEqualTo(1);
            assertThat(e.avgRecoveryMs()).isEqualTo(12_000);
            assertThat(e.lastIncidentId()).isEqualTo("inc-1");
            assertThat(e.lastSeen()).isEqualTo(AT);
        }

        @Test
        void recoveryTimeIsAveragedOverSuccessesOnly() {
            RunbookEntry e = after(
                            outcome(Outcome.Kind.SUCCESS, "inc-1", 10_000),
                            outcome(Outcome.Kind.FAILURE, "inc-2", 99_000),
                            outcome(Outcome.Kind.SUCCESS, "inc-3", 20_000))
                    .orElseThrow();
            assertThat(e.avgRecoveryMs()).isEqualTo(15_000);
            assertThat(e.successes()).isEqualTo(2);
            assertThat(e.failures()).isEqualTo(1);
        }

        @Test
        void rejectionsAreCounted() {
            RunbookEntry e = after(outcome(Outcome.Kind.REJECTION, "inc-1", 0)).orElseThrow();
            assertThat(e.rejections()).isEqualTo(1);
            assertThat(e.successes()).isZero();
        }
    }

    @Nested
    class Deciding {
        @Test
        void anEntryWithEnoughSuccessesDecidesAlone() {
            Diagnosis d = RunbookLearning.diagnose(
                            after(outcome(Outcome.Kind.SUCCESS, "inc-1", 1), outcome(Outcome.Kind.SUCCESS, "inc-2", 1)),
                            2)
                    .orElseThrow();
            assertThat(d.source()).isEqualTo(DiagnosisSource.RUNBOOK);
            assertThat(d.action()).isEqualTo(Action.RESTART);
            assertThat(d.rootCause()).isEqualTo("memory leak");
            assertThat(d.confidence()).isEqualTo(0.95);
            assertThat(d.evidence()).anyMatch(s -> s.contains("2 verified successes"));
        }

        @Test
        void tooFewSuccessesDoNot() {
            assertThat(RunbookLearning.diagnose(after(outcome(Outcome.Kind.SUCCESS, "inc-1", 1)), 2))
                    .isEmpty();
            assertThat(RunbookLearning.diagnose(Optional.empty(), 1)).isEmpty();
        }

        @Test
        void eachFailureOrRejectionCancelsASuccess() {
            Optional<RunbookEntry> mixed = after(
                    outcome(Outcome.Kind.SUCCESS, "inc-1", 1),
                    outcome(Outcome.Kind.SUCCESS, "inc-2", 1),
                    outcome(Outcome.Kind.FAILURE, "inc-3", 1));
            assertThat(RunbookLearning.diagnose(mixed, 2)).isEmpty();

            Optional<RunbookEntry> recovered = after(
                    outcome(Outcome.Kind.SUCCESS, "inc-1", 1),
                    outcome(Outcome.Kind.SUCCESS, "inc-2", 1),
                    outcome(Outcome.Kind.REJECTION, "inc-3", 1),
                    outcome(Outcome.Kind.SUCCESS, "inc-4", 1));
            Diagnosis d = RunbookLearning.diagnose(recovered, 2).orElseThrow();
            assertThat(d.confidence()).isEqualTo(0.75); // 3 of 4: below the auto threshold, a human approves
        }

        @Test
        void aDisabledEntryNeverDecidesUntilEnabled() {
            RunbookEntry earned = after(
                            outcome(Outcome.Kind.SUCCESS, "inc-1", 1),
                            outcome(Outcome.Kind.SUCCESS, "inc-2", 1),
                            outcome(Outcome.Kind.SUCCESS, "inc-3", 1))
                    .orElseThrow();
            RunbookEntry disabled = earned.toggled(new RunbookToggle(true, "ana", "team-lead", AT, "hides a leak"));

            assertThat(RunbookLearning.diagnose(Optional.of(disabled), 1)).isEmpty();
            RunbookEntry learnedWhileDisabled =
                    RunbookLearning.learn(Optional.of(disabled), outcome(Outcome.Kind.SUCCESS, "inc-4", 1));
            assertThat(learnedWhileDisabled.successes()).isEqualTo(4);
            assertThat(RunbookLearning.diagnose(Optional.of(learnedWhileDisabled), 1))
                    .as("learning keeps the operator's disable")
                    .isEmpty();

            RunbookEntry enabled =
                    learnedWhileDisabled.toggled(new RunbookToggle(false, "ana", "team-lead", AT, "leak fixed"));
            assertThat(RunbookLearning.diagnose(Optional.of(enabled), 1)).isPresent();
        }

        @Test
        void onlyFailuresNeverDecide() {
            assertThat(RunbookLearning.diagnose(after(outcome(Outcome.Kind.FAILURE, "inc-1", 1)), 0))
                    .isEmpty();
        }
    }
}
