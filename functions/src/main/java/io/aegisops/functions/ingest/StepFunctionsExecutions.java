package io.aegisops.functions.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.contracts.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/**
 * Executions read from Step Functions: DescribeExecution, DescribeStateMachine and GetExecutionHistory. The view keeps
 * the states' names and times only; a state's input and output leave here one visit at a time, and only as
 * {@link StateDocuments#shown}. Task parameters (a waiting task's token among them) never do.
 */
public final class StepFunctionsExecutions implements ExecutionViews {

    /** History pages of 1,000 events read at most; a pipeline run is a few hundred. */
    static final int MAX_HISTORY_PAGES = 5;

    static final int HISTORY_PAGE_SIZE = 1000;
    /** The most history events read for one execution: a visit's index is below it. */
    static final int MAX_HISTORY_EVENTS = MAX_HISTORY_PAGES * HISTORY_PAGE_SIZE;

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
        List<StateVisit> visits = visits(executionArn).stream()
                .map(v -> new StateVisit(v.state, v.enteredAt, v.exitedAt))
                .toList();
        return Optional.of(new ExecutionView(
                executionArn,
                execution.statusAsString(),
                execution.startDate(),
                execution.stopDate(),
                definition,
                visits));
    }

    @Override
    public Optional<StateIo> visit(String executionArn, int index) {
        List<Visit> visits;
        try {
            visits = visits(executionArn);
        } catch (ExecutionDoesNotExistException gone) {
            return Optional.empty();
        }
        if (index < 0 || index >= visits.size()) {
            return Optional.empty();
        }
        Visit v = visits.get(index);
        return Optional.of(new StateIo(
                index,
                v.state,
                v.enteredAt,
                v.exitedAt,
                StateDocuments.shown(v.input),
                StateDocuments.shown(v.output)));
    }

    /** A state entered, and left once {@code exitedAt} is set. */
    private static final class Visit {
        final String state;
        final Instant enteredAt;
        final String input;
        Instant exitedAt;
        String output;

        Visit(String state, Instant enteredAt, String input) {
            this.state = state;
            this.enteredAt = enteredAt;
            this.input = input;
        }
    }

    private List<Visit> visits(String executionArn) {
        List<Visit> visits = new ArrayList<>();
        String nextToken = null;
        int pages = 0;
        do {
            String token = nextToken;
            GetExecutionHistoryResponse history = sfn.getExecutionHistory(b ->
                    b.executionArn(executionArn).maxResults(HISTORY_PAGE_SIZE).nextToken(token));
            history.events().forEach(event -> record(visits, event));
            nextToken = history.nextToken();
            pages++;
        } while (nextToken != null && pages < MAX_HISTORY_PAGES);
        return visits;
    }

    private static void record(List<Visit> visits, HistoryEvent event) {
        String type = event.typeAsString();
        if (type.endsWith("StateEntered") && event.stateEnteredEventDetails() != null) {
            visits.add(new Visit(
                    event.stateEnteredEventDetails().name(),
                    event.timestamp(),
                    event.stateEnteredEventDetails().input()));
        } else if (type.endsWith("StateExited") && event.stateExitedEventDetails() != null) {
            String name = event.stateExitedEventDetails().name();
            for (int i = visits.size() - 1; i >= 0; i--) {
                Visit open = visits.get(i);
                if (open.state.equals(name) && open.exitedAt == null) {
                    open.exitedAt = event.timestamp();
                    open.output = event.stateExitedEventDetails().output();
                    break;
                }
            }
        }
    }
}
