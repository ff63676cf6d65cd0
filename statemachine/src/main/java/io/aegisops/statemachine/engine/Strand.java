package io.aegisops.statemachine.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aegisops.statemachine.asl.ChoiceRule;
import io.aegisops.statemachine.asl.DataFlow;
import io.aegisops.statemachine.asl.JsonValues;
import io.aegisops.statemachine.asl.State;
import io.aegisops.statemachine.asl.State.ChoiceState;
import io.aegisops.statemachine.asl.State.FailState;
import io.aegisops.statemachine.asl.State.MapState;
import io.aegisops.statemachine.asl.State.ParallelState;
import io.aegisops.statemachine.asl.State.PassState;
import io.aegisops.statemachine.asl.State.Seconds;
import io.aegisops.statemachine.asl.State.SucceedState;
import io.aegisops.statemachine.asl.State.TaskState;
import io.aegisops.statemachine.asl.State.WaitState;
import io.aegisops.statemachine.asl.StateGraph;
import io.aegisops.statemachine.asl.StatesError;
import io.aegisops.statemachine.asl.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A line of control through a {@link StateGraph}: the whole machine, one Parallel branch or one
 * Map iteration. States that finish at once (Pass, Choice, Succeed, Fail) run in a loop; Wait,
 * Task, Parallel and Map park the strand on a timer, a task or child strands, and resume it in a
 * later step. All methods run inside the execution's mailbox.
 */
final class Strand {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** How a strand reports its end to whoever started it. */
    interface Outcome {
        void succeeded(Strand strand, JsonNode output);

        void failed(Strand strand, String error, String cause);
    }

    private record Transition(String next, JsonNode output) {
    }

    private final Execution execution;
    private final StateGraph graph;
    private final Outcome outcome;
    private long lastEventId;
    private boolean closed;
    private final List<Timers.Timer> timers = new ArrayList<>();
    private final List<Strand> children = new ArrayList<>();
    private TaskAttempt activeTask;

    Strand(Execution execution, StateGraph graph, long previousEventId, Outcome outcome) {
        this.execution = execution;
        this.graph = graph;
        this.lastEventId = previousEventId;
        this.outcome = outcome;
    }

    Execution execution() {
        return execution;
    }

    long lastEventId() {
        return lastEventId;
    }

    void lastEventId(long id) {
        lastEventId = id;
    }

    private boolean active() {
        return !closed && execution.isRunning();
    }

    // ---------------------------------------------------------------- the loop

    /** Runs from {@code stateName} until the strand parks or ends. */
    void run(String stateName, JsonNode input) {
        String name = stateName;
        JsonNode data = input;
        while (active()) {
            State state = graph.state(name);
            Instant entered = execution.now();
            long enteredId = emit(HistoryEventType.valueOf(state.type() + "StateEntered"), enteredDetails(state.name(), data));
            Transition transition;
            try {
                transition = switch (state) {
                    case PassState s -> pass(s, data, entered);
                    case ChoiceState s -> choice(s, data, entered);
                    case WaitState s -> waitState(s, data, entered);
                    case SucceedState s -> new Transition(null, s.flow().selectOutput(s.flow().selectInput(data)));
                    case FailState s -> fail(s, data, entered);
                    case TaskState s -> firstAttempt(new Visit(s, s.retry(), s.catchers(), data, entered, enteredId,
                            visit -> startTask(s, visit)));
                    case ParallelState s -> firstAttempt(new Visit(s, s.retry(), s.catchers(), data, entered, enteredId,
                            visit -> startParallel(s, visit)));
                    case MapState s -> firstAttempt(new Visit(s, s.retry(), s.catchers(), data, entered, enteredId,
                            visit -> startMap(s, visit)));
                };
            } catch (StatesError e) {
                failStrand(e.error(), describe(e, state.name(), enteredId));
                return;
            }
            if (transition == null) {
                return;
            }
            if (!(state instanceof FailState)) {
                emitExited(state, transition.output());
            }
            if (transition.next() == null) {
                finish(transition.output());
                return;
            }
            name = transition.next();
            data = transition.output();
        }
    }

    /** A Task, Parallel or Map state parks the strand (or has already moved it on, when its attempt ended at once). */
    private static Transition firstAttempt(Visit visit) {
        visit.attempt();
        return null;
    }

    /** Continues after a parked state has produced its output. */
    private void continueWith(String next, JsonNode output) {
        if (next == null) {
            finish(output);
        } else {
            run(next, output);
        }
    }

