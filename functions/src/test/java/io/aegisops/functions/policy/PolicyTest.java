package io.aegisops.functions.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisops.contracts.Action;
import io.aegisops.contracts.ContainerState;
import io.aegisops.contracts.DecisionMode;
import io.aegisops.contracts.Diagnosis;
import io.aegisops.contracts.DiagnosisSource;
import io.aegisops.contracts.ResourceUsage;
import io.aegisops.contracts.RestartBudget;
import io.aegisops.contracts.ScaleUpBounds;
import io.aegisops.contracts.Severity;
import io.aegisops.contracts.Target;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Unit: the safety policy, rule by rule, and its invariants over every combination of inputs. */
class PolicyTest {

    static final Instant NOW = Instant.parse("2026-11-21T03:15:00Z");
    static final PolicySettings SETTINGS = PolicySettings.DEFAULTS;

    static Target target(Set<Action> allowed, Set<Severity> approvalSeverities, RestartBudget budget) {
        return new Target(
                "buggy-app",
                "edge-1",
                "buggy-app",
                "http://127.0.0.1:8080/health",
                allowed,
                approvalSeverities,
                budget);
    }

    static final Target RESTARTABLE = target(Set.of(Action.RESTART), Set.of(), RestartBudget.DEFAULT);

    static Diagnosis diagnosis(Action action, double confidence) {
        return new Diagnosis("heap exhausted", action, confidence, "why", List.of(), DiagnosisSource.RULES, null, 1);
    }

    static RestartLedger restartsAgo(Duration... ago) {
        List<RestartLedger.Restart> restarts = new ArrayList<>();
        for (int i = 0; i < ago.length; i++) {
            restarts.add(new RestartLedger.Restart("inc-" + i + "#restart#1", NOW.minus(ago[i])));
        }
        return new RestartLedger(restarts);
    }

    static PolicyVerdict decide(Target target, Diagnosis diagnosis) {
        return Policy.decide(target, diagnosis, Severity.HIGH, null, RestartLedger.EMPTY, SETTINGS, NOW);
    }

    @Nested
    class Allowlist {
        @Test
        void anUnknownTargetIsEscalated() {
            PolicyVerdict v = decide(null, diagnosis(Action.RESTART, 0.99));
            assertThat(v.mode()).isEqualTo(DecisionMode.ESCALATE);
            assertThat(v.rule()).isEqualTo(PolicyRule.UNKNOWN_TARGET);
            assertThat(v.decision().reasons()).anyMatch(r -> r.contains("not a configured target"));
        }

        @Test
        void aRestartNotAllowedForTheTargetIsEscalated() {
            PolicyVerdict v =
                    decide(target(Set.of(), Set.of(), RestartBudget.DEFAULT), diagnosis(Action.RESTART, 0.99));
            assertThat(v.mode()).isEqualTo(DecisionMode.ESCALATE);
            assertThat(v.rule()).isEqualTo(PolicyRule.ACTION_NOT_ALLOWED);
            assertThat(v.decision().reasons()).anyMatch(r -> r.contains("RESTART is not allowed for buggy-app"));
        }

        @Test
        void noopAndEscalateNeedNoAllowlisting() {
            Target nothingAllowed = target(Set.of(), Set.of(), RestartBudget.DEFAULT);
            assertThat(decide(nothingAllowed, diagnosis(Action.NOOP, 0.9)).mode())
                    .isEqualTo(DecisionMode.NOOP);
            assertThat(decide(nothingAllowed, diagnosis(Action.ESCALATE, 0.9)).mode())
                    .isEqualTo(DecisionMode.ESCALATE);
        }
    }

    /** Each remedy of the catalog, decided on its own terms. */
    @Nested
    class PerAction {
        static final ScaleUpBounds BOUNDS = new ScaleUpBounds(512, 128, 2.0, 0.5);
        static final Target EVERY_REMEDY = new Target(
                "buggy-app",
                "edge-1",
                "buggy-app",
                null,
                EnumSet.of(Action.RESTART, Action.ROLLBACK, Action.SCALE_UP, Action.STOP),
                Set.of(),
                RestartBudget.DEFAULT,
                BOUNDS);

        static ContainerState limitedTo(Long memoryLimitBytes, Double cpuLimitCores) {
            return new ContainerState(
                    "running",
                    null,
                    false,
                    0,
                    null,
                    NOW,
                    null,
                    new ResourceUsage(10L << 20, memoryLimitBytes, 0.1, cpuLimitCores),
                    "app:2",
                    "app:1");
        }

