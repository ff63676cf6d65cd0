package io.aegisops.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisops.contracts.CommandType;
import io.aegisops.contracts.Incident;
import io.aegisops.contracts.IncidentStatus;
import io.aegisops.contracts.tables.Tables;
import io.aegisops.local.client.AegisClient;
import io.aegisops.local.stack.EmbeddedStack;
import io.aegisops.local.stack.StackOptions;
import io.aegisops.local.stack.StackSettings;
import io.aegisops.local.trace.ExecutionTrace;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The edge agent dies (SIGKILL) in the middle of a restart. Nobody may restart the service a second time for
 * that decision: the execution escalates when the agent's heartbeats stop, and the agent that starts next
 * marks the half-done command abandoned instead of running it again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentCrashEndToEndTest {

    private EmbeddedStack stack;
    private AegisClient client;

    @BeforeAll
    void start() {
        // heartbeats every second, a lease of 5 s, and a Remediate state that gives up after 4 s without one
        stack = TestStack.start(
                "agent-crash",
                StackOptions.AppRuntime.PROCESS,
                Map.of(
                        StackSettings.HEARTBEAT_SECONDS,
                        "1",
                        StackSettings.LEASE_SECONDS,
                        "5",
                        "RemediateHeartbeatSeconds",
                        "4"));
        client = stack.client();
    }

    @AfterAll
    void stop() {
        client.close();
        stack.close();
    }

    private Optional<Map<String, AttributeValue>> restartCommand(String incidentId) {
        return Optional.ofNullable(stack.dynamo()
                        .getItem(b -> b.tableName(
                                        Tables.named(stack.settings().get(StackSettings.TABLE_PREFIX), Tables.COMMANDS))
                                .key(Map.of(
                                        "hostId",
                                        AttributeValue.fromS(stack.settings().hostId()),
                                        "commandId",
                                        AttributeValue.fromS(incidentId + "#"
                                                + CommandType.RESTART.name().toLowerCase(Locale.ROOT) + "#1")))
                                .consistentRead(true))
                        .item())
                .filter(item -> !item.isEmpty());
    }

    @Test
    void aRestartInterruptedByTheAgentsDeathEscalatesAndIsNeverRunAgain() throws Exception {
        AegisClient.Answer accepted = client.postAlert("""
                {"incident_id":"crash-%s","status":"firing","alert_type":"HighMemoryUsage","severity":"HIGH","service":"buggy-app",
                 "container_name":"buggy-app","summary":"heap used 95%% of max","timestamp":"%s"}""".formatted(UUID.randomUUID(), Instant.now()));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String incidentId = accepted.json().get("incidentId").asText();

        // the moment the agent holds the restart, kill it
        TestStack.await(
                "the agent to claim the restart",
                Duration.ofSeconds(60),
                Duration.ofMillis(20),
                () -> restartCommand(incidentId)
                        .filter(item -> !item.get("status").s().equals("PENDING")));
        stack.killAgent();
        Map<String, AttributeValue> atKill = restartCommand(incidentId).orElseThrow();
        assertThat(atKill.get("status").s())
                .as("the agent was killed while it held the restart")
                .isEqualTo("CLAIMED");

        Incident incident = TestStack.awaitClosed(client, incidentId, Duration.ofSeconds(30));
        assertThat(incident.status()).isEqualTo(IncidentStatus.ESCALATED);
        ExecutionTrace trace = client.trace(incident.executionArn());
        // the pipeline worked: a human is needed and has been told, which is no failed execution to page about
        assertThat(trace.status()).isEqualTo("SUCCEEDED");
        assertThat(trace.error()).isNull();
        assertThat(trace.visits())
                .filteredOn(v -> v.name().equals("Remediate"))
                .singleElement()
                .satisfies(remediate ->
                        assertThat(remediate.notes()).anyMatch(note -> note.contains("States.HeartbeatTimeout")));

        // a new agent for the host finds the lapsed claim: it marks it abandoned and does not run it. It starts once
        // the lease has lapsed: a claim whose lease still runs is left to its holder until the next poll (80 s)
        TestStack.await(
                "the dead agent's lease to lapse",
                Duration.ofSeconds(30),
                () -> restartCommand(incidentId)
                        .filter(item -> Long.parseLong(item.get("leaseUntil").n()) < System.currentTimeMillis()));
        stack.startAgent();
        Map<String, AttributeValue> abandoned = TestStack.await(
                "the new agent to mark the restart abandoned",
                Duration.ofSeconds(30),
                () -> restartCommand(incidentId)
                        .filter(item -> item.get("status").s().equals("FAILED")));
        assertThat(abandoned.get("result").m().get("message").s())
                .contains("lease lapsed")
                .contains("never re-run");
        assertThat(AlertIntakeEndToEndTest.agentCounter(client, stack.agent().opsUrl(), "RESTART", "abandoned"))
                .isEqualTo(1);
        assertThat(AlertIntakeEndToEndTest.agentCounter(client, stack.agent().opsUrl(), "RESTART", "succeeded"))
                .isZero();
        assertThat(client.incident(incidentId).orElseThrow().status()).isEqualTo(IncidentStatus.ESCALATED);
    }
}