    private void finish(JsonNode output) {
        closed = true;
        outcome.succeeded(this, output);
    }

    private void failStrand(String error, String cause) {
        cancel();
        outcome.failed(this, error, cause);
    }

    /** Stops this strand and everything under it: timers, the open task, child strands. */
    void cancel() {
        closed = true;
        timers.forEach(Timers.Timer::cancel);
        timers.clear();
        if (activeTask != null) {
            activeTask.tryClose();
            activeTask = null;
        }
        children.forEach(Strand::cancel);
        children.clear();
    }

    private void schedule(Duration delay, Runnable step) {
        Timers.Timer[] timer = new Timers.Timer[1];
        timer[0] = execution.schedule(delay, () -> {
            timers.remove(timer[0]);
            if (!closed) {
                step.run();
            }
        });
        timers.add(timer[0]);
    }

    // ---------------------------------------------------------------- states that finish at once

    private Transition pass(PassState s, JsonNode raw, Instant entered) {
        JsonNode effective = s.flow().effectiveInput(raw, execution.context(s.name(), entered, null, 0));
        return new Transition(s.next(), s.flow().output(raw, s.result() != null ? s.result() : effective));
    }

    private Transition choice(ChoiceState s, JsonNode raw, Instant entered) {
        JsonNode effective = s.flow().selectInput(raw);
        JsonNode context = execution.context(s.name(), entered, null, 0);
        String next = s.choices().stream().filter(rule -> rule.condition().test(effective, context))
                .map(ChoiceRule::next).findFirst().orElse(s.defaultNext());
        if (next == null) {
            // Step Functions reports this as States.Runtime (States.NoChoiceMatched is reserved).
            throw StatesError.runtime("No choice rule matched the input and the Choice state has no Default");
        }
        return new Transition(next, s.flow().selectOutput(effective));
    }

    private Transition fail(FailState s, JsonNode raw, Instant entered) {
        JsonNode context = execution.context(s.name(), entered, null, 0);
        String error = s.error() != null ? s.error() : InputValues.text(s.errorPath(), raw, context, "ErrorPath");
        String cause = s.cause() != null ? s.cause() : InputValues.text(s.causePath(), raw, context, "CausePath");
        failStrand(error, cause);
        return null;
    }

    private Transition waitState(WaitState s, JsonNode raw, Instant entered) {
        JsonNode effective = s.flow().selectInput(raw);
        Duration delay = waitDuration(s, effective, execution.context(s.name(), entered, null, 0));
        JsonNode output = s.flow().selectOutput(effective);
        if (delay.isNegative() || delay.isZero()) {
            return new Transition(s.next(), output);
        }
        schedule(delay, () -> {
            emitExited(s, output);
            continueWith(s.next(), output);
        });
        return null;
    }

    private Duration waitDuration(WaitState s, JsonNode effective, JsonNode context) {
        if (s.seconds() != null) {
            return Duration.ofSeconds(s.seconds());
        }
        if (s.timestamp() != null) {
            return untilTimestamp(s.timestamp());
        }
        if (s.secondsPath() != null) {
            JsonNode value = InputValues.select(s.secondsPath(), effective, context, "SecondsPath");
            if (!JsonValues.isInteger(value) || value.asLong() < 0) {
                throw StatesError.runtime("The SecondsPath parameter does not reference a valid integer: " + JsonValues.excerpt(value));
            }
            return Duration.ofSeconds(value.asLong());
        }
        JsonNode value = InputValues.select(s.timestampPath(), effective, context, "TimestampPath");
        if (!value.isTextual() || Timestamps.parse(value.textValue()).isEmpty()) {
            throw StatesError.runtime("The TimestampPath parameter does not reference a valid ISO-8601 timestamp: " + JsonValues.excerpt(value));
        }
        return untilTimestamp(value.textValue());
    }

    private Duration untilTimestamp(String timestamp) {
        return Duration.between(execution.now(), Timestamps.parse(timestamp).orElseThrow());
    }

    // ---------------------------------------------------------------- Task

