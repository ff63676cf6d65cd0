package io.aegisops.functions.remediate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aegisops.contracts.Action;
import io.aegisops.contracts.Command;
import io.aegisops.contracts.CommandType;
import io.aegisops.contracts.ContainerState;
import io.aegisops.contracts.Decision;
import io.aegisops.contracts.DecisionMode;
import io.aegisops.contracts.Diagnosis;
import io.aegisops.contracts.DiagnosisSource;
import io.aegisops.contracts.Evidence;
import io.aegisops.contracts.HealthReading;
import io.aegisops.contracts.Incident;
import io.aegisops.contracts.IncidentStatus;
import io.aegisops.contracts.RestartBudget;
import io.aegisops.contracts.RunbookEntry;
import io.aegisops.contracts.ScaleUpBounds;
import io.aegisops.contracts.Target;
import io.aegisops.contracts.TimelineStage;
import io.aegisops.functions.commands.CommandQueue.Submission;
import io.aegisops.functions.pipeline.CommandDispatch;
import io.aegisops.functions.pipeline.Fixtures;
import io.aegisops.functions.pipeline.InMemoryStores;
import io.aegisops.functions.policy.PolicyRule;
import io.aegisops.functions.policy.PolicySettings;
import io.aegisops.functions.policy.PolicyVerdict;
import io.aegisops.functions.policy.Trust;
import io.aegisops.functions.runbook.Outcome;
import io.aegisops.functions.store.InMemoryIncidentStore;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Unit, on the in-memory stores: the remediation's order of checks, its dry-run branch, its budget use, how refusals
 * are named, and that one decision never restarts a container twice.
 */
class RemediatorTest {

    static final Instant NOW = Fixtures.NOW;
    static final PolicySettings NO_COOLDOWN = new PolicySettings(0.85, 0.5, Duration.ZERO, false);
    static final Diagnosis RESTART =
            new Diagnosis("leak", Action.RESTART, 0.9, "heap", List.of(), DiagnosisSource.RULES, null, 0);
    static final Diagnosis UNSURE_RESTART =
            new Diagnosis("leak?", Action.RESTART, 0.6, "heap", List.of(), DiagnosisSource.RULES, null, 0);
    static final Decision AUTO = new Decision(DecisionMode.AUTO, List.of("within policy"), false);
    static final Decision APPROVAL = new Decision(DecisionMode.APPROVAL, List.of("needs approval"), false);

    /** Set to make every incident update fail, as an unavailable table would. */
    boolean failUpdates;

    final InMemoryIncidentStore incidents = new InMemoryIncidentStore() {
        @Override
        public Incident update(String incidentId, UnaryOperator<Incident> change) {
            if (failUpdates) {
                throw new IllegalStateException("the incidents table is unavailable");
            }
            return super.update(incidentId, change);
        }
    };
    final InMemoryStores stores = InMemoryStores.over(incidents);

    Remediator remediator(PolicySettings policy) {
        return new Remediator(
                incidents,
                stores.budgets(),
                new CommandDispatch(stores.commands(), incidents),
                (alertType, service, action) -> Trust.of(
                        stores.runbook().find(RunbookEntry.signatureOf(alertType, service, action)),
                        Trust.DEFAULT_MIN_APPROVALS),
                policy,
                10);
    }

    /** The commands written for host edge-1, by command id. */
    Map<String, Command> commands() {
        Map<String, Command> byId = new LinkedHashMap<>();
        stores.commands().of("edge-1").forEach(command -> byId.put(command.commandId(), command));
        return byId;
    }

    String incident(TimelineStage... stages) {
        String id = Fixtures.newIncidentId();
        Incident incident = Fixtures.received(id);
        for (TimelineStage stage : stages) {
            incident = incident.withEvent(NOW.minusSeconds(10), stage, stage.wireName());
        }
        incidents.create(incident);
        return id;
    }

    int budgetUsed() {
        return stores.budgets().ledger("buggy-app").restarts().size();
    }

