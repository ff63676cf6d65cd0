package io.aegisops.statemachine.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aegisops.statemachine.asl.JsonValues;
import io.aegisops.statemachine.asl.State.MapState;
import io.aegisops.statemachine.asl.State.Seconds;
import io.aegisops.statemachine.asl.StatesError;

/**
 * One attempt of an inline Map state: an iteration per item, each in a strand of its own, at most
 * {@code limit} at a time; the output keeps the items' order, and the first failure aborts the others.
 */
final class MapRun implements Strand.Awaited {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Strand strand;
    private final MapState state;
    private final Visit visit;
    private final JsonNode context;
    private final JsonNode effective;
    private final ArrayNode items;
    private final int limit;
    private final JsonNode[] results;
    /** The iteration of each item while it runs, else null. */
    private final Strand[] running;

    private int next;
    private int inFlight;
    private int done;

    private MapRun(
            Strand strand,
            MapState state,
            Visit visit,
            JsonNode context,
            JsonNode effective,
            ArrayNode items,
            int limit) {
        this.strand = strand;
        this.state = state;
        this.visit = visit;
        this.context = context;
        this.effective = effective;
        this.items = items;
        this.limit = limit;
        this.results = new JsonNode[items.size()];
        this.running = new Strand[items.size()];
    }

    static void start(Strand strand, MapState s, Visit visit) {
        JsonNode context = strand.execution().context(s.name(), visit.entered, null, visit.retryAndCatch.retryCount());
        JsonNode effective;
        ArrayNode items;
        int limit;
        try {
            effective = s.flow().selectInput(visit.rawInput);
            JsonNode selected = s.itemsPath()
                    .evaluate(effective, context)
                    .orElseThrow(() -> StatesError.runtime(
                            "Invalid path '" + s.itemsPath().text() + "' : No results for path in the ItemsPath of '"
                                    + JsonValues.excerpt(effective) + "'"));
            if (!(selected instanceof ArrayNode array)) {
                throw StatesError.runtime("The ItemsPath '" + s.itemsPath().text() + "' must select an array, not "
                        + JsonValues.excerpt(selected));
            }
            items = array;
            limit = s.maxConcurrencyPath() == null
                    ? s.maxConcurrency()
                    : InputValues.seconds(
                                    new Seconds(null, s.maxConcurrencyPath()), effective, context, "MaxConcurrencyPath")
                            .intValue();
        } catch (StatesError e) {
            strand.handleFailure(visit, e);
            return;
        }
        ObjectNode started = NODES.objectNode().put("length", items.size());
        strand.emit(HistoryEventType.MapStateStarted, started);
        MapRun run = new MapRun(strand, s, visit, context, effective, items, limit == 0 ? Integer.MAX_VALUE : limit);
        strand.park(StrandPhase.IN_BRANCHES, run);
        run.launch();
    }

    /** Starts iterations up to the limit. */
    private void launch() {
        if (items.isEmpty()) {
            strand.resume();
            strand.emit(HistoryEventType.MapStateSucceeded, null);
            strand.complete(visit, state.flow(), NODES.arrayNode(), context, state.next());
            return;
        }
        Execution execution = strand.execution();
        while (inFlight < limit && next < items.size()) {
            int index = next++;
            JsonNode iterationInput;
            try {
                iterationInput = itemInput(index);
            } catch (StatesError e) {
                fail(e.error(), Strand.describe(e, state.name(), visit.enteredEventId));
                return;
            }
            long startedId = strand.emit(HistoryEventType.MapIterationStarted, iteration(index));
            Strand iteration = new Strand(execution, state.processor(), startedId, new Strand.Outcome() {
                @Override
                public void succeeded(Strand self, JsonNode output) {
                    iterationSucceeded(index, output);
                }

                @Override
                public void failed(Strand self, String error, String cause) {
                    iterationFailed(index, error, cause);
                }
            });
            running[index] = iteration;
            inFlight++;
            String startAt = state.processor().startAt();
            execution.post(() -> iteration.start(startAt, iterationInput));
        }
    }

    private JsonNode itemInput(int index) {
        if (state.itemSelector() == null) {
            return items.get(index);
        }
        ObjectNode itemContext = ((ObjectNode) context).deepCopy();
        itemContext.putObject("Map").putObject("Item").put("Index", index).set("Value", items.get(index));
        return state.itemSelector().evaluate(effective, itemContext);
    }

    private void iterationSucceeded(int index, JsonNode output) {
        if (!strand.isAwaiting(this)) {
            return;
        }
        results[index] = output;
        finished(index);
        strand.emit(HistoryEventType.MapIterationSucceeded, iteration(index));
        if (++done == items.size()) {
            strand.resume();
            strand.emit(HistoryEventType.MapStateSucceeded, null);
            strand.complete(visit, state.flow(), Strand.array(results), context, state.next());
        } else {
            launch();
        }
    }

    private void iterationFailed(int index, String error, String cause) {
        if (!strand.isAwaiting(this)) {
            return;
        }
        finished(index);
        strand.emit(HistoryEventType.MapIterationFailed, iteration(index));
        fail(error, cause);
    }

    /** Aborts the iterations still running, then Retry and Catch. */
    private void fail(String error, String cause) {
        strand.resume();
        for (int i = 0; i < running.length; i++) {
            if (running[i] != null) {
                running[i].cancel();
                finished(i);
                strand.emit(HistoryEventType.MapIterationAborted, iteration(i));
            }
        }
        strand.emit(HistoryEventType.MapStateFailed, null);
        strand.handleFailure(visit, error, cause);
    }

    private void finished(int index) {
        running[index] = null;
        inFlight--;
    }

    /** Cancels the iterations still running. */
    @Override
    public void cancel() {
        for (Strand iteration : running) {
            if (iteration != null) {
                iteration.cancel();
            }
        }
    }

    private ObjectNode iteration(int index) {
        return NODES.objectNode().put("name", state.name()).put("index", index);
    }
}