    private void startTask(TaskState s, Visit visit) {
        TaskResource resource = TaskResource.parse(s.resource());
        String token = resource.waitForTaskToken() ? execution.engine.issueToken() : null;
        JsonNode context = execution.context(s.name(), visit.entered, token, visit.retryAndCatch.retryCount());
        JsonNode parameters;
        Long timeout;
        Long heartbeat;
        try {
            parameters = s.flow().effectiveInput(visit.rawInput, context);
            JsonNode selected = s.flow().selectInput(visit.rawInput);
            timeout = InputValues.seconds(s.timeout(), selected, context, "TimeoutSecondsPath");
            heartbeat = InputValues.seconds(s.heartbeat(), selected, context, "HeartbeatSecondsPath");
        } catch (StatesError e) {
            handleFailure(visit, e.error(), describe(e, s.name(), visit.enteredEventId));
            return;
        }
        if (resource.kind() == TaskResource.Kind.LAMBDA_FUNCTION) {
            ObjectNode details = NODES.objectNode().put("resource", resource.arn()).put("input", JsonValues.write(parameters));
            details.putObject("inputDetails").put("truncated", false);
            if (timeout != null) {
                details.put("timeoutInSeconds", timeout);
            }
            emit(HistoryEventType.LambdaFunctionScheduled, details);
            emit(HistoryEventType.LambdaFunctionStarted, null);
        } else {
            ObjectNode details = resourceDetails(resource).put("region", execution.engine.region())
                    .put("parameters", JsonValues.write(parameters));
            if (timeout != null) {
                details.put("timeoutInSeconds", timeout);
            }
            if (heartbeat != null) {
                details.put("heartbeatInSeconds", heartbeat);
            }
            emit(HistoryEventType.TaskScheduled, details);
            emit(HistoryEventType.TaskStarted, resourceDetails(resource));
        }
        TaskAttempt attempt = new TaskAttempt(this, visit, resource, token, context, heartbeat);
        activeTask = attempt;
        execution.track(attempt);
        attempt.armTimers(timeout);
        execution.invoke(new TaskRequest(s.resource(), parameters, token, execution.arn, s.name()), attempt);
    }

    private boolean current(TaskAttempt attempt) {
        return active() && activeTask == attempt;
    }

    void taskSubmitted(TaskAttempt attempt, JsonNode response) {
        if (current(attempt)) {
            emit(HistoryEventType.TaskSubmitted, withOutput(resourceDetails(attempt.resource()), response));
        }
    }

    void taskSucceeded(TaskAttempt attempt, JsonNode result) {
        if (!current(attempt)) {
            return;
        }
        activeTask = null;
        emit(attempt.resource().kind() == TaskResource.Kind.LAMBDA_FUNCTION ? HistoryEventType.LambdaFunctionSucceeded
                : HistoryEventType.TaskSucceeded, withOutput(lambdaOr(attempt), result));
        Visit visit = attempt.visit();
        TaskState s = (TaskState) visit.state;
        complete(visit, s.flow(), result, attempt.context(), s.next());
    }

    void taskFailed(TaskAttempt attempt, String error, String cause) {
        if (current(attempt)) {
            activeTask = null;
            emit(attempt.resource().kind() == TaskResource.Kind.LAMBDA_FUNCTION ? HistoryEventType.LambdaFunctionFailed
                    : HistoryEventType.TaskFailed, withError(lambdaOr(attempt), error, cause));
            handleFailure(attempt.visit(), error, cause);
        }
    }

    void taskTimedOut(TaskAttempt attempt, String error, String cause) {
        if (current(attempt)) {
            activeTask = null;
            emit(attempt.resource().kind() == TaskResource.Kind.LAMBDA_FUNCTION ? HistoryEventType.LambdaFunctionTimedOut
                    : HistoryEventType.TaskTimedOut, withError(lambdaOr(attempt), error, cause));
            handleFailure(attempt.visit(), error, cause);
        }
    }

    private static ObjectNode lambdaOr(TaskAttempt attempt) {
        return attempt.resource().kind() == TaskResource.Kind.LAMBDA_FUNCTION ? NODES.objectNode() : resourceDetails(attempt.resource());
    }

    private static ObjectNode resourceDetails(TaskResource resource) {
        return NODES.objectNode().put("resourceType", resource.resourceType()).put("resource", resource.resource());
    }

    // ---------------------------------------------------------------- Parallel and Map