    static PolicyVerdict verdict(DecisionMode mode, PolicyRule rule) {
        return new PolicyVerdict(new Decision(mode, List.of("policy"), false), rule);
    }

    @Nested
    class Gate {
        @ParameterizedTest
        @EnumSource(
                value = DecisionMode.class,
                names = {"NOOP", "ESCALATE"})
        void aDecisionNotRoutedToARestartIsRefused(DecisionMode routed) {
            PolicyVerdict gated = Remediator.gate(verdict(DecisionMode.AUTO, PolicyRule.WITHIN_POLICY), routed, true);
            assertThat(gated.rule()).isEqualTo(PolicyRule.NOT_ROUTED_TO_REMEDY);
            assertThat(gated.permitsAction()).isFalse();
            assertThat(gated.decision().reasons()).last().asString().contains("routed as " + routed);
        }

        @Test
        void aRestartThePolicyWantsApprovedButWasRoutedAsAutoIsRefused() {
            PolicyVerdict gated = Remediator.gate(
                    verdict(DecisionMode.APPROVAL, PolicyRule.CONFIDENCE_NEEDS_APPROVAL), DecisionMode.AUTO, true);
            assertThat(gated.rule()).isEqualTo(PolicyRule.APPROVAL_MISSING);
            assertThat(gated.permitsAction()).isFalse();
        }

        @Test
        void anApprovalDecisionWithoutARecordedApprovalIsRefused() {
            assertThat(Remediator.gate(
                                    verdict(DecisionMode.APPROVAL, PolicyRule.CONFIDENCE_NEEDS_APPROVAL),
                                    DecisionMode.APPROVAL,
                                    false)
                            .rule())
                    .isEqualTo(PolicyRule.APPROVAL_MISSING);
            assertThat(Remediator.gate(
                                    verdict(DecisionMode.AUTO, PolicyRule.WITHIN_POLICY), DecisionMode.APPROVAL, false)
                            .rule())
                    .as("routed through approval: the approval must be there even if the policy would now allow AUTO")
                    .isEqualTo(PolicyRule.APPROVAL_MISSING);
        }

        @Test
        void anApprovedRestartAndAnAutomaticOnePass() {
            assertThat(Remediator.gate(
                                    verdict(DecisionMode.APPROVAL, PolicyRule.CONFIDENCE_NEEDS_APPROVAL),
                                    DecisionMode.APPROVAL,
                                    true)
                            .permitsAction())
                    .isTrue();
            assertThat(Remediator.gate(verdict(DecisionMode.AUTO, PolicyRule.WITHIN_POLICY), DecisionMode.AUTO, false)
                            .rule())
                    .isEqualTo(PolicyRule.WITHIN_POLICY);
        }

        @Test
        void aPolicyRefusalKeepsItsRule() {
            assertThat(Remediator.gate(
                                    verdict(DecisionMode.ESCALATE, PolicyRule.BUDGET_EXHAUSTED),
                                    DecisionMode.AUTO,
                                    false)
                            .rule())
                    .isEqualTo(PolicyRule.BUDGET_EXHAUSTED);
        }
    }

    @Nested
    class Approval {
        @Test
        void isAnApprovedEntryAfterTheLastDecision() {
            assertThat(Remediator.isApproved(incidents
                            .get(incident(TimelineStage.DECISION, TimelineStage.APPROVED))
                            .orElseThrow()))
                    .isTrue();
            assertThat(Remediator.isApproved(incidents
                            .get(incident(TimelineStage.APPROVED, TimelineStage.DECISION))
                            .orElseThrow()))
                    .isFalse();
            assertThat(Remediator.isApproved(incidents
                            .get(incident(TimelineStage.DECISION, TimelineStage.REJECTED))
                            .orElseThrow()))
                    .isFalse();
            assertThat(Remediator.isApproved(incidents.get(incident()).orElseThrow()))
                    .isFalse();
        }
    }

