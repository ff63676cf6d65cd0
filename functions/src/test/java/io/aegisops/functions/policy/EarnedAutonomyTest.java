package io.aegisops.functions.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisops.contracts.Action;
import io.aegisops.contracts.DecisionMode;
import io.aegisops.contracts.Diagnosis;
import io.aegisops.contracts.DiagnosisSource;
import io.aegisops.contracts.RestartBudget;
import io.aegisops.contracts.RunbookEntry;
import io.aegisops.contracts.RunbookToggle;
import io.aegisops.contracts.Severity;
import io.aegisops.contracts.Target;
import io.aegisops.functions.runbook.Outcome;
import io.aegisops.functions.runbook.RunbookLearning;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Unit: autonomy earned from people. A pattern's outcomes are learned as Learn counts them, and the policy decides
 * on the trust they add up to: three approvals in a row, each verified, promote it; one rejection or one failed
 * verification demotes it.
 */
class EarnedAutonomyTest {

    static final Instant NOW = Instant.parse("2026-11-21T03:15:00Z");
    static final Instant REJECTED_AT = Instant.parse("2026-11-21T02:00:00Z");
    static final String PATTERN = RunbookEntry.signatureOf("HighMemoryUsage", "buggy-app", Action.RESTART);
    static final Target TARGET = new Target(
            "buggy-app",
            "edge-1",
            "buggy-app",
            null,
            EnumSet.of(Action.RESTART, Action.ROLLBACK, Action.STOP),
            Set.of(Severity.CRITICAL),
            new RestartBudget(100, 60));

    /** What Learn counts: a verified success people approved, one the policy ran alone, a rejection, a failure. */
    enum Lesson {
        APPROVED_SUCCESS,
        AUTO_SUCCESS,
        REJECTION,
        FAILURE
    }

    static Trust trustAfter(Lesson... lessons) {
        Optional<RunbookEntry> entry = Optional.empty();
        int n = 0;
        for (Lesson lesson : lessons) {
            Outcome.Kind kind = switch (lesson) {
                case APPROVED_SUCCESS, AUTO_SUCCESS -> Outcome.Kind.SUCCESS;
                case REJECTION -> Outcome.Kind.REJECTION;
                case FAILURE -> Outcome.Kind.FAILURE;
            };
            entry = Optional.of(RunbookLearning.learn(
                    entry,
                    new Outcome(
                            kind,
                            PATTERN,
                            Action.RESTART,
                            "memory leak",
                            "inc-" + n++,
                            lesson == Lesson.REJECTION ? REJECTED_AT : NOW,
                            9_000,
                            lesson == Lesson.APPROVED_SUCCESS)));
        }
        return Trust.of(entry, Trust.DEFAULT_MIN_APPROVALS);
    }

    static Diagnosis diagnosis(Action action, DiagnosisSource source, double confidence) {
        return new Diagnosis("memory leak", action, confidence, "why", List.of(), source, null, 1);
    }

    static PolicyVerdict decide(Diagnosis diagnosis, Severity severity, Trust trust) {
        return Policy.decide(
                TARGET, diagnosis, severity, null, RestartLedger.EMPTY, trust, PolicySettings.DEFAULTS, NOW);
    }

    static PolicyVerdict runbookRestart(Trust trust) {
        return decide(diagnosis(Action.RESTART, DiagnosisSource.RUNBOOK, 0.95), Severity.HIGH, trust);
    }

    static Lesson[] approvedTimes(int times) {
        Lesson[] lessons = new Lesson[times];
        Arrays.fill(lessons, Lesson.APPROVED_SUCCESS);
        return lessons;
    }

    @Nested
    class ARunbookMatch {
        @ParameterizedTest(name = "approved {0} times")
        @ValueSource(ints = {0, 1, 2})
        void asksPeopleUntilTheyApprovedItThreeTimes(int approvals) {
            PolicyVerdict v = runbookRestart(trustAfter(approvedTimes(approvals)));

            assertThat(v.mode()).isEqualTo(DecisionMode.APPROVAL);
            assertThat(v.rule()).isEqualTo(PolicyRule.AUTONOMY_NOT_EARNED);
            assertThat(v.decision().reasons())
                    .contains("runbook match, approved by people " + approvals
                            + "/3, last rejected never: needs approval");
        }

        @Test
        void runsAloneOnceApprovedThreeTimesEachVerified() {
            PolicyVerdict v = runbookRestart(trustAfter(approvedTimes(3)));

            assertThat(v.mode()).isEqualTo(DecisionMode.AUTO);
            assertThat(v.rule()).isEqualTo(PolicyRule.WITHIN_POLICY);
            assertThat(v.decision().reasons())
                    .contains("runbook match, approved by people 3/3, last rejected never: AUTO earned from people");
        }