    private void startParallel(ParallelState s, Visit visit) {
        JsonNode context = execution.context(s.name(), visit.entered, null, visit.retryAndCatch.retryCount());
        JsonNode input;
        try {
            input = s.flow().effectiveInput(visit.rawInput, context);
        } catch (StatesError e) {
            handleFailure(visit, e.error(), describe(e, s.name(), visit.enteredEventId));
            return;
        }
        long started = emit(HistoryEventType.ParallelStateStarted, null);
        int count = s.branches().size();
        JsonNode[] results = new JsonNode[count];
        int[] remaining = {count};
        boolean[] over = {false};
        List<Strand> branches = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int index = i;
            branches.add(new Strand(execution, s.branches().get(i), started, new Outcome() {
                @Override
                public void succeeded(Strand branch, JsonNode output) {
                    if (over[0] || !active()) {
                        return;
                    }
                    results[index] = output;
                    children.remove(branch);
                    if (--remaining[0] == 0) {
                        over[0] = true;
                        emit(HistoryEventType.ParallelStateSucceeded, null);
                        complete(visit, s.flow(), array(results), context, s.next());
                    }
                }

                @Override
                public void failed(Strand branch, String error, String cause) {
                    if (over[0] || !active()) {
                        return;
                    }
                    over[0] = true;
                    children.remove(branch);
                    children.forEach(Strand::cancel);
                    children.clear();
                    emit(HistoryEventType.ParallelStateFailed, null);
                    handleFailure(visit, error, cause);
                }
            }));
        }
        children.addAll(branches);
        for (int i = 0; i < count; i++) {
            Strand branch = branches.get(i);
            String startAt = s.branches().get(i).startAt();
            execution.post(() -> branch.run(startAt, input));
        }
    }

    private void startMap(MapState s, Visit visit) {
        JsonNode context = execution.context(s.name(), visit.entered, null, visit.retryAndCatch.retryCount());
        JsonNode effective;
        ArrayNode items;
        int limit;
        try {
            effective = s.flow().selectInput(visit.rawInput);
            JsonNode selected = s.itemsPath().evaluate(effective, context).orElseThrow(() -> StatesError.runtime(
                    "Invalid path '" + s.itemsPath().text() + "' : No results for path in the ItemsPath of '" + JsonValues.excerpt(effective) + "'"));
            if (!(selected instanceof ArrayNode array)) {
                throw StatesError.runtime("The ItemsPath '" + s.itemsPath().text() + "' must select an array, not " + JsonValues.excerpt(selected));
            }
            items = array;
            limit = s.maxConcurrencyPath() == null ? s.maxConcurrency() : InputValues.seconds(new Seconds(null, s.maxConcurrencyPath()), effective,
                    context, "MaxConcurrencyPath").intValue();
        } catch (StatesError e) {
            handleFailure(visit, e.error(), describe(e, s.name(), visit.enteredEventId));
            return;
        }
        ObjectNode started = NODES.objectNode().put("length", items.size());
        emit(HistoryEventType.MapStateStarted, started);
        new MapRun(visit, s, context, effective, items, limit == 0 ? Integer.MAX_VALUE : limit).launch();
    }

    /** The iterations of one Map attempt, at most {@code limit} at a time. */
    private final class MapRun {
        private final Visit visit;
        private final MapState state;
        private final JsonNode context;
        private final JsonNode effective;
        private final ArrayNode items;
        private final int limit;
        private final JsonNode[] results;
        private final Strand[] running;
        private int next;
        private int inFlight;
        private int done;
        private boolean over;

        MapRun(Visit visit, MapState state, JsonNode context, JsonNode effective, ArrayNode items, int limit) {
            this.visit = visit;
            this.state = state;
            this.context = context;
            this.effective = effective;
            this.items = items;
            this.limit = limit;
            this.results = new JsonNode[items.size()];
            this.running = new Strand[items.size()];
        }

        void launch() {
            if (items.isEmpty()) {
                over = true;
                emit(HistoryEventType.MapStateSucceeded, null);
                complete(visit, state.flow(), NODES.arrayNode(), context, state.next());
                return;
            }
            while (!over && inFlight < limit && next < items.size()) {
                int index = next++;
                JsonNode iterationInput;
                try {
                    iterationInput = itemInput(index);
                } catch (StatesError e) {
                    fail(e.error(), describe(e, state.name(), visit.enteredEventId));
                    return;
                }
                long startedId = emit(HistoryEventType.MapIterationStarted, iteration(index));
                Strand iteration = new Strand(execution, state.processor(), startedId, new Outcome() {
                    @Override
                    public void succeeded(Strand strand, JsonNode output) {
                        iterationSucceeded(index, output);
                    }

                    @Override
                    public void failed(Strand strand, String error, String cause) {
                        iterationFailed(index, error, cause);
                    }
                });
                running[index] = iteration;
                children.add(iteration);
                inFlight++;
                String startAt = state.processor().startAt();
                execution.post(() -> iteration.run(startAt, iterationInput));
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
            if (over || !active()) {
                return;
            }
            results[index] = output;
            finished(index);
            emit(HistoryEventType.MapIterationSucceeded, iteration(index));
            if (++done == items.size()) {
                over = true;
                emit(HistoryEventType.MapStateSucceeded, null);
                complete(visit, state.flow(), array(results), context, state.next());
            } else {
                launch();
            }
        }

        private void iterationFailed(int index, String error, String cause) {
            if (over || !active()) {
                return;
            }
            finished(index);
            emit(HistoryEventType.MapIterationFailed, iteration(index));
            fail(error, cause);
        }

        private void fail(String error, String cause) {
            over = true;
            for (int i = 0; i < running.length; i++) {
                if (running[i] != null) {
                    running[i].cancel();
                    finished(i);
                    emit(HistoryEventType.MapIterationAborted, iteration(i));
                }
            }
            emit(HistoryEventType.MapStateFailed, null);
            handleFailure(visit, error, cause);
        }

        private void finished(int index) {
            children.remove(running[index]);
            running[index] = null;
            inFlight--;
        }

        private ObjectNode iteration(int index) {
            return NODES.objectNode().put("name", state.name()).put("index", index);
        }
    }

    private static ArrayNode array(JsonNode[] values) {
        ArrayNode array = NODES.arrayNode();
        for (JsonNode value : values) {
            array.add(value);
        }
        return array;
    }

    // ---------------------------------------------------------------- results, Retry and Catch

    /** ResultSelector, ResultPath, OutputPath, then on to Next. */
    private void complete(Visit visit, DataFlow flow, JsonNode result, JsonNode context, String next) {
        JsonNode output;
        try {
            output = flow.output(visit.rawInput, flow.selectResult(result, context));
        } catch (StatesError e) {
            handleFailure(visit, e.error(), describe(e, visit.state.name(), visit.enteredEventId));
            return;
        }
        emitExited(visit.state, output);
        continueWith(next, output);
    }

    /** Retries after the retrier's delay, goes on to the matching catcher's Next, or fails the strand. */
    private void handleFailure(Visit visit, String error, String cause) {
        if (!active()) {
            return;
        }
        switch (visit.retryAndCatch.onError(error)) {
            case RetryAndCatch.Retry retry -> schedule(retry.delay(), visit::attempt);
            case RetryAndCatch.Catch caught -> {
                JsonNode output;
                try {
                    output = DataFlow.placeResult(caught.catcher().resultPath(), visit.rawInput, RetryAndCatch.errorOutput(error, cause));
                } catch (StatesError e) {
                    failStrand(e.error(), e.cause());
                    return;
                }
                emitExited(visit.state, output);
                continueWith(caught.catcher().next(), output);
            }
            case RetryAndCatch.Uncaught uncaught -> failStrand(error, cause);
        }
    }

    /** Step Functions prefixes a run-time data error with the state it happened in. */
    private static String describe(StatesError e, String stateName, long enteredEventId) {
        return StatesError.RUNTIME.equals(e.error())
                ? "An error occurred while executing the state '" + stateName + "' (entered at the event id #" + enteredEventId + "). " + e.cause()
                : e.cause();
    }

    // ---------------------------------------------------------------- history

    private long emit(HistoryEventType type, ObjectNode details) {
        return execution.emit(this, type, details);
    }

    private void emitExited(State state, JsonNode output) {
        emit(HistoryEventType.valueOf(state.type() + "StateExited"), withOutput(NODES.objectNode().put("name", state.name()), output));
    }

    private static ObjectNode enteredDetails(String name, JsonNode input) {
        ObjectNode details = NODES.objectNode().put("name", name).put("input", JsonValues.write(input));
        details.putObject("inputDetails").put("truncated", false);
        return details;
    }

    private static ObjectNode withOutput(ObjectNode details, JsonNode output) {
        details.put("output", JsonValues.write(output));
        details.putObject("outputDetails").put("truncated", false);
        return details;
    }

    private static ObjectNode withError(ObjectNode details, String error, String cause) {
        if (error != null) {
            details.put("error", error);
        }
        if (cause != null) {
            details.put("cause", cause);
        }
        return details;
    }
}
