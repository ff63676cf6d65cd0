package io.aegisops.local.trace;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

/** Unit: a history as GetExecutionHistory returns it becomes one row per state, with what happened to its task. */
class ExecutionTraceTest {

    private static final Instant T0 = Instant.parse("2025-06-01T10:00:00Z");
    private final List<HistoryEvent> events = new ArrayList<>();

    private void event(
            long atMillis, HistoryEventType type, java.util.function.Consumer<HistoryEvent.Builder> details) {
        HistoryEvent.Builder b =
                HistoryEvent.builder().id((long) events.size() + 1).type(type).timestamp(T0.plusMillis(atMillis));
        details.accept(b);
        events.add(b.build());
    }

    private void entered(long at, HistoryEventType type, String name) {
        event(at, type, b -> b.stateEnteredEventDetails(d -> d.name(name).input("{}")));
    }

    private void exited(long at, HistoryEventType type, String name, String output) {
        event(at, type, b -> b.stateExitedEventDetails(d -> d.name(name).output(output)));
    }

    @BeforeEach
    void aRemediationTheAgentNeverAnswered() {
        event(0, HistoryEventType.EXECUTION_STARTED, b -> b.executionStartedEventDetails(d -> d.input("{}")));
        entered(5, HistoryEventType.TASK_STATE_ENTERED, "Diagnose");
        event(
                6,
                HistoryEventType.TASK_SCHEDULED,
                b -> b.taskScheduledEventDetails(
                        d -> d.resource("invoke").resourceType("lambda").parameters("{}")));
        event(
                40,
                HistoryEventType.TASK_FAILED,
                b -> b.taskFailedEventDetails(
                        d -> d.error("Lambda.ServiceException").cause("throttled")));
        event(
                1040,
                HistoryEventType.TASK_SCHEDULED,
                b -> b.taskScheduledEventDetails(
                        d -> d.resource("invoke").resourceType("lambda").parameters("{}")));
        event(1100, HistoryEventType.TASK_SUCCEEDED, b -> b.taskSucceededEventDetails(d -> d.output("{}")));
        exited(1105, HistoryEventType.TASK_STATE_EXITED, "Diagnose", """
                {"analysis":{"diagnosis":{"rootCause":"Memory exhaustion","action":"RESTART","confidence":0.9,"source":"RULES"},
                 "decision":{"mode":"AUTO"}}}""");
        entered(1110, HistoryEventType.TASK_STATE_ENTERED, "Remediate");
        event(
                1111,
                HistoryEventType.TASK_SCHEDULED,
                b -> b.taskScheduledEventDetails(d -> d.resource("invoke.waitForTaskToken")
                        .resourceType("lambda")
                        .parameters("{}")));
        event(
                5111,
                HistoryEventType.TASK_TIMED_OUT,
                b -> b.taskTimedOutEventDetails(
                        d -> d.error("States.HeartbeatTimeout").cause("no heartbeat for 4 s")));
        exited(
                5112,
                HistoryEventType.TASK_STATE_EXITED,
                "Remediate",
                "{\"error\":{\"Error\":\"States.HeartbeatTimeout\"}}");
        entered(5113, HistoryEventType.PASS_STATE_ENTERED, "OutcomeRemediationTimedOut");
        exited(
                5113,
                HistoryEventType.PASS_STATE_EXITED,
                "OutcomeRemediationTimedOut",
                "{\"outcome\":{\"status\":\"ESCALATED\",\"reason\":\"the agent did not finish the restart in time\"}}");
        entered(5200, HistoryEventType.FAIL_STATE_ENTERED, "UnknownOutcome");
        event(
                5200,
                HistoryEventType.EXECUTION_FAILED,
                b -> b.executionFailedEventDetails(
                        d -> d.error("Aegis.UnknownOutcome").cause("the agent did not finish")));
    }

