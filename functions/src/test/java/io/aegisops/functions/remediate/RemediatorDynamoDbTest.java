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
import io.aegisops.contracts.TimelineEntry;
import io.aegisops.contracts.dynamo.ItemMapper;
import io.aegisops.contracts.tables.Tables;
import io.aegisops.functions.commands.CommandQueue;
import io.aegisops.functions.commands.DynamoCommandQueue;
import io.aegisops.functions.policy.DynamoRestartBudgetStore;
import io.aegisops.functions.policy.RestartBudgetStore;
import io.aegisops.functions.store.DynamoIncidentStore;
import io.aegisops.functions.store.IncidentPage;
import io.aegisops.functions.store.IncidentStore;
import io.aegisops.testsupport.LocalDynamoDb;
import io.aegisops.testsupport.DynamoDbExtension;
import io.aegisops.contracts.tables.DynamoTables;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * DynamoDB engine: the remediation's order of checks, its dry-run branch, its budget use and how refusals are
 * named, over the real incident, budget and command stores (fresh tables for every test).
 */
@ExtendWith(DynamoDbExtension.class)
class RemediatorDynamoDbTest {

    static final Instant NOW = Fixtures.NOW;
    static final PolicySettings NO_COOLDOWN = new PolicySettings(0.85, 0.5, Duration.ZERO, false);
    static final Diagnosis RESTART = new Diagnosis("leak", Action.RESTART, 0.9, "heap", List.of(), DiagnosisSource.RULES, null, 0);
    static final Diagnosis UNSURE_RESTART = new Diagnosis("leak?", Action.RESTART, 0.6, "heap", List.of(), DiagnosisSource.RULES, null, 0);
    static final Decision AUTO = new Decision(DecisionMode.AUTO, List.of("within policy"), false);
    static final Decision APPROVAL = new Decision(DecisionMode.APPROVAL, List.of("needs approval"), false);

    final DynamoDbClient dynamo;
    final String prefix = "r" + UUID.randomUUID().toString().substring(0, 8) + "-";
    final DynamoIncidentStore store;
    final RestartBudgetStore budgets;
    final CommandQueue queue;
    /** Set to make every incident update fail, as an unavailable table would. */
    boolean failUpdates;
    final IncidentStore incidents;

    RemediatorDynamoDbTest(LocalDynamoDb local) {
        dynamo = local.client();
        DynamoTables.createAll(dynamo, prefix);
        store = new DynamoIncidentStore(dynamo, Tables.named(prefix, Tables.INCIDENTS));
        budgets = new DynamoRestartBudgetStore(dynamo, Tables.named(prefix, Tables.CONTROL));
        queue = new DynamoCommandQueue(dynamo, Tables.named(prefix, Tables.COMMANDS));
        incidents = new FailingUpdates();
    }

    Remediator remediator(PolicySettings policy) {
        return new Remediator(incidents, budgets, new CommandDispatch(queue, incidents), policy, 10);
    }

    /** The commands written for host edge-1, by command id. */
    Map<String, Command> commands() {
        Map<String, Command> byId = new LinkedHashMap<>();
        dynamo.query(b -> b.tableName(Tables.named(prefix, Tables.COMMANDS)).consistentRead(true)
                        .keyConditionExpression("hostId = :host").expressionAttributeValues(Map.of(":host", AttributeValue.fromS("edge-1"))))
                .items().forEach(item -> {
                    Command command = ItemMapper.fromItem(item, Command.class);
                    byId.put(command.commandId(), command);
                });
        return byId;
    }

    /** The real store, whose updates fail while {@link #failUpdates} is set. */
    final class FailingUpdates implements IncidentStore {
        @Override
        public Optional<Incident> get(String incidentId) {
            return store.get(incidentId);
        }

        @Override
        public boolean create(Incident incident) {
            return store.create(incident);
        }

        @Override
        public Incident update(String incidentId, UnaryOperator<Incident> change) {
            if (failUpdates) {
                throw new IllegalStateException("the incidents table is unavailable");
            }
            return store.update(incidentId, change);
        }

        @Override
        public void putApprovalToken(String incidentId, String taskToken) {
            store.putApprovalToken(incidentId, taskToken);
        }

        @Override
        public Optional<String> takeApprovalToken(String incidentId) {
            return store.takeApprovalToken(incidentId);
        }

        @Override
        public Incident attachAlert(String incidentId, TimelineEntry entry, int timelineUpTo) {
            return store.attachAlert(incidentId, entry, timelineUpTo);
        }

        @Override
        public Incident appendTimeline(String incidentId, TimelineEntry entry) {
            return store.appendTimeline(incidentId, entry);
        }

        @Override
        public boolean recordExecution(String incidentId, String executionArn, TimelineEntry entry) {
            return store.recordExecution(incidentId, executionArn, entry);
        }

        @Override
        public IncidentPage list(IncidentStatus status, int limit, String cursor) {
            return store.list(status, limit, cursor);
        }
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
            assertThat(commands()).hasSize(1);
            Command restart = commands().get(id + "#restart#1");
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
            failUpdates = true;

            Remediator.Submitted sent = remediator(PolicySettings.DEFAULTS).remediate(id, Fixtures.BUGGY_APP, RESTART, AUTO, "t", NOW);

            assertThat(sent.submission()).isEqualTo(Submission.WRITTEN);
            assertThat(commands()).containsKey(id + "#restart#1");
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
            assertThat(commands().get(id + "#restart#1").dryRun()).isTrue();
            assertThat(budgetUsed()).isZero();
        }

        @Test
        void aDryRunDecisionStaysADryRunWhenShadowModeIsOff() {
            String id = incident(Stages.DECISION);
            remediator(PolicySettings.DEFAULTS).remediate(id, Fixtures.BUGGY_APP, RESTART, new Decision(DecisionMode.AUTO, List.of(), true), "t", NOW);
            assertThat(commands().get(id + "#restart#1").dryRun()).isTrue();
            assertThat(budgetUsed()).isZero();
        }

        @Test
        void aDryRunIsStillRefusedWithoutApproval() {
            String id = incident(Stages.DECISION);
            assertThatThrownBy(() -> remediator(new PolicySettings(0.85, 0.5, Duration.ZERO, true))
                    .remediate(id, Fixtures.BUGGY_APP, UNSURE_RESTART, APPROVAL, "t", NOW))
                    .isInstanceOf(Aegis.NotAllowed.class);
            assertThat(commands()).isEmpty();
        }
    }

    @Nested
    class Refusals {
        @Test
        void anUnapprovedApprovalDecisionIsNotAllowedAndTakesNothing() {
            String id = incident(Stages.DECISION);

            assertThatThrownBy(() -> remediator(PolicySettings.DEFAULTS).remediate(id, Fixtures.BUGGY_APP, UNSURE_RESTART, APPROVAL, "t", NOW))
                    .isInstanceOf(Aegis.NotAllowed.class).hasMessageContaining("needs approval");

            assertThat(commands()).isEmpty();
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
            assertThat(commands()).hasSize(3);
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
            failUpdates = true;
            assertThatThrownBy(() -> remediator(PolicySettings.DEFAULTS).remediate(id, Fixtures.BUGGY_APP, UNSURE_RESTART, AUTO, "t", NOW))
                    .isInstanceOf(Aegis.NotAllowed.class);
        }
    }
}