    @Nested
    class Restart {
        @Test
        void withinPolicyOneCommandIsQueuedAndOneRestartTaken() {
            String id = incident(TimelineStage.DECISION);

            Remediator.Submitted first = remediator(PolicySettings.DEFAULTS)
                    .remediate(id, Fixtures.BUGGY_APP, RESTART, AUTO, null, "token-1", NOW);
            Remediator.Submitted retry = remediator(PolicySettings.DEFAULTS)
                    .remediate(id, Fixtures.BUGGY_APP, RESTART, AUTO, null, "token-2", NOW);

            assertThat(first.submission()).isEqualTo(Submission.WRITTEN);
            assertThat(retry.submission()).isEqualTo(Submission.TOKEN_REPLACED);
            assertThat(commands()).hasSize(1);
            Command restart = commands().get(id + "#restart#1");
            assertThat(restart.taskToken()).isEqualTo("token-2");
            assertThat(restart.dryRun()).isFalse();
            assertThat(budgetUsed()).isEqualTo(1);
            assertThat(incidents.get(id).orElseThrow().status()).isEqualTo(IncidentStatus.REMEDIATING);
        }

        @Test
        void anApprovedRestartIsQueued() {
            String id = incident(TimelineStage.DECISION, TimelineStage.APPROVED);
            assertThat(remediator(PolicySettings.DEFAULTS)
                            .remediate(id, Fixtures.BUGGY_APP, UNSURE_RESTART, APPROVAL, null, "t", NOW)
                            .submission())
                    .isEqualTo(Submission.WRITTEN);
        }

        @Test
        void aFailedIncidentUpdateAfterTheCommandIsQueuedIsNotAnError() {
            String id = incident(TimelineStage.DECISION);
            failUpdates = true;

            Remediator.Submitted sent = remediator(PolicySettings.DEFAULTS)
                    .remediate(id, Fixtures.BUGGY_APP, RESTART, AUTO, null, "t", NOW);

            assertThat(sent.submission()).isEqualTo(Submission.WRITTEN);
            assertThat(commands()).containsKey(id + "#restart#1");
        }

        @Test
        void theCommandGoesToTheConfiguredHostAndTheIncidentSaysSoOnce() {
            String id = incident(TimelineStage.DECISION);
            Remediator remediator = remediator(PolicySettings.DEFAULTS);

            Remediator.Submitted sent = remediator.remediate(id, Fixtures.BUGGY_APP, RESTART, AUTO, null, "t-1", NOW);
            remediator.remediate(id, Fixtures.BUGGY_APP, RESTART, AUTO, null, "t-2", NOW.plusSeconds(5));

            assertThat(sent.hostId()).isEqualTo("edge-1");
            Command restart = commands().get(sent.commandId());
            assertThat(restart.container()).isEqualTo("buggy-app");
            assertThat(restart.params()).containsEntry("stopTimeoutSeconds", "10");
            assertThat(incidents.get(id).orElseThrow().timeline())
                    .filteredOn(t -> t.is(TimelineStage.REMEDIATION))
                    .singleElement()
                    .satisfies(t -> {
                        assertThat(t.at()).isEqualTo(NOW);
                        assertThat(t.detail()).isEqualTo("RESTART of buggy-app sent to edge-1 (WITHIN_POLICY)");
                    });
        }
    }

    /** ROLLBACK, SCALE_UP and STOP: one command of the action's own type, under the same gate as a restart. */
    @Nested
    class Remedies {
        final Target everyRemedy = new Target(
                "buggy-app",
                "edge-1",
                "buggy-app",
                "http://127.0.0.1:8080/health",
                EnumSet.of(Action.RESTART, Action.ROLLBACK, Action.SCALE_UP, Action.STOP),
                Set.of(),
                RestartBudget.DEFAULT,
                new ScaleUpBounds(512, 128, 2.0, 0.5));

        Diagnosis proposing(Action action) {
            return new Diagnosis("bad release", action, 0.9, "", List.of(), DiagnosisSource.RULES, null, 0);
        }