        static PolicyVerdict decideObserving(Target target, Action action, ContainerState observed) {
            return Policy.decide(
                    target, diagnosis(action, 0.99), Severity.HIGH, observed, RestartLedger.EMPTY, SETTINGS, NOW);
        }

        @ParameterizedTest
        @EnumSource(
                value = Action.class,
                names = {"ROLLBACK", "STOP"})
        void rollbackAndStopAskAHumanHoweverSureTheDiagnosisUntilPeopleEarnThemAuto(Action action) {
            PolicyVerdict v = decide(EVERY_REMEDY, diagnosis(action, 1.0));
            assertThat(v.mode()).isEqualTo(DecisionMode.APPROVAL);
            assertThat(v.rule()).isEqualTo(PolicyRule.ACTION_NEEDS_APPROVAL);
            assertThat(v.decision().reasons())
                    .contains(action + " needs people's approval until they earn it AUTO for this pattern,"
                            + " approved by people 0/3, last rejected never: needs approval");
        }

        @ParameterizedTest
        @EnumSource(
                value = Action.class,
                names = {"RESTART", "ROLLBACK", "SCALE_UP", "STOP"})
        void aRemedyOutsideTheTargetsCatalogIsEscalated(Action action) {
            Target restartOnly = new Target(
                    "buggy-app",
                    "edge-1",
                    "buggy-app",
                    null,
                    Set.of(Action.RESTART),
                    Set.of(),
                    RestartBudget.DEFAULT,
                    BOUNDS);
            PolicyVerdict v = decide(restartOnly, diagnosis(action, 0.99));
            if (action == Action.RESTART) {
                assertThat(v.mode()).isEqualTo(DecisionMode.AUTO);
            } else {
                assertThat(v.mode()).isEqualTo(DecisionMode.ESCALATE);
                assertThat(v.rule()).isEqualTo(PolicyRule.ACTION_NOT_ALLOWED);
            }
        }

        @Test
        void aConfidentScaleUpWithinItsBoundsRunsOnItsOwnAndNamesThem() {
            PolicyVerdict v = decideObserving(EVERY_REMEDY, Action.SCALE_UP, limitedTo(256L << 20, 1.0));
            assertThat(v.mode()).isEqualTo(DecisionMode.AUTO);
            assertThat(v.decision().reasons())
                    .contains("SCALE_UP stays within the bounds of buggy-app (memory +128 MiB up to 512 MiB,"
                            + " CPU +0.50 up to 2.00 cores)");
        }

        @Test
        void aScaleUpWithoutEvidenceIsLeftToTheAgentsOwnBounds() {
            assertThat(decideObserving(EVERY_REMEDY, Action.SCALE_UP, null).mode())
                    .isEqualTo(DecisionMode.AUTO);
        }

        @Test
        void aScaleUpOfATargetWithoutBoundsIsEscalated() {
            PolicyVerdict v = decide(
                    target(Set.of(Action.SCALE_UP), Set.of(), RestartBudget.DEFAULT), diagnosis(Action.SCALE_UP, 0.99));
            assertThat(v.mode()).isEqualTo(DecisionMode.ESCALATE);
            assertThat(v.rule()).isEqualTo(PolicyRule.OUT_OF_BOUNDS);
            assertThat(v.decision().reasons()).anyMatch(r -> r.contains("SCALE_UP needs scale-up bounds"));
        }

        @Test
        void aScaleUpOfLimitsAlreadyAtTheirMaximaIsEscalated() {
            PolicyVerdict v = decideObserving(EVERY_REMEDY, Action.SCALE_UP, limitedTo(512L << 20, 2.0));
            assertThat(v.mode()).isEqualTo(DecisionMode.ESCALATE);
            assertThat(v.rule()).isEqualTo(PolicyRule.OUT_OF_BOUNDS);
            assertThat(v.decision().reasons()).anyMatch(r -> r.contains("would go beyond the bounds"));
        }

        @Test
        void aScaleUpOfAnUnlimitedTargetIsEscalatedSinceALimitWouldLowerIt() {
            assertThat(decideObserving(EVERY_REMEDY, Action.SCALE_UP, limitedTo(null, null))
                            .rule())
                    .isEqualTo(PolicyRule.OUT_OF_BOUNDS);
        }

        @Test
        void oneResourceBelowItsMaximumIsEnoughToScale() {
            assertThat(decideObserving(EVERY_REMEDY, Action.SCALE_UP, limitedTo(512L << 20, 1.5))
                            .mode())
                    .isEqualTo(DecisionMode.AUTO);
        }