        @Test
        void isNotPromotedByItsOwnAutomaticSuccesses() {
            PolicyVerdict v = runbookRestart(
                    trustAfter(Lesson.AUTO_SUCCESS, Lesson.AUTO_SUCCESS, Lesson.AUTO_SUCCESS, Lesson.APPROVED_SUCCESS));

            assertThat(v.mode()).isEqualTo(DecisionMode.APPROVAL);
            assertThat(v.decision().reasons()).anyMatch(r -> r.contains("approved by people 1/3"));
        }

        @Test
        void staysEarnedThroughItsOwnVerifiedSuccesses() {
            Lesson[] lessons = {
                Lesson.APPROVED_SUCCESS, Lesson.APPROVED_SUCCESS, Lesson.APPROVED_SUCCESS, Lesson.AUTO_SUCCESS
            };
            assertThat(runbookRestart(trustAfter(lessons)).mode()).isEqualTo(DecisionMode.AUTO);
        }

        @Test
        void isDemotedByOneRejectionAndMustBeApprovedThreeTimesAgain() {
            Trust afterRejection = trustAfter(
                    Lesson.APPROVED_SUCCESS,
                    Lesson.APPROVED_SUCCESS,
                    Lesson.APPROVED_SUCCESS,
                    Lesson.AUTO_SUCCESS,
                    Lesson.REJECTION);

            PolicyVerdict v = runbookRestart(afterRejection);
            assertThat(v.mode()).isEqualTo(DecisionMode.APPROVAL);
            assertThat(v.decision().reasons())
                    .contains(
                            "runbook match, approved by people 0/3, last rejected " + REJECTED_AT + ": needs approval");

            Trust twoMore = trustAfter(
                    Lesson.APPROVED_SUCCESS,
                    Lesson.APPROVED_SUCCESS,
                    Lesson.APPROVED_SUCCESS,
                    Lesson.REJECTION,
                    Lesson.APPROVED_SUCCESS,
                    Lesson.APPROVED_SUCCESS);
            assertThat(runbookRestart(twoMore).mode()).isEqualTo(DecisionMode.APPROVAL);
            Trust threeMore = trustAfter(
                    Lesson.APPROVED_SUCCESS,
                    Lesson.APPROVED_SUCCESS,
                    Lesson.APPROVED_SUCCESS,
                    Lesson.REJECTION,
                    Lesson.APPROVED_SUCCESS,
                    Lesson.APPROVED_SUCCESS,
                    Lesson.APPROVED_SUCCESS);
            assertThat(runbookRestart(threeMore).decision().reasons())
                    .contains("runbook match, approved by people 3/3, last rejected " + REJECTED_AT
                            + ": AUTO earned from people");
        }

        @Test
        void isDemotedByOneFailedVerification() {
            PolicyVerdict v = runbookRestart(trustAfter(
                    Lesson.APPROVED_SUCCESS, Lesson.APPROVED_SUCCESS, Lesson.APPROVED_SUCCESS, Lesson.FAILURE));

            assertThat(v.mode()).isEqualTo(DecisionMode.APPROVAL);
            assertThat(v.decision().reasons())
                    .contains("runbook match, approved by people 0/3, last rejected never, last failed verification "
                            + NOW + ": needs approval");
        }

        @Test
        void thatEarnedAutoStillAsksForASeverityTheTargetWantsApproved() {
            PolicyVerdict v = decide(
                    diagnosis(Action.RESTART, DiagnosisSource.RUNBOOK, 0.95),
                    Severity.CRITICAL,
                    trustAfter(approvedTimes(3)));

            assertThat(v.mode()).isEqualTo(DecisionMode.APPROVAL);
            assertThat(v.rule()).isEqualTo(PolicyRule.SEVERITY_NEEDS_APPROVAL);
        }

        @Test
        void thatEarnedAutoStillAsksWhenTheConfidenceIsTooLow() {
            PolicyVerdict v = decide(
                    diagnosis(Action.RESTART, DiagnosisSource.RUNBOOK, 0.75),
                    Severity.HIGH,
                    trustAfter(approvedTimes(3)));

            assertThat(v.mode()).isEqualTo(DecisionMode.APPROVAL);
            assertThat(v.rule()).isEqualTo(PolicyRule.CONFIDENCE_NEEDS_APPROVAL);
        }
    }

    @Nested
    class ADisabledPattern {
        final Instant disabledAt = Instant.parse("2026-11-21T03:00:00Z");

        Trust disabled(Lesson... lessons) {
            Trust trust = trustAfter(lessons);
            return new Trust(
                    trust.approvedStreak(), trust.required(), trust.lastRejectedAt(), trust.lastFailedAt(), disabledAt);
        }