        /** An incident whose evidence saw the container on a new image, with the one before it recorded. */
        String afterABadDeploy(TimelineStage... stages) {
            String id = incident(stages);
            incidents.update(
                    id,
                    i -> i.toBuilder()
                            .evidence(new Evidence(
                                    true,
                                    new ContainerState("running", null, false, 0, "unhealthy", NOW)
                                            .withPreviousImage("aegisops/buggy-app:local"),
                                    "",
                                    null,
                                    NOW))
                            .build());
            return id;
        }

        @Test
        void anApprovedRollbackQueuesOneRollbackToThePreviousImageTheEvidenceNamed() {
            String id = afterABadDeploy(TimelineStage.DECISION, TimelineStage.APPROVED);

            Remediator.Submitted sent = remediator(PolicySettings.DEFAULTS)
                    .remediate(id, everyRemedy, proposing(Action.ROLLBACK), APPROVAL, null, "t", NOW);

            assertThat(sent.commandId()).isEqualTo(id + "#rollback#1");
            Command rollback = commands().get(sent.commandId());
            assertThat(rollback.type()).isEqualTo(CommandType.ROLLBACK);
            assertThat(rollback.params())
                    .containsEntry("image", "aegisops/buggy-app:local")
                    .containsEntry("stopTimeoutSeconds", "10");
            assertThat(budgetUsed()).isEqualTo(1);
            assertThat(incidents.get(id).orElseThrow().timeline())
                    .filteredOn(t -> t.is(TimelineStage.REMEDIATION))
                    .singleElement()
                    .satisfies(t -> assertThat(t.detail())
                            .isEqualTo("ROLLBACK of buggy-app to aegisops/buggy-app:local sent to edge-1"
                                    + " (ACTION_NEEDS_APPROVAL)"));
        }

        @Test
        void aRollbackPeopleApprovedThreeTimesForThePatternRunsWhenRoutedAsAuto() {
            for (int i = 0; i < 3; i++) {
                stores.runbook()
                        .learn(new Outcome(
                                Outcome.Kind.SUCCESS,
                                RunbookEntry.signatureOf("HighMemoryUsage", "buggy-app", Action.ROLLBACK),
                                Action.ROLLBACK,
                                "bad release",
                                "inc-approved-" + i,
                                NOW.minusSeconds(600),
                                5_000,
                                true));
            }
            String id = afterABadDeploy(TimelineStage.DECISION);

            Remediator.Submitted sent = remediator(PolicySettings.DEFAULTS)
                    .remediate(id, everyRemedy, proposing(Action.ROLLBACK), AUTO, null, "t", NOW);

            assertThat(commands().get(sent.commandId()).type()).isEqualTo(CommandType.ROLLBACK);
        }

        @ParameterizedTest
        @EnumSource(
                value = Action.class,
                names = {"ROLLBACK", "STOP"})
        void aRollbackOrStopWithoutApprovalIsRefusedAndTakesNothing(Action action) {
            String routedAsApproval = afterABadDeploy(TimelineStage.DECISION);
            String forgedAsAuto = afterABadDeploy(TimelineStage.DECISION);

            assertThatThrownBy(() -> remediator(PolicySettings.DEFAULTS)
                            .remediate(routedAsApproval, everyRemedy, proposing(action), APPROVAL, null, "t", NOW))
                    .isInstanceOf(Aegis.NotAllowed.class)
                    .hasMessageContaining("needs people's approval until they earn it AUTO")
                    .hasMessageContaining("the incident records none");
            assertThatThrownBy(() -> remediator(PolicySettings.DEFAULTS)
                            .remediate(forgedAsAuto, everyRemedy, proposing(action), AUTO, null, "t", NOW))
                    .isInstanceOf(Aegis.NotAllowed.class)
                    .hasMessageContaining("needs approval but was routed as AUTO");
            assertThat(commands()).isEmpty();
            assertThat(budgetUsed()).isZero();
        }