        @ParameterizedTest
        @EnumSource(
                value = Action.class,
                names = {"RESTART", "ROLLBACK", "SCALE_UP", "STOP"})
        void theBudgetCountsEveryRemedyNotOnlyRestarts(Action action) {
            RestartLedger mixed = new RestartLedger(List.of(
                    new RestartLedger.Restart("inc-1#rollback#1", NOW.minus(Duration.ofMinutes(20))),
                    new RestartLedger.Restart("inc-2#scale-up#1", NOW.minus(Duration.ofMinutes(10))),
                    new RestartLedger.Restart("inc-3#stop#1", NOW.minus(Duration.ofMinutes(5)))));
            PolicyVerdict v =
                    Policy.decide(EVERY_REMEDY, diagnosis(action, 0.99), Severity.HIGH, null, mixed, SETTINGS, NOW);
            assertThat(v.rule()).isEqualTo(PolicyRule.BUDGET_EXHAUSTED);
            assertThat(v.decision().reasons())
                    .anyMatch(r -> r.equals("restart budget 3/3 used in 30 min: exhausted"
                            + " (every action that changes the container counts)"));
        }

        @Test
        void theCooldownFollowsAnyRemedy() {
            RestartLedger rolledBack = new RestartLedger(
                    List.of(new RestartLedger.Restart("inc-1#rollback#1", NOW.minus(Duration.ofSeconds(10)))));
            PolicyVerdict v = Policy.decide(
                    EVERY_REMEDY, diagnosis(Action.SCALE_UP, 0.99), Severity.HIGH, null, rolledBack, SETTINGS, NOW);
            assertThat(v.rule()).isEqualTo(PolicyRule.COOLDOWN);
        }
    }

    @Nested
    class Confidence {
        @ParameterizedTest
        @ValueSource(doubles = {0.0, 0.2, 0.49})
        void belowTheMinimumIsEscalated(double confidence) {
            PolicyVerdict v = decide(RESTARTABLE, diagnosis(Action.RESTART, confidence));
            assertThat(v.mode()).isEqualTo(DecisionMode.ESCALATE);
            assertThat(v.rule()).isEqualTo(PolicyRule.LOW_CONFIDENCE);
        }

        @ParameterizedTest
        @ValueSource(doubles = {0.5, 0.7, 0.849})
        void belowTheAutoThresholdNeedsApproval(double confidence) {
            PolicyVerdict v = decide(RESTARTABLE, diagnosis(Action.RESTART, confidence));
            assertThat(v.mode()).isEqualTo(DecisionMode.APPROVAL);
            assertThat(v.rule()).isEqualTo(PolicyRule.CONFIDENCE_NEEDS_APPROVAL);
        }

        @ParameterizedTest
        @ValueSource(doubles = {0.85, 0.9, 1.0})
        void atOrAboveTheAutoThresholdRunsAutomatically(double confidence) {
            PolicyVerdict v = decide(RESTARTABLE, diagnosis(Action.RESTART, confidence));
            assertThat(v.mode()).isEqualTo(DecisionMode.AUTO);
            assertThat(v.rule()).isEqualTo(PolicyRule.WITHIN_POLICY);
            assertThat(v.decision().reasons())
                    .contains(
                            "RESTART is allowed for buggy-app",
                            "restart budget 0/3 used in 30 min (every action that changes the container counts)");
        }

        @Test
        void thresholdsComeFromTheSettings() {
            PolicySettings strict = new PolicySettings(0.95, 0.9, Duration.ZERO, false);
            assertThat(Policy.decide(
                                    RESTARTABLE,
                                    diagnosis(Action.RESTART, 0.92),
                                    Severity.LOW,
                                    null,
                                    RestartLedger.EMPTY,
                                    strict,
                                    NOW)
                            .mode())
                    .isEqualTo(DecisionMode.APPROVAL);
            assertThat(Policy.decide(
                                    RESTARTABLE,
                                    diagnosis(Action.RESTART, 0.85),
                                    Severity.LOW,
                                    null,
                                    RestartLedger.EMPTY,
                                    strict,
                                    NOW)
                            .mode())
                    .isEqualTo(DecisionMode.ESCALATE);
        }
    }

    @Nested
    class Severities {
        @Test
        void aSeverityListedForTheTargetNeedsApprovalEvenWhenConfident() {
            Target critical = target(Set.of(Action.RESTART), Set.of(Severity.CRITICAL), RestartBudget.DEFAULT);
            PolicyVerdict v = Policy.decide(
                    critical,
                    diagnosis(Action.RESTART, 0.99),
                    Severity.CRITICAL,
                    null,
                    RestartLedger.EMPTY,
                    SETTINGS,
                    NOW);
            assertThat(v.mode()).isEqualTo(DecisionMode.APPROVAL);
            assertThat(v.rule()).isEqualTo(PolicyRule.SEVERITY_NEEDS_APPROVAL);
            assertThat(v.decision().reasons()).anyMatch(r -> r.contains("severity CRITICAL needs approval"));
        }