        @Test
        void neverRunsAloneThoughPeopleApprovedItThreeTimes() {
            PolicyVerdict v = runbookRestart(disabled(approvedTimes(3)));

            assertThat(v.mode()).isEqualTo(DecisionMode.APPROVAL);
            assertThat(v.rule()).isEqualTo(PolicyRule.AUTONOMY_NOT_EARNED);
            assertThat(v.decision().reasons())
                    .anyMatch(r -> r.endsWith(", disabled by an operator " + disabledAt + ": needs approval"));
        }

        @Test
        void asksPeopleForAConfidentDiagnosisOfTheEvidence() {
            PolicyVerdict v = decide(
                    diagnosis(Action.RESTART, DiagnosisSource.RULES, 0.95), Severity.HIGH, disabled(approvedTimes(3)));

            assertThat(v.mode()).isEqualTo(DecisionMode.APPROVAL);
            assertThat(v.decision().reasons()).anyMatch(r -> r.startsWith("disabled by an operator, approved by"));
        }

        @Test
        void readsTheOperatorsDisableFromTheRunbookEntry() {
            RunbookEntry entry = RunbookLearning.learn(
                            Optional.empty(),
                            new Outcome(Outcome.Kind.SUCCESS, PATTERN, Action.RESTART, "leak", "inc-1", NOW, 1, true))
                    .toggled(new RunbookToggle(true, "ana", "team-lead", disabledAt, "hides a leak"));

            Trust trust = Trust.of(Optional.of(entry), 1);

            assertThat(trust.earned()).isFalse();
            assertThat(trust.disabledAt()).isEqualTo(disabledAt);
            assertThat(Trust.of(
                                    Optional.of(
                                            entry.toggled(new RunbookToggle(false, "ana", "team-lead", NOW, "fixed"))),
                                    1)
                            .earned())
                    .isTrue();
        }
    }

    @Nested
    class ADiagnosisOfTheEvidence {
        @Test
        void decidesAsBeforeForAPatternNobodyTurnedDown() {
            PolicyVerdict v = decide(
                    diagnosis(Action.RESTART, DiagnosisSource.RULES, 0.95),
                    Severity.HIGH,
                    trustAfter(Lesson.AUTO_SUCCESS));

            assertThat(v.mode()).isEqualTo(DecisionMode.AUTO);
            assertThat(v.decision().reasons()).noneMatch(r -> r.contains("approved by people"));
        }

        @Test
        void asksPeopleAfterTheyRejectedThePattern() {
            PolicyVerdict v = decide(
                    diagnosis(Action.RESTART, DiagnosisSource.RULES, 0.95),
                    Severity.HIGH,
                    trustAfter(Lesson.REJECTION));

            assertThat(v.mode()).isEqualTo(DecisionMode.APPROVAL);
            assertThat(v.rule()).isEqualTo(PolicyRule.AUTONOMY_NOT_EARNED);
            assertThat(v.decision().reasons())
                    .contains("rejected or failed before, approved by people 0/3, last rejected " + REJECTED_AT
                            + ": needs approval");
        }

        @Test
        void asksPeopleAfterTheRemedyFailedItsVerification() {
            PolicyVerdict v = decide(
                    diagnosis(Action.RESTART, DiagnosisSource.LLM, 0.95), Severity.HIGH, trustAfter(Lesson.FAILURE));

            assertThat(v.mode()).isEqualTo(DecisionMode.APPROVAL);
            assertThat(v.rule()).isEqualTo(PolicyRule.AUTONOMY_NOT_EARNED);
        }
    }

    @Nested
    class ARollbackOrAStop {
        @ParameterizedTest
        @ValueSource(strings = {"ROLLBACK", "STOP"})
        void runsAloneOnlyOncePeopleApprovedItThreeTimes(String name) {
            Diagnosis sure = diagnosis(Action.valueOf(name), DiagnosisSource.RULES, 0.99);

            PolicyVerdict twice = decide(sure, Severity.HIGH, trustAfter(approvedTimes(2)));
            assertThat(twice.mode()).isEqualTo(DecisionMode.APPROVAL);
            assertThat(twice.rule()).isEqualTo(PolicyRule.ACTION_NEEDS_APPROVAL);

            PolicyVerdict thrice = decide(sure, Severity.HIGH, trustAfter(approvedTimes(3)));
            assertThat(thrice.mode()).isEqualTo(DecisionMode.AUTO);
            assertThat(thrice.decision().reasons())
                    .contains(name + " needs people's approval until they earn it AUTO for this pattern,"
                            + " approved by people 3/3, last rejected never: AUTO earned from people");
        }
    }
}