        @Test
        void anApprovedStopQueuesAStop() {
            String id = incident(TimelineStage.DECISION, TimelineStage.APPROVED);
            Remediator.Submitted sent = remediator(PolicySettings.DEFAULTS)
                    .remediate(id, everyRemedy, proposing(Action.STOP), APPROVAL, null, "t", NOW);
            assertThat(commands().get(id + "#stop#1").type()).isEqualTo(CommandType.STOP);
            assertThat(sent.commandId()).isEqualTo(id + "#stop#1");
        }

        @Test
        void aConfidentScaleUpRunsOnItsOwnWithTheTargetsBounds() {
            String id = incident(TimelineStage.DECISION);
            remediator(PolicySettings.DEFAULTS)
                    .remediate(id, everyRemedy, proposing(Action.SCALE_UP), AUTO, null, "t", NOW);

            Command scaleUp = commands().get(id + "#scale-up#1");
            assertThat(scaleUp.type()).isEqualTo(CommandType.SCALE_UP);
            assertThat(scaleUp.params())
                    .containsExactlyInAnyOrderEntriesOf(
                            Map.of("maxMemoryMb", "512", "memoryStepMb", "128", "maxCpus", "2.0", "cpuStep", "0.5"));
            assertThat(budgetUsed()).isEqualTo(1);
        }

        @Test
        void aRemedyOutsideTheTargetsCatalogIsRefusedWhateverWasRouted() {
            String id = incident(TimelineStage.DECISION, TimelineStage.APPROVED);
            assertThatThrownBy(() -> remediator(PolicySettings.DEFAULTS)
                            .remediate(id, Fixtures.BUGGY_APP, proposing(Action.STOP), APPROVAL, null, "t", NOW))
                    .isInstanceOf(Aegis.NotAllowed.class)
                    .hasMessageContaining("STOP is not allowed for buggy-app");
            assertThat(commands()).isEmpty();
        }

        @Test
        void aRemedyAfterAnotherRemedyOfTheTargetWaitsForTheCooldown() {
            remediator(PolicySettings.DEFAULTS)
                    .remediate(
                            incident(TimelineStage.DECISION),
                            everyRemedy,
                            proposing(Action.SCALE_UP),
                            AUTO,
                            null,
                            "t",
                            NOW);
            String id = incident(TimelineStage.DECISION);
            assertThatThrownBy(() -> remediator(PolicySettings.DEFAULTS)
                            .remediate(id, everyRemedy, RESTART, AUTO, null, "t", NOW.plusSeconds(5)))
                    .isInstanceOf(Aegis.BudgetExhausted.class);
        }
    }

    /** The state machine may run Remediate again for the same decision: the container is restarted once at most. */
    @Nested
    class Retried {
        @Test
        void aRetryWithinTheCooldownItsOwnRestartStartedIsNotRefusedByIt() {
            String id = incident(TimelineStage.DECISION);
            Remediator remediator = remediator(PolicySettings.DEFAULTS);
            remediator.remediate(id, Fixtures.BUGGY_APP, RESTART, AUTO, null, "t-1", NOW);

            Remediator.Submitted retry =
                    remediator.remediate(id, Fixtures.BUGGY_APP, RESTART, AUTO, null, "t-2", NOW.plusSeconds(10));

            assertThat(retry.submission()).isEqualTo(Submission.TOKEN_REPLACED);
            assertThat(commands().get(id + "#restart#1").taskToken()).isEqualTo("t-2");
            assertThat(budgetUsed()).isEqualTo(1);
        }

        @Test
        void aRetryAfterTheAgentClaimedTheRestartChangesNothing() {
            String id = incident(TimelineStage.DECISION);
            Remediator remediator = remediator(PolicySettings.DEFAULTS);
            remediator.remediate(id, Fixtures.BUGGY_APP, RESTART, AUTO, null, "t-1", NOW);
            stores.commands().claim("edge-1", id + "#restart#1", "agent-1");

            Remediator.Submitted retry = remediator.remediate(id, Fixtures.BUGGY_APP, RESTART, AUTO, null, "t-2", NOW);

            assertThat(retry.submission())
                    .as("the agent answers the first token")
                    .isEqualTo(Submission.ALREADY_CLAIMED);
            assertThat(commands()).hasSize(1);
            assertThat(commands().get(id + "#restart#1").taskToken()).isEqualTo("t-1");
            assertThat(budgetUsed()).isEqualTo(1);
        }