        @Test
        void anotherSeverityDoesNot() {
            Target critical = target(Set.of(Action.RESTART), Set.of(Severity.CRITICAL), RestartBudget.DEFAULT);
            assertThat(Policy.decide(
                                    critical,
                                    diagnosis(Action.RESTART, 0.99),
                                    Severity.HIGH,
                                    null,
                                    RestartLedger.EMPTY,
                                    SETTINGS,
                                    NOW)
                            .mode())
                    .isEqualTo(DecisionMode.AUTO);
        }

        @Test
        void bothReasonsAreGivenWhenBothApply() {
            Target critical = target(Set.of(Action.RESTART), Set.of(Severity.CRITICAL), RestartBudget.DEFAULT);
            PolicyVerdict v = Policy.decide(
                    critical,
                    diagnosis(Action.RESTART, 0.6),
                    Severity.CRITICAL,
                    null,
                    RestartLedger.EMPTY,
                    SETTINGS,
                    NOW);
            assertThat(v.rule()).isEqualTo(PolicyRule.CONFIDENCE_NEEDS_APPROVAL);
            assertThat(v.decision().reasons())
                    .anyMatch(r -> r.contains("needs approval for buggy-app"))
                    .anyMatch(r -> r.contains("below 0.85"));
        }
    }

    @Nested
    class RestartBudgetAndCooldown {
        @Test
        void threeRestartsInThirtyMinutesExhaustTheDefaultBudget() {
            RestartLedger three = restartsAgo(Duration.ofMinutes(29), Duration.ofMinutes(10), Duration.ofMinutes(2));
            PolicyVerdict v = Policy.decide(
                    RESTARTABLE, diagnosis(Action.RESTART, 0.99), Severity.HIGH, null, three, SETTINGS, NOW);
            assertThat(v.mode()).isEqualTo(DecisionMode.ESCALATE);
            assertThat(v.rule()).isEqualTo(PolicyRule.BUDGET_EXHAUSTED);
            assertThat(v.rule().isBudgetRefusal()).isTrue();
            assertThat(v.decision().reasons())
                    .contains(
                            "restart budget 3/3 used in 30 min: exhausted (every action that changes the container counts)");
        }

        @Test
        void restartsOutsideTheWindowNoLongerCount() {
            RestartLedger old = restartsAgo(Duration.ofMinutes(31), Duration.ofMinutes(30), Duration.ofMinutes(10));
            assertThat(Policy.decide(
                                    RESTARTABLE,
                                    diagnosis(Action.RESTART, 0.99),
                                    Severity.HIGH,
                                    null,
                                    old,
                                    SETTINGS,
                                    NOW)
                            .mode())
                    .isEqualTo(DecisionMode.AUTO);
        }

        @Test
        void aBudgetOfZeroNeverAllowsARestart() {
            Target never = target(Set.of(Action.RESTART), Set.of(), new RestartBudget(0, 30));
            assertThat(decide(never, diagnosis(Action.RESTART, 1.0)).rule()).isEqualTo(PolicyRule.BUDGET_EXHAUSTED);
        }

        @Test
        void aRestartWithinTheCooldownIsEscalated() {
            RestartLedger justNow = restartsAgo(Duration.ofSeconds(10));
            PolicyVerdict v = Policy.decide(
                    RESTARTABLE, diagnosis(Action.RESTART, 0.99), Severity.HIGH, null, justNow, SETTINGS, NOW);
            assertThat(v.rule()).isEqualTo(PolicyRule.COOLDOWN);
            assertThat(v.rule().isBudgetRefusal()).isTrue();
            assertThat(v.decision().reasons()).anyMatch(r -> r.contains("within the 30 s cooldown"));
        }

        @Test
        void afterTheCooldownARestartIsAllowedAgain() {
            RestartLedger earlier = restartsAgo(Duration.ofSeconds(30));
            assertThat(Policy.decide(
                                    RESTARTABLE,
                                    diagnosis(Action.RESTART, 0.99),
                                    Severity.HIGH,
                                    null,
                                    earlier,
                                    SETTINGS,
                                    NOW)
                            .mode())
                    .isEqualTo(DecisionMode.AUTO);
        }
    }

