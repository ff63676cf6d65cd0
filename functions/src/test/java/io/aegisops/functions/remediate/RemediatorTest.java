package io.aegisops.functions.remediate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aegisops.contracts.Action;
import io.aegisops.contracts.Command;
import io.aegisops.contracts.Decision;
import io.aegisops.contracts.DecisionMode;
import io.aegisops.contracts.Diagnosis;
import io.aegisops.contracts.DiagnosisSource;
import io.aegisops.contracts.Incident;
import io.aegisops.contracts.IncidentStatus;
import io.aegisops.functions.commands.CommandQueue.Submission;
import io.aegisops.functions.pipeline.CommandDispatch;
import io.aegisops.functions.pipeline.Fixtures;
import io.aegisops.functions.pipeline.Stages;
import io.aegisops.functions.policy.PolicyRule;
import io.aegisops.functions.policy.PolicySettings;
import io.aegisops.functions.policy.PolicyVerdict;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Unit: the remediation's order of checks, its dry-run branch, its budget use and how refusals are named. */
class RemediatorTest {

    static final Instant NOW = Fixtures.NOW;
    static final PolicySettings NO_COOLDOWN = new PolicySettings(0.85, 0.5, Duration.ZERO, false);
    static final Diagnosis RESTART = new Diagnosis("leak", Action.RESTART, 0.9, "heap", List.of(), DiagnosisSource.RULES, null, 0);
    static final Diagnosis UNSURE_RESTART = new Diagnosis("leak?", Action.RESTART, 0.6, "heap", List.of(), DiagnosisSource.RULES, null, 0);
    static final Decision AUTO = new Decision(DecisionMode.AUTO, List.of("within policy"), false);
    static final Decision APPROVAL = new Decision(DecisionMode.APPROVAL, List.of("needs approval"), false);

    final InMemoryPorts.Incidents incidents = new InMemoryPorts.Incidents();
    final InMemoryPorts.Budgets budgets = new InMemoryPorts.Budgets();
    final InMemoryPorts.Queue queue = new InMemoryPorts.Queue();

    Remediator remediator(PolicySettings policy) {
        return new Remediator(incidents, budgets, new CommandDispatch(queue, incidents), policy, 10);
    }

    String incident(String... stages) {
        String id = Fixtures.newIncidentId();
        Incident incident = Fixtures.received(id);
        for (String stage : stages) {
            incident = incident.withEvent(NOW.minusSeconds(10), stage, stage);
        }
        incidents.create(incident);
        return id;
    }

    int budgetUsed() {
        return budgets.ledger("buggy-app").restarts().size();
    }

    static PolicyVerdict verdict(DecisionMode mode, PolicyRule rule) {
        return new PolicyVerdict(new Decision(mode, List.of("policy"), false), rule);
    }

    @Nested
    class Gate {
        @ParameterizedTest
        @EnumSource(value = DecisionMode.class, names = {"NOOP", "ESCALATE"})
        void aDecisionNotRoutedToARestartIsRefused(DecisionMode routed) {
            PolicyVerdict gated = Remediator.gate(verdict(DecisionMode.AUTO, PolicyRule.WITHIN_POLICY), routed, true);
            assertThat(gated.rule()).isEqualTo(PolicyRule.NOT_ROUTED_TO_RESTART);
            assertThat(gated.permitsRestart()).isFalse();
            assertThat(gated.decision().reasons()).last().asString().contains("routed as " + routed);
        }

        @Test
        void aRestartThePolicyWantsApprovedButWasRoutedAsAutoIsRefused() {
            PolicyVerdict gated = Remediator.gate(verdict(DecisionMode.APPROVAL, PolicyRule.CONFIDENCE_NEEDS_APPROVAL), DecisionMode.AUTO, true);
            assertThat(gated.rule()).isEqualTo(PolicyRule.APPROVAL_MISSING);
            assertThat(gated.permitsRestart()).isFalse();
        }