        @Test
        void aRetryThatTheExhaustedBudgetWouldRefuseStillAnswersWithTheOneCommand() {
            Remediator remediator = remediator(NO_COOLDOWN);
            remediator.remediate(incident(TimelineStage.DECISION), Fixtures.BUGGY_APP, RESTART, AUTO, null, "t", NOW);
            remediator.remediate(incident(TimelineStage.DECISION), Fixtures.BUGGY_APP, RESTART, AUTO, null, "t", NOW);
            String third = incident(TimelineStage.DECISION);
            remediator.remediate(third, Fixtures.BUGGY_APP, RESTART, AUTO, null, "t-1", NOW);

            assertThat(remediator
                            .remediate(third, Fixtures.BUGGY_APP, RESTART, AUTO, null, "t-2", NOW.plusSeconds(1))
                            .submission())
                    .isEqualTo(Submission.TOKEN_REPLACED);
            assertThat(commands()).hasSize(3);
            assertThat(budgetUsed()).isEqualTo(3);
        }
    }

    @Nested
    class DryRun {
        @Test
        void aShadowModeRestartIsADryRunThatTakesNoBudget() {
            String id = incident(TimelineStage.DECISION);
            Remediator.Submitted sent = remediator(new PolicySettings(0.85, 0.5, Duration.ZERO, true))
                    .remediate(id, Fixtures.BUGGY_APP, RESTART, AUTO, null, "t", NOW);

            assertThat(sent.dryRun()).isTrue();
            assertThat(commands().get(id + "#restart#1").dryRun()).isTrue();
            assertThat(budgetUsed()).isZero();
        }

        @Test
        void aDryRunDecisionStaysADryRunWhenShadowModeIsOff() {
            String id = incident(TimelineStage.DECISION);
            remediator(PolicySettings.DEFAULTS)
                    .remediate(
                            id,
                            Fixtures.BUGGY_APP,
                            RESTART,
                            new Decision(DecisionMode.AUTO, List.of(), true),
                            null,
                            "t",
                            NOW);
            assertThat(commands().get(id + "#restart#1").dryRun()).isTrue();
            assertThat(budgetUsed()).isZero();
        }

        @Test
        void aDryRunIsStillRefusedWithoutApproval() {
            String id = incident(TimelineStage.DECISION);
            assertThatThrownBy(() -> remediator(new PolicySettings(0.85, 0.5, Duration.ZERO, true))
                            .remediate(id, Fixtures.BUGGY_APP, UNSURE_RESTART, APPROVAL, null, "t", NOW))
                    .isInstanceOf(Aegis.NotAllowed.class);
            assertThat(commands()).isEmpty();
        }
    }

    @Nested
    class Refusals {
        @Test
        void anUnapprovedApprovalDecisionIsNotAllowedAndTakesNothing() {
            String id = incident(TimelineStage.DECISION);

            assertThatThrownBy(() -> remediator(PolicySettings.DEFAULTS)
                            .remediate(id, Fixtures.BUGGY_APP, UNSURE_RESTART, APPROVAL, null, "t", NOW))
                    .isInstanceOf(Aegis.NotAllowed.class)
                    .hasMessageContaining("needs approval");

            assertThat(commands()).isEmpty();
            assertThat(budgetUsed()).isZero();
            assertThat(incidents.get(id).orElseThrow().timeline())
                    .last()
                    .satisfies(t -> assertThat(t.detail()).startsWith("refused:"));
        }