    @Nested
    class ShadowMode {
        @ParameterizedTest
        @EnumSource(Action.class)
        void everyDecisionIsADryRunAndSaysSo(Action action) {
            PolicySettings shadow = new PolicySettings(0.85, 0.5, Duration.ZERO, true);
            PolicyVerdict v = Policy.decide(
                    RESTARTABLE, diagnosis(action, 0.99), Severity.HIGH, null, RestartLedger.EMPTY, shadow, NOW);
            assertThat(v.decision().dryRun()).isTrue();
            assertThat(v.decision().reasons()).contains("shadow mode: commands are dry runs");
        }

        @Test
        void withoutItNothingIsADryRun() {
            assertThat(decide(RESTARTABLE, diagnosis(Action.RESTART, 0.99))
                            .decision()
                            .dryRun())
                    .isFalse();
        }
    }

    /** Every combination of the inputs that matter, checked against the rules a user relies on. */
    @Nested
    class Invariants {
        @Test
        void aRestartIsPermittedOnlyInsideAllowlistBudgetCooldownAndConfidence() {
            List<Set<Action>> allowlists =
                    List.of(Set.of(), Set.of(Action.RESTART), EnumSet.allOf(Action.class), Set.of(Action.NOOP));
            List<Set<Severity>> approvalSets =
                    List.of(Set.of(), Set.of(Severity.CRITICAL), EnumSet.allOf(Severity.class));
            List<RestartLedger> ledgers = List.of(
                    RestartLedger.EMPTY,
                    restartsAgo(Duration.ofMinutes(5)),
                    restartsAgo(Duration.ofSeconds(5)),
                    restartsAgo(Duration.ofMinutes(20), Duration.ofMinutes(10), Duration.ofMinutes(5)),
                    restartsAgo(Duration.ofMinutes(40), Duration.ofMinutes(35), Duration.ofMinutes(31)));
            List<RestartBudget> budgets =
                    List.of(RestartBudget.DEFAULT, new RestartBudget(0, 30), new RestartBudget(1, 60));
            double[] confidences = {0, 0.3, 0.5, 0.6, 0.84, 0.85, 0.9, 1};
            int checked = 0;
            for (Set<Action> allowed : allowlists) {
                for (Set<Severity> approvalSeverities : approvalSets) {
                    for (RestartBudget budget : budgets) {
                        Target t = target(allowed, approvalSeverities, budget);
                        for (RestartLedger ledger : ledgers) {
                            for (Action action : Action.values()) {
                                for (double c : confidences) {
                                    for (Severity severity : Severity.values()) {
                                        for (boolean shadow : new boolean[] {false, true}) {
                                            PolicySettings s =
                                                    new PolicySettings(0.85, 0.5, Duration.ofSeconds(30), shadow);
                                            PolicyVerdict v = Policy.decide(
                                                    t, diagnosis(action, c), severity, null, ledger, s, NOW);
                                            assertInvariants(t, action, c, severity, ledger, s, v);
                                            checked++;
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            assertThat(checked).isEqualTo(4 * 3 * 3 * 5 * Action.values().length * 8 * 5 * 2);
        }

        private void assertInvariants(
                Target t,
                Action action,
                double c,
                Severity severity,
                RestartLedger ledger,
                PolicySettings s,
                PolicyVerdict v) {
            String context = t + " " + action + " " + c + " " + severity + " " + ledger + " -> " + v;
            assertThat(v.decision().reasons()).as(context).isNotEmpty();
            assertThat(v.decision().dryRun()).as(context).isEqualTo(s.shadowMode());
            if (v.permitsAction()) {
                assertThat(action.changesTarget()).as(context).isTrue();
                assertThat(t.allowedActions()).as(context).contains(action);
                assertThat(action).as(context + ": SCALE_UP needs bounds").isNotEqualTo(Action.SCALE_UP);
                assertThat(c).as(context).isGreaterThanOrEqualTo(s.minConfidence());
                assertThat(ledger.usedIn(t.restartBudget(), NOW))
                        .as(context)
                        .isLessThan(t.restartBudget().max());
                ledger.lastRestart()
                        .ifPresent(last ->
                                assertThat(last.plus(s.cooldown())).as(context).isBeforeOrEqualTo(NOW));
            }
            if (v.mode() == DecisionMode.AUTO) {
                assertThat(action).as(context).isNotIn(Action.ROLLBACK, Action.STOP);
                assertThat(c).as(context).isGreaterThanOrEqualTo(s.autoConfidence());
                assertThat(t.approvalSeverities()).as(context).doesNotContain(severity);
            }
            if (v.mode() == DecisionMode.NOOP) {
                assertThat(action).as(context).isEqualTo(Action.NOOP);
            }
            if (action == Action.ESCALATE) {
                assertThat(v.mode()).as(context).isEqualTo(DecisionMode.ESCALATE);
            }
        }
    }
}
