package io.aegisops.statemachine.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.statemachine.asl.State.ParallelState;
import io.aegisops.statemachine.asl.StatesError;
import java.util.ArrayList;
import java.util.List;

/**
 * One attempt of a Parallel state: every branch runs on the same input in a strand of its own; the output is
 * their outputs in branch order once all have succeeded, and the first failure cancels the others.
 */
final class ParallelRun implements Strand.Awaited {

    private final Strand strand;
    private final ParallelState state;
    private final Visit visit;
    private final JsonNode context;
    private final JsonNode[] results;
    /** The branches that have not succeeded yet. */
    private final List<Strand> running = new ArrayList<>();

    private ParallelRun(Strand strand, ParallelState state, Visit visit, JsonNode context) {
        this.strand = strand;
        this.state = state;
        this.visit = visit;
        this.context = context;
        this.results = new JsonNode[state.branches().size()];
    }

    static void start(Strand strand, ParallelState s, Visit visit) {
        JsonNode context = strand.execution().context(s.name(), visit.entered, null, visit.retryAndCatch.retryCount());
        JsonNode input;
        try {
            input = s.flow().effectiveInput(visit.rawInput, context);
        } catch (StatesError e) {
            strand.handleFailure(visit, e);
            return;
        }
        long started = strand.emit(HistoryEventType.ParallelStateStarted, null);
        new ParallelRun(strand, s, visit, context).launch(input, started);
    }

    private void launch(JsonNode input, long startedEventId) {
        Execution execution = strand.execution();
        List<Strand> branches = new ArrayList<>();
        for (int i = 0; i < results.length; i++) {
            int index = i;
            branches.add(new Strand(execution, state.branches().get(i), startedEventId, new Strand.Outcome() {
                @Override
                public void succeeded(Strand branch, JsonNode output) {
                    branchSucceeded(index, branch, output);
                }

                @Override
                public void failed(Strand branch, String error, String cause) {
                    branchFailed(branch, error, cause);
                }
            }));
        }
        running.addAll(branches);
        strand.park(StrandPhase.IN_BRANCHES, this);
        for (int i = 0; i < branches.size(); i++) {
            Strand branch = branches.get(i);
            String startAt = state.branches().get(i).startAt();
            execution.post(() -> branch.start(startAt, input));
        }
    }

    private void branchSucceeded(int index, Strand branch, JsonNode output) {
        if (!strand.isAwaiting(this)) {
            return;
        }
        results[index] = output;
        running.remove(branch);
        if (running.isEmpty()) {
            strand.resume();
            strand.emit(HistoryEventType.ParallelStateSucceeded, null);
            strand.complete(visit, state.flow(), Strand.array(results), context, state.next());
        }
    }

    private void branchFailed(Strand branch, String error, String cause) {
        if (!strand.isAwaiting(this)) {
            return;
        }
        running.remove(branch);
        strand.resume();
        cancel();
        strand.emit(HistoryEventType.ParallelStateFailed, null);
        strand.handleFailure(visit, error, cause);
    }

    /** Cancels the branches still running. */
    @Override
    public void cancel() {
        running.forEach(Strand::cancel);
        running.clear();
    }
}