        @Test
        void anExhaustedBudgetIsBudgetExhausted() {
            Remediator remediator = remediator(NO_COOLDOWN);
            for (int i = 0; i < 3; i++) {
                remediator.remediate(
                        incident(TimelineStage.DECISION), Fixtures.BUGGY_APP, RESTART, AUTO, null, "t", NOW);
            }
            String id = incident(TimelineStage.DECISION);
            assertThatThrownBy(() -> remediator.remediate(id, Fixtures.BUGGY_APP, RESTART, AUTO, null, "t", NOW))
                    .isInstanceOf(Aegis.BudgetExhausted.class);
            assertThat(commands()).hasSize(3);
        }

        @Test
        void aTargetThatAllowsNoRestartIsNotAllowed() {
            String id = incident(TimelineStage.DECISION);
            assertThatThrownBy(() -> remediator(PolicySettings.DEFAULTS)
                            .remediate(id, Fixtures.READ_ONLY, RESTART, AUTO, null, "t", NOW))
                    .isInstanceOf(Aegis.NotAllowed.class)
                    .hasMessageContaining("RESTART is not allowed for ledger");
        }

        @Test
        void aSecondIncidentWithinTheCooldownIsBudgetExhaustedAndOneAfterItIsNot() {
            Remediator remediator = remediator(PolicySettings.DEFAULTS);
            remediator.remediate(incident(TimelineStage.DECISION), Fixtures.BUGGY_APP, RESTART, AUTO, null, "t", NOW);
            String soon = incident(TimelineStage.DECISION);
            String later = incident(TimelineStage.DECISION);

            assertThatThrownBy(() -> remediator.remediate(
                            soon, Fixtures.BUGGY_APP, RESTART, AUTO, null, "t", NOW.plusSeconds(29)))
                    .isInstanceOf(Aegis.BudgetExhausted.class)
                    .hasMessageContaining("cooldown");
            assertThat(remediator
                            .remediate(later, Fixtures.BUGGY_APP, RESTART, AUTO, null, "t", NOW.plusSeconds(30))
                            .submission())
                    .isEqualTo(Submission.WRITTEN);
            assertThat(budgetUsed()).isEqualTo(2);
        }

        @Test
        void restartsOlderThanTheWindowNoLongerCount() {
            Remediator remediator = remediator(NO_COOLDOWN);
            for (int i = 0; i < 3; i++) {
                remediator.remediate(
                        incident(TimelineStage.DECISION), Fixtures.BUGGY_APP, RESTART, AUTO, null, "t", NOW);
            }
            Instant windowLater = NOW.plus(
                    Duration.ofMinutes(Fixtures.BUGGY_APP.restartBudget().windowMinutes()));

            assertThat(remediator
                            .remediate(
                                    incident(TimelineStage.DECISION),
                                    Fixtures.BUGGY_APP,
                                    RESTART,
                                    AUTO,
                                    null,
                                    "t",
                                    windowLater)
                            .submission())
                    .isEqualTo(Submission.WRITTEN);
        }

        @Test
        void aDiagnosisBelowTheMinimumConfidenceIsNotAllowedEvenWhenApproved() {
            String id = incident(TimelineStage.DECISION, TimelineStage.APPROVED);
            Diagnosis guess = new Diagnosis("?", Action.RESTART, 0.4, "", List.of(), DiagnosisSource.LLM, "m", 0);

            assertThatThrownBy(() -> remediator(PolicySettings.DEFAULTS)
                            .remediate(id, Fixtures.BUGGY_APP, guess, APPROVAL, null, "t", NOW))
                    .isInstanceOf(Aegis.NotAllowed.class)
                    .hasMessageContaining("below 0.50");
            assertThat(commands()).isEmpty();
        }

        @Test
        void aRefusalOfAClosedIncidentLeavesItsTimelineAsItWas() {
            String id = incident(TimelineStage.DECISION);
            Incident closed = incidents.update(
                    id, i -> i.toBuilder().status(IncidentStatus.ESCALATED).build());

            assertThatThrownBy(() -> remediator(PolicySettings.DEFAULTS)
                            .remediate(id, Fixtures.BUGGY_APP, UNSURE_RESTART, APPROVAL, null, "t", NOW))
                    .isInstanceOf(Aegis.NotAllowed.class);
            assertThat(incidents.get(id)).contains(closed);
        }

