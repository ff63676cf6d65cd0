package io.aegisops.statemachine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.statemachine.api.StepFunctionsHttpServer;
import io.aegisops.statemachine.asl.JsonValues;
import io.aegisops.testsupport.LocalAws;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

/**
 * HTTP: the pipeline driven the way production drives it — ingest starts the execution with the
 * SDK, the edge agent answers the task tokens with the SDK (heartbeating while it restarts), and an
 * operator reads the history — against the engine's HTTP API.
 */
class AegisPipelineHttpTest {

    private PipelineHarness pipeline;
    private StepFunctionsHttpServer server;
    private SfnClient sfn;

    @BeforeEach
    void start() throws Exception {
        pipeline = new PipelineHarness();
        server = StepFunctionsHttpServer.start(pipeline.engine, 0);
        sfn = LocalAws.sfn(server.endpoint());
    }

    @AfterEach
    void stop() {
        sfn.close();
        server.close();
    }

    @Test
    void theAutoBranchRunsToResolvedThroughTheSdk() {
        String incidentId = "inc-alertmanager-0123456789abcdef0123456789abcdef";
        String arn = sfn.startExecution(b -> b.stateMachineArn(pipeline.machineArn)
                        .name(incidentId)
                        .input(PipelineHarness.text("input-known-target.json")))
                .executionArn();

        sfn.sendTaskSuccess(b -> b.taskToken(pipeline.latestToken("CollectEvidence"))
                .output(PipelineHarness.text("inspect-result.json")));
        sfn.sendTaskHeartbeat(b -> b.taskToken(pipeline.latestToken("Remediate")));
        sfn.sendTaskSuccess(b ->
                b.taskToken(pipeline.latestToken("Remediate")).output(PipelineHarness.text("restart-succeeded.json")));

        var execution = sfn.describeExecution(b -> b.executionArn(arn));
        assertThat(execution.name()).isEqualTo(incidentId);
        assertThat(execution.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(execution.output()).contains("\"status\":\"RESOLVED\"");
        List<HistoryEvent> events = sfn.getExecutionHistory(
                        b -> b.executionArn(arn).maxResults(1000))
                .events();
        assertThat(events)
                .filteredOn(e -> e.type() == HistoryEventType.TASK_STATE_ENTERED)
                .extracting(e -> e.stateEnteredEventDetails().name())
                .containsExactly(
                        "CollectEvidence", "Diagnose", "NotifyDiagnosed", "Remediate", "Learn", "NotifyOutcome");
        HistoryEvent scheduled = events.stream()
                .filter(e -> e.type() == HistoryEventType.TASK_SCHEDULED)
                .findFirst()
                .orElseThrow();
        assertThat(scheduled.taskScheduledEventDetails().resourceType()).isEqualTo("lambda");
        assertThat(scheduled.taskScheduledEventDetails().resource()).isEqualTo("invoke.waitForTaskToken");
        assertThat(scheduled.taskScheduledEventDetails().timeoutInSeconds()).isEqualTo(60L);
        assertThat(events.getLast().type()).isEqualTo(HistoryEventType.EXECUTION_SUCCEEDED);
    }

    @Test
    void aRejectionSucceedsWithTheOutcomeInItsOutput() {
        pipeline.decide("APPROVAL");
        String arn = sfn.startExecution(b ->
                        b.stateMachineArn(pipeline.machineArn).input(PipelineHarness.text("input-known-target.json")))
                .executionArn();
        sfn.sendTaskSuccess(b -> b.taskToken(pipeline.latestToken("CollectEvidence"))
                .output(PipelineHarness.text("inspect-result.json")));
        sfn.sendTaskSuccess(b -> b.taskToken(pipeline.latestToken("RequestApproval"))
                .output(PipelineHarness.text("approval-rejected.json")));

        var execution = sfn.describeExecution(b -> b.executionArn(arn));
        // the pipeline worked and a human said no: nothing for the failed-executions alarm to page about
        assertThat(execution.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(execution.error()).isNull();
        JsonNode outcome = JsonValues.parse(execution.output()).path("outcome");
        assertThat(outcome.path("status").asText()).isEqualTo("REJECTED");
        assertThat(outcome.path("reason").asText()).isEqualTo("remediation rejected by the approver");
        List<HistoryEvent> events = sfn.getExecutionHistory(
                        b -> b.executionArn(arn).maxResults(1000))
                .events();
        assertThat(events)
                .extracting(HistoryEvent::type)
                .containsSubsequence(HistoryEventType.SUCCEED_STATE_ENTERED, HistoryEventType.EXECUTION_SUCCEEDED)
                .doesNotContain(HistoryEventType.FAIL_STATE_ENTERED);
    }
}
