package io.aegisops.functions.remediate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.contracts.Command;
import io.aegisops.contracts.CommandType;
import io.aegisops.contracts.Incident;
import io.aegisops.contracts.IncidentStatus;
import io.aegisops.contracts.Severity;
import io.aegisops.contracts.tables.Tables;
import io.aegisops.functions.pipeline.Events;
import io.aegisops.functions.pipeline.Fixtures;
import io.aegisops.functions.pipeline.Stages;
import io.aegisops.functions.pipeline.Stores;
import io.aegisops.functions.policy.PolicySettings;
import io.aegisops.testsupport.LocalDynamoDb;
import io.aegisops.testsupport.DynamoDbExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** DynamoDB engine: Remediate writes exactly one RESTART inside the policy and refuses everything else. */
@ExtendWith(DynamoDbExtension.class)
class RemediateHandlerDynamoDbTest {

    static final PolicySettings DEFAULTS = new PolicySettings(0.85, 0.5, Duration.ofSeconds(30), false);
    static final PolicySettings NO_COOLDOWN = new PolicySettings(0.85, 0.5, Duration.ZERO, false);
    static final PolicySettings SHADOW = new PolicySettings(0.85, 0.5, Duration.ZERO, true);
    /** Each test runs at its own hour, so the budget one test uses never counts in another's window. */
    static final AtomicInteger HOURS = new AtomicInteger();

    private final LocalDynamoDb dynamo;
    private final Stores stores;
    private final Instant now = Fixtures.NOW.plus(Duration.ofHours(HOURS.incrementAndGet()));

    RemediateHandlerDynamoDbTest(LocalDynamoDb dynamo) {
        this.dynamo = dynamo;
        this.stores = Fixtures.stores(dynamo);
    }

    RemediateHandler handler(PolicySettings policy) {
        return new RemediateHandler(Fixtures.settings(policy), stores, Clock.fixed(now, ZoneOffset.UTC));
    }

    /** A new incident whose timeline holds {@code stages} (the approval route writes APPROVED after the decision). */
    String incident(String service, String... stages) {
        String id = Fixtures.newIncidentId();
        Incident incident = Fixtures.received(id, service, "HighMemoryUsage", Severity.HIGH);
        for (String stage : stages) {
            incident = incident.withEvent(Fixtures.NOW, stage, stage);
        }
        stores.incidents().create(incident);
        return id;
    }

    static String payload(String id, String service, String action, String mode) {
        return Events.load("remediate.json", Map.of("incidentId", id, "service", service, "action", action, "mode", mode));
    }

    int usedBudget() {
        return stores.budgets().ledger("buggy-app").usedIn(Fixtures.BUGGY_APP.restartBudget(), now);
    }

    @Nested
    class WithinPolicy {
        @Test
        void exactlyOneRestartLandsAndOneRestartIsTakenFromTheBudgetEvenWhenRetried() throws Exception {
            RemediateHandler handler = handler(DEFAULTS);
            String id = incident("buggy-app");
            String payload = payload(id, "buggy-app", "RESTART", "AUTO");

            JsonNode first = Events.invoke(handler, payload);
            JsonNode retry = Events.invoke(handler, payload);

            assertThat(first.get("commandId").asText()).isEqualTo(id + "#restart#1");
            assertThat(first.get("submission").asText()).isEqualTo("WRITTEN");
            assertThat(retry.get("submission").asText()).isEqualTo("TOKEN_REPLACED");
            assertThat(restartCommandsOf(id, "edge-1")).isEqualTo(1);
            assertThat(usedBudget()).isEqualTo(1);

            Command restart = Fixtures.command(dynamo, "edge-1", id + "#restart#1").orElseThrow();
            assertThat(restart.type()).isEqualTo(CommandType.RESTART);
            assertThat(restart.hostId()).isEqualTo("edge-1");
            assertThat(restart.container()).isEqualTo("buggy-app");
            assertThat(restart.dryRun()).isFalse();
            assertThat(restart.taskToken()).isEqualTo("AQCEAAAAKgAAAAMAAAAAAAAAAU1vY2tUb2tlbi1yZXN0YXJ0");
            assertThat(restart.params()).containsEntry("stopTimeoutSeconds", "10");
            assertThat(stores.incidents().get(id).orElseThrow().status()).isEqualTo(IncidentStatus.REMEDIATING);
        }

        @Test
        void anApprovedRestartBelowTheAutoThresholdIsCarriedOut() throws Exception {
            String id = incident("buggy-app", Stages.DECISION, Stages.APPROVED);
            String payload = payload(id, "buggy-app", "RESTART", "APPROVAL").replace("\"confidence\": 0.9", "\"confidence\": 0.6");
            assertThat(Events.invoke(handler(DEFAULTS), payload).get("submission").asText()).isEqualTo("WRITTEN");
        }
    }

    /** The state machine routes on the decision's mode: Remediate checks it, and the approval behind it. */
    @Nested
    class RoutedMode {
        @Test
        void anApprovalDecisionWithoutARecordedApprovalIsRefusedAndTakesNothing() {
            String id = incident("buggy-app", Stages.DECISION);
            String payload = payload(id, "buggy-app", "RESTART", "APPROVAL").replace("\"confidence\": 0.9", "\"confidence\": 0.6");

            assertThatThrownBy(() -> Events.invoke(handler(DEFAULTS), payload))
                    .satisfies(e -> assertThat(e.getClass().getName()).isEqualTo("Aegis.NotAllowed"))
                    .hasMessageContaining("needs approval and the incident records none");
            assertThat(restartCommandsOf(id, "edge-1")).isZero();
            assertThat(usedBudget()).isZero();
        }