    private ExecutionTrace trace() {
        return ExecutionTrace.of(
                DescribeExecutionResponse.builder()
                        .executionArn("arn:aws:states:us-east-1:000000000000:execution:aegis-pipeline:inc-1")
                        .status(ExecutionStatus.FAILED)
                        .startDate(T0)
                        .stopDate(T0.plusMillis(5200))
                        .error("Aegis.UnknownOutcome")
                        .cause("the agent did not finish")
                        .build(),
                events);
    }

    @Test
    void oneVisitPerStateWithItsDuration() {
        assertThat(trace().visits())
                .extracting(ExecutionTrace.StateVisit::name)
                .containsExactly("Diagnose", "Remediate", "OutcomeRemediationTimedOut", "UnknownOutcome");
        assertThat(trace().visits().get(1).duration().toMillis()).isEqualTo(4002);
        assertThat(trace().visits().get(3).finished()).isFalse();
    }

    @Test
    void aRetriedTaskThatSucceededCountsAsSucceeded() {
        ExecutionTrace.StateVisit diagnose = trace().visits().getFirst();
        assertThat(diagnose.failed()).isNull();
        assertThat(diagnose.notes())
                .containsExactly("failed: Lambda.ServiceException (throttled)", "retry 1 at +1.035 s");
    }

    @Test
    void aTimedOutTaskIsNamedByItsError() {
        ExecutionTrace.StateVisit remediate = trace().visits().get(1);
        assertThat(remediate.failed()).isEqualTo("States.HeartbeatTimeout");
        assertThat(remediate.notes()).containsExactly("timed out: States.HeartbeatTimeout (no heartbeat for 4 s)");
    }

    @Test
    void theRenderingReadsLikeTheConsole() {
        String text = trace().render();
        assertThat(text)
                .contains("status     FAILED after 5.200 s")
                .contains("error      Aegis.UnknownOutcome: the agent did not finish")
                .containsPattern(
                        "\\+0\\.005 s +Diagnose +Task +1100 ms +RULES says RESTART \\(0\\.90\\): Memory exhaustion → AUTO")
                .containsPattern("\\+1\\.110 s +Remediate +Task +4002 ms")
                .containsPattern("· timed out: States.HeartbeatTimeout")
                .containsPattern(
                        "OutcomeRemediationTimedOut +Pass +0 ms +ESCALATED: the agent did not finish the restart in time")
                .containsPattern("\\+5\\.200 s +UnknownOutcome +Fail");
    }

    @Test
    void theJsonHoldsTheSameRowsForMachines() {
        JsonNode json = trace().toJson();
        assertThat(json.path("executionArn").asText()).endsWith(":inc-1");
        assertThat(json.path("status").asText()).isEqualTo("FAILED");
        assertThat(json.path("startDate").asText()).isEqualTo("2025-06-01T10:00:00Z");
        assertThat(json.path("durationMs").asLong()).isEqualTo(5200);
        assertThat(json.path("error").asText()).isEqualTo("Aegis.UnknownOutcome");
        assertThat(json.path("states")).hasSize(4);
        JsonNode remediate = json.path("states").get(1);
        assertThat(remediate.path("name").asText()).isEqualTo("Remediate");
        assertThat(remediate.path("type").asText()).isEqualTo("Task");
        assertThat(remediate.path("atMs").asLong()).isEqualTo(1110);
        assertThat(remediate.path("durationMs").asLong()).isEqualTo(4002);
        assertThat(remediate.path("failed").asText()).isEqualTo("States.HeartbeatTimeout");
        assertThat(remediate.path("notes").get(0).asText())
                .isEqualTo("timed out: States.HeartbeatTimeout (no heartbeat for 4 s)");
        assertThat(json.path("states").get(0).path("summary").asText())
                .isEqualTo("RULES says RESTART (0.90): Memory exhaustion → AUTO");
        JsonNode escalated = json.path("states").get(3);
        assertThat(escalated.has("exited")).as("a Fail state is never left").isFalse();
        assertThat(escalated.has("durationMs")).isFalse();
    }
}