        @Test
        void anApprovalDecisionWithoutARecordedApprovalIsRefused() {
            assertThat(Remediator.gate(verdict(DecisionMode.APPROVAL, PolicyRule.CONFIDENCE_NEEDS_APPROVAL), DecisionMode.APPROVAL, false).rule())
                    .isEqualTo(PolicyRule.APPROVAL_MISSING);
            assertThat(Remediator.gate(verdict(DecisionMode.AUTO, PolicyRule.WITHIN_POLICY), DecisionMode.APPROVAL, false).rule())
                    .as("routed through approval: the approval must be there even if the policy would now allow AUTO")
                    .isEqualTo(PolicyRule.APPROVAL_MISSING);
        }

        @Test
        void anApprovedRestartAndAnAutomaticOnePass() {
            assertThat(Remediator.gate(verdict(DecisionMode.APPROVAL, PolicyRule.CONFIDENCE_NEEDS_APPROVAL), DecisionMode.APPROVAL, true).permitsRestart())
                    .isTrue();
            assertThat(Remediator.gate(verdict(DecisionMode.AUTO, PolicyRule.WITHIN_POLICY), DecisionMode.AUTO, false).rule())
                    .isEqualTo(PolicyRule.WITHIN_POLICY);
        }

        @Test
        void aPolicyRefusalKeepsItsRule() {
            assertThat(Remediator.gate(verdict(DecisionMode.ESCALATE, PolicyRule.BUDGET_EXHAUSTED), DecisionMode.AUTO, false).rule())
                    .isEqualTo(PolicyRule.BUDGET_EXHAUSTED);
        }
    }

    @Nested
    class Approval {
        @Test
        void isAnApprovedEntryAfterTheLastDecision() {
            assertThat(Remediator.isApproved(incidents.get(incident(Stages.DECISION, Stages.APPROVED)).orElseThrow())).isTrue();
            assertThat(Remediator.isApproved(incidents.get(incident(Stages.APPROVED, Stages.DECISION)).orElseThrow())).isFalse();
            assertThat(Remediator.isApproved(incidents.get(incident(Stages.DECISION, "REJECTED")).orElseThrow())).isFalse();
            assertThat(Remediator.isApproved(incidents.get(incident()).orElseThrow())).isFalse();
        }
    }

    @Nested
    class Restart {
        @Test
        void withinPolicyOneCommandIsQueuedAndOneRestartTaken() {
            String id = incident(Stages.DECISION);

            Remediator.Submitted first = remediator(PolicySettings.DEFAULTS).remediate(id, Fixtures.BUGGY_APP, RESTART, AUTO, "token-1", NOW);
            Remediator.Submitted retry = remediator(PolicySettings.DEFAULTS).remediate(id, Fixtures.BUGGY_APP, RESTART, AUTO, "token-2", NOW);

            assertThat(first.submission()).isEqualTo(Submission.WRITTEN);
            assertThat(retry.submission()).isEqualTo(Submission.TOKEN_REPLACED);
            assertThat(queue.items).hasSize(1);
            Command restart = queue.items.get(id + "#restart#1");
            assertThat(restart.taskToken()).isEqualTo("token-2");
            assertThat(restart.dryRun()).isFalse();
            assertThat(budgetUsed()).isEqualTo(1);
            assertThat(incidents.get(id).orElseThrow().status()).isEqualTo(IncidentStatus.REMEDIATING);
        }

        @Test
        void anApprovedRestartIsQueued() {
            String id = incident(Stages.DECISION, Stages.APPROVED);
            assertThat(remediator(PolicySettings.DEFAULTS).remediate(id, Fixtures.BUGGY_APP, UNSURE_RESTART, APPROVAL, "t", NOW).submission())
                    .isEqualTo(Submission.WRITTEN);
        }

        @Test
        void aFailedIncidentUpdateAfterTheCommandIsQueuedIsNotAnError() {
            String id = incident(Stages.DECISION);
            incidents.failUpdates = true;

            Remediator.Submitted sent = remediator(PolicySettings.DEFAULTS).remediate(id, Fixtures.BUGGY_APP, RESTART, AUTO, "t", NOW);

            assertThat(sent.submission()).isEqualTo(Submission.WRITTEN);
            assertThat(queue.items).containsKey(id + "#restart#1");
        }
    }