        @Test
        void aRestartThatNeedsApprovalButWasRoutedAsAutoIsRefused() {
            String id = incident("buggy-app", Stages.DECISION, Stages.APPROVED);
            String payload = payload(id, "buggy-app", "RESTART", "AUTO").replace("\"confidence\": 0.9", "\"confidence\": 0.6");

            assertThatThrownBy(() -> Events.invoke(handler(DEFAULTS), payload))
                    .satisfies(e -> assertThat(e.getClass().getName()).isEqualTo("Aegis.NotAllowed"))
                    .hasMessageContaining("routed as AUTO");
            assertThat(restartCommandsOf(id, "edge-1")).isZero();
        }

        @ParameterizedTest
        @ValueSource(strings = {"NOOP", "ESCALATE"})
        void aRestartDiagnosisRoutedAsAnythingElseIsRefused(String mode) {
            String id = incident("buggy-app", Stages.DECISION);
            assertThatThrownBy(() -> Events.invoke(handler(DEFAULTS), payload(id, "buggy-app", "RESTART", mode)))
                    .satisfies(e -> assertThat(e.getClass().getName()).isEqualTo("Aegis.NotAllowed"))
                    .hasMessageContaining("routed as " + mode);
            assertThat(restartCommandsOf(id, "edge-1")).isZero();
            assertThat(usedBudget()).isZero();
        }
    }

    @Nested
    class Refusals {
        @Test
        void aTargetThatDoesNotAllowRestartsGetsNotAllowedAndNoCommand() {
            String id = incident("ledger");
            assertThatThrownBy(() -> Events.invoke(handler(DEFAULTS), payload(id, "ledger", "RESTART", "AUTO")))
                    .satisfies(e -> assertThat(e.getClass().getName()).isEqualTo("Aegis.NotAllowed"))
                    .hasMessageContaining("RESTART is not allowed for ledger");
            assertThat(restartCommandsOf(id, "edge-2")).isZero();
            assertThat(stores.incidents().get(id).orElseThrow().timeline()).anyMatch(t -> t.detail().startsWith("refused"));
        }

        @Test
        void anUnknownServiceGetsNotAllowed() {
            String id = incident("mystery");
            assertThatThrownBy(() -> Events.invoke(handler(DEFAULTS), payload(id, "mystery", "RESTART", "AUTO")))
                    .satisfies(e -> assertThat(e.getClass().getName()).isEqualTo("Aegis.NotAllowed"));
        }

        @Test
        void aDiagnosisThatIsNotARestartGetsNotAllowed() {
            String id = incident("buggy-app");
            assertThatThrownBy(() -> Events.invoke(handler(DEFAULTS), payload(id, "buggy-app", "ESCALATE", "ESCALATE")))
                    .satisfies(e -> assertThat(e.getClass().getName()).isEqualTo("Aegis.NotAllowed"));
            assertThat(restartCommandsOf(id, "edge-1")).isZero();
        }

        @Test
        void anExhaustedBudgetGetsBudgetExhaustedAndNoCommand() throws Exception {
            RemediateHandler handler = handler(NO_COOLDOWN);
            for (int i = 0; i < 3; i++) {
                Events.invoke(handler, payload(incident("buggy-app"), "buggy-app", "RESTART", "AUTO"));
            }
            String id = incident("buggy-app");

            assertThatThrownBy(() -> Events.invoke(handler, payload(id, "buggy-app", "RESTART", "AUTO")))
                    .satisfies(e -> assertThat(e.getClass().getName()).isEqualTo("Aegis.BudgetExhausted"))
                    .hasMessageContaining("exhausted");
            assertThat(restartCommandsOf(id, "edge-1")).isZero();
            assertThat(usedBudget()).isEqualTo(3);
        }

        @Test
        void aSecondIncidentWithinTheCooldownGetsBudgetExhausted() throws Exception {
            RemediateHandler handler = handler(DEFAULTS);
            Events.invoke(handler, payload(incident("buggy-app"), "buggy-app", "RESTART", "AUTO"));
            String id = incident("buggy-app");

            assertThatThrownBy(() -> Events.invoke(handler, payload(id, "buggy-app", "RESTART", "AUTO")))
                    .satisfies(e -> assertThat(e.getClass().getName()).isEqualTo("Aegis.BudgetExhausted"))
                    .hasMessageContaining("cooldown");
        }
    }

    @Nested
    class ShadowMode {
        @Test
        void theCommandIsADryRunAndTakesNoBudget() throws Exception {
            String id = incident("buggy-app");

            JsonNode answer = Events.invoke(handler(SHADOW), payload(id, "buggy-app", "RESTART", "AUTO"));

            assertThat(answer.get("dryRun").asBoolean()).isTrue();
            assertThat(Fixtures.command(dynamo, "edge-1", id + "#restart#1").orElseThrow().dryRun()).isTrue();
            assertThat(usedBudget()).isZero();
        }
    }

    private int restartCommandsOf(String incidentId, String hostId) {
        return dynamo.client().query(b -> b.tableName(dynamo.table(Tables.COMMANDS))
                .keyConditionExpression("hostId = :h AND begins_with(commandId, :i)")
                .expressionAttributeValues(Map.of(":h", AttributeValue.fromS(hostId), ":i", AttributeValue.fromS(incidentId + "#restart")))).count();
    }
}
