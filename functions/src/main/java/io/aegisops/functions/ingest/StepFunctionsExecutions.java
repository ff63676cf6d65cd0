package io.aegisops.functions.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.contracts.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/**
 * Executions read from Step Functions: DescribeExecution, DescribeStateMachine and GetExecutionHistory. Only the
 * states' names and times are kept: the events' inputs, outputs and task parameters (a waiting task's token among
 * them) never leave here.
 */
public final class StepFunctionsExecutions implements ExecutionViews {

    /** History pages of 1,000 events read at most; a pipeline run is a few hundred. */
    static final int MAX_HISTORY_PAGES = 5;

    private final SfnClient sfn;

    public StepFunctionsExecutions(SfnClient sfn) {
        this.sfn = sfn;
    }

    @Override
    public Optional<ExecutionView> view(String executionArn) {
        DescribeExecutionResponse execution;
        try {
            execution = sfn.describeExecution(b -> b.executionArn(executionArn));
        } catch (ExecutionDoesNotExistException gone) {
            return Optional.empty();
        }
        JsonNode definition = Json.read(
                sfn.describeStateMachine(b -> b.stateMachineArn(execution.stateMachineArn()))
                        .definition(),
                JsonNode.class);
        List<StateVisit> visits = new ArrayList<>();
        String nextToken = null;
        int pages = 0;
        do {
            String token = nextToken;
            GetExecutionHistoryResponse history = sfn.getExecutionHistory(
                    b -> b.executionArn(executionArn).maxResults(1000).nextToken(token));
            history.events().forEach(event -> visit(visits, event));
            nextToken = history.nextToken();
            pages++;
        } while (nextToken != null && pages < MAX_HISTORY_PAGES);
        return Optional.of(new ExecutionView(
                executionArn,
                execution.statusAsString(),
                execution.startDate(),
                execution.stopDate(),
                definition,
                visits));
    }

    private static void visit(List<StateVisit> visits, HistoryEvent event) {
        String type = event.typeAsString();
        if (type.endsWith("StateEntered") && event.stateEnteredEventDetails() != null) {
            visits.add(new StateVisit(event.stateEnteredEventDetails().name(), event.timestamp(), null));
        } else if (type.endsWith("StateExited") && event.stateExitedEventDetails() != null) {
            String name = event.stateExitedEventDetails().name();
            for (int i = visits.size() - 1; i >= 0; i--) {
                StateVisit open = visits.get(i);
                if (open.state().equals(name) && open.exitedAt() == null) {
                    visits.set(i, new StateVisit(name, open.enteredAt(), event.timestamp()));
                    break;
                }
            }
        }
    }
}