        @Test
        void anIncidentThatIsGoneIsAnError() {
            assertThatThrownBy(() -> remediator(PolicySettings.DEFAULTS)
                            .remediate("inc-gone", Fixtures.BUGGY_APP, RESTART, AUTO, null, "t", NOW))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no incident inc-gone");
            assertThat(commands()).isEmpty();
            assertThat(budgetUsed()).isZero();
        }

        @Test
        void aRefusalStillReachesTheStateMachineByNameWhenItCannotBeRecorded() {
            String id = incident(TimelineStage.DECISION);
            failUpdates = true;
            assertThatThrownBy(() -> remediator(PolicySettings.DEFAULTS)
                            .remediate(id, Fixtures.BUGGY_APP, UNSURE_RESTART, AUTO, null, "t", NOW))
                    .isInstanceOf(Aegis.NotAllowed.class);
        }
    }

    /** The second look taken when a person approved: a target seen recovered is left alone, and nothing is spent. */
    @Nested
    class RecheckAtApproval {

        /** The memory alert began at 03:12:45; the target answers its health URL, started at {@code started}. */
        Evidence answering(String started) {
            return new Evidence(
                    true,
                    new ContainerState(
                            "running",
                            null,
                            false,
                            1,
                            null,
                            Instant.parse(started),
                            new HealthReading("http://buggy-app:8080/health", 200, 4L, null),
                            null,
                            null,
                            null),
                    "",
                    null,
                    NOW);
        }

        @Test
        void aTargetThatRecoveredIsNotRestartedAndTakesNoBudget() {
            String id = incident(TimelineStage.DECISION, TimelineStage.APPROVED);

            assertThatThrownBy(() -> remediator(PolicySettings.DEFAULTS)
                            .remediate(
                                    id,
                                    Fixtures.BUGGY_APP,
                                    UNSURE_RESTART,
                                    APPROVAL,
                                    answering("2026-11-21T03:14:00Z"),
                                    "t",
                                    NOW))
                    .isInstanceOf(Aegis.Recovered.class)
                    .hasMessageStartingWith("healthy at approval (running, http://buggy-app:8080/health answered 200;"
                            + " started at 2026-11-21T03:14:00Z, after the alert began): RESTART not run");
            assertThat(commands()).isEmpty();
            assertThat(budgetUsed()).isZero();
            assertThat(incidents.get(id).orElseThrow().timeline().getLast().detail())
                    .contains("healthy at approval", "approve with force");
        }

        @Test
        void aTargetStillSickIsRestartedAndTheRecheckIsOnTheTimeline() {
            String id = incident(TimelineStage.DECISION, TimelineStage.APPROVED);

            Remediator.Submitted sent = remediator(PolicySettings.DEFAULTS)
                    .remediate(
                            id,
                            Fixtures.BUGGY_APP,
                            UNSURE_RESTART,
                            APPROVAL,
                            answering("2026-11-21T02:00:00Z"),
                            "t",
                            NOW);

            assertThat(sent.submission()).isEqualTo(Submission.WRITTEN);
            assertThat(commands()).containsOnlyKeys(id + "#restart#1");
            assertThat(budgetUsed()).isEqualTo(1);
            assertThat(incidents.get(id).orElseThrow().timeline().getLast().detail())
                    .contains("re-checked at approval: the target has not restarted since the alert began");
        }

        @Test
        void noRecheckAnswerLeavesTheApprovedRemedyToRun() {
            String id = incident(TimelineStage.DECISION, TimelineStage.APPROVED);

            remediator(PolicySettings.DEFAULTS)
                    .remediate(
                            id,
                            Fixtures.BUGGY_APP,
                            UNSURE_RESTART,
                            APPROVAL,
                            Evidence.unavailable("evidence collection failed: States.Timeout", NOW),
                            "t",
                            NOW);

            assertThat(commands()).containsOnlyKeys(id + "#restart#1");
        }
    }
}