    @Nested
    class DryRun {
        @Test
        void aShadowModeRestartIsADryRunThatTakesNoBudget() {
            String id = incident(Stages.DECISION);
            Remediator.Submitted sent = remediator(new PolicySettings(0.85, 0.5, Duration.ZERO, true))
                    .remediate(id, Fixtures.BUGGY_APP, RESTART, AUTO, "t", NOW);

            assertThat(sent.dryRun()).isTrue();
            assertThat(queue.items.get(id + "#restart#1").dryRun()).isTrue();
            assertThat(budgetUsed()).isZero();
        }

        @Test
        void aDryRunDecisionStaysADryRunWhenShadowModeIsOff() {
            String id = incident(Stages.DECISION);
            remediator(PolicySettings.DEFAULTS).remediate(id, Fixtures.BUGGY_APP, RESTART, new Decision(DecisionMode.AUTO, List.of(), true), "t", NOW);
            assertThat(queue.items.get(id + "#restart#1").dryRun()).isTrue();
            assertThat(budgetUsed()).isZero();
        }

        @Test
        void aDryRunIsStillRefusedWithoutApproval() {
            String id = incident(Stages.DECISION);
            assertThatThrownBy(() -> remediator(new PolicySettings(0.85, 0.5, Duration.ZERO, true))
                    .remediate(id, Fixtures.BUGGY_APP, UNSURE_RESTART, APPROVAL, "t", NOW))
                    .isInstanceOf(Aegis.NotAllowed.class);
            assertThat(queue.items).isEmpty();
        }
    }

    @Nested
    class Refusals {
        @Test
        void anUnapprovedApprovalDecisionIsNotAllowedAndTakesNothing() {
            String id = incident(Stages.DECISION);

            assertThatThrownBy(() -> remediator(PolicySettings.DEFAULTS).remediate(id, Fixtures.BUGGY_APP, UNSURE_RESTART, APPROVAL, "t", NOW))
                    .isInstanceOf(Aegis.NotAllowed.class).hasMessageContaining("needs approval");

            assertThat(queue.items).isEmpty();
            assertThat(budgetUsed()).isZero();
            assertThat(incidents.get(id).orElseThrow().timeline()).last().satisfies(t -> assertThat(t.detail()).startsWith("refused:"));
        }

        @Test
        void anExhaustedBudgetIsBudgetExhausted() {
            Remediator remediator = remediator(NO_COOLDOWN);
            for (int i = 0; i < 3; i++) {
                remediator.remediate(incident(Stages.DECISION), Fixtures.BUGGY_APP, RESTART, AUTO, "t", NOW);
            }
            String id = incident(Stages.DECISION);
            assertThatThrownBy(() -> remediator.remediate(id, Fixtures.BUGGY_APP, RESTART, AUTO, "t", NOW))
                    .isInstanceOf(Aegis.BudgetExhausted.class);
            assertThat(queue.items).hasSize(3);
        }

        @Test
        void aTargetThatAllowsNoRestartIsNotAllowed() {
            String id = incident(Stages.DECISION);
            assertThatThrownBy(() -> remediator(PolicySettings.DEFAULTS).remediate(id, Fixtures.READ_ONLY, RESTART, AUTO, "t", NOW))
                    .isInstanceOf(Aegis.NotAllowed.class).hasMessageContaining("RESTART is not allowed for ledger");
        }

        @Test
        void aRefusalStillReachesTheStateMachineByNameWhenItCannotBeRecorded() {
            String id = incident(Stages.DECISION);
            incidents.failUpdates = true;
            assertThatThrownBy(() -> remediator(PolicySettings.DEFAULTS).remediate(id, Fixtures.BUGGY_APP, UNSURE_RESTART, AUTO, "t", NOW))
                    .isInstanceOf(Aegis.NotAllowed.class);
        }
    }
}
