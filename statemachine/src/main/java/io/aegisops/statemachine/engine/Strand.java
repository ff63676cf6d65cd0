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
import io.aegisops.statemachine.asl.State.SucceedState;
import io.aegisops.statemachine.asl.State.TaskState;
import io.aegisops.statemachine.asl.State.WaitState;
import io.aegisops.statemachine.asl.StateGraph;
import io.aegisops.statemachine.asl.StatesError;
import java.time.Instant;

/**
 * A line of control through a {@link StateGraph}: the whole machine, one Parallel branch or one Map
 * iteration. States that finish at once (Pass, Choice, Succeed, Fail) run in a loop; Wait ({@link Waiting}),
 * Task ({@link TaskRunner}), Parallel ({@link ParallelRun}) and Map ({@link MapRun}) park the strand on what
 * it then awaits, which resumes it in a later step; errors go through {@link RetryAndCatch}. Its life cycle
 * is {@link StrandPhase}. All methods run inside the execution's mailbox.
 */
final class Strand {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** How a strand reports its end to whoever started it. */
    interface Outcome {
        void succeeded(Strand strand, JsonNode output);

        void failed(Strand strand, String error, String cause);
    }

    /** What a parked strand awaits: a timer, a task attempt, branches or iterations. Cancelling the strand cancels it. */
    interface Awaited {
        void cancel();
    }

    /** Where a state that finished at once leads: its Next (null at the end of the strand) and its output. */
    record Transition(String next, JsonNode output) {}

    private final Execution execution;
    private final StateGraph graph;
    private final Outcome outcome;
    private long lastEventId;
    private StrandPhase phase = StrandPhase.READY;
    private Awaited awaited;

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

    // ---------------------------------------------------------------- life cycle

    private void moveTo(StrandPhase next) {
        phase = phase.moveTo(next);
    }

    private boolean active() {
        return !phase.isFinal() && execution.isRunning();
    }

    /** Whether the strand is still waiting for {@code what}: anything else it hears from is stale. */
    boolean isAwaiting(Awaited what) {
        return active() && awaited == what;
    }

    void park(StrandPhase parked, Awaited what) {
        moveTo(parked);
        awaited = what;
    }

    /** What the strand awaited has answered: it carries on. */
    void resume() {
        moveTo(StrandPhase.RUNNING);
        awaited = null;
    }

    /** A timer the strand parked on fired; a strand cancelled since (the step was already posted) stays put. */
    void wake(Runnable then) {
        if (!phase.isFinal()) {
            resume();
            then.run();
        }
    }

    /** Stops this strand and what it awaits: a timer, the open task, or its branches or iterations (and theirs). */
    void cancel() {
        moveTo(StrandPhase.CANCELLED);
        if (awaited != null) {
            awaited.cancel();
            awaited = null;
        }
    }

    private void finish(JsonNode output) {
        moveTo(StrandPhase.SUCCEEDED);
        outcome.succeeded(this, output);
    }

    private void failWith(String error, String cause) {
        moveTo(StrandPhase.FAILED);
        outcome.failed(this, error, cause);
    }

    // ---------------------------------------------------------------- the loop

    /** Enters the strand's first state, unless it was cancelled before its step came. */
    void start(String startAt, JsonNode input) {
        if (phase == StrandPhase.CANCELLED) {
            return;
        }
        moveTo(StrandPhase.RUNNING);
        run(startAt, input);
    }

    /** Runs from {@code stateName} until the strand parks or ends. */
    private void run(String stateName, JsonNode input) {
        String name = stateName;
        JsonNode data = input;
        while (active()) {
            State state = graph.state(name);
            Instant entered = execution.now();
            long enteredId = execution.emitState(this, HistoryEventType.entered(state), state.name(), data);
            Transition transition;
            try {
                transition = switch (state) {
                    case PassState s -> pass(s, data, entered);
                    case ChoiceState s -> choice(s, data, entered);
                    case WaitState s -> Waiting.waitState(this, s, data, entered);
                    case SucceedState s ->
                        new Transition(null, s.flow().selectOutput(s.flow().selectInput(data)));
                    case FailState s -> fail(s, data, entered);
                    case TaskState s ->
                        firstAttempt(new Visit(
                                s,
                                s.retry(),
                                s.catchers(),
                                data,
                                entered,
                                enteredId,
                                visit -> TaskRunner.start(this, s, visit)));
                    case ParallelState s ->
                        firstAttempt(new Visit(
                                s,
                                s.retry(),
                                s.catchers(),
                                data,
                                entered,
                                enteredId,
                                visit -> ParallelRun.start(this, s, visit)));
                    case MapState s ->
                        firstAttempt(new Visit(
                                s,
                                s.retry(),
                                s.catchers(),
                                data,
                                entered,
                                enteredId,
                                visit -> MapRun.start(this, s, visit)));
                };
            } catch (StatesError e) {
                failWith(e.error(), describe(e, state.name(), enteredId));
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
    void continueWith(String next, JsonNode output) {
        if (next == null) {
            finish(output);
        } else {
            run(next, output);
        }
    }

    // ---------------------------------------------------------------- states that finish at once

    private Transition pass(PassState s, JsonNode raw, Instant entered) {
        JsonNode context = s.flow().inputReadsContext() ? execution.context(s.name(), entered, null, 0) : null;
        JsonNode effective = s.flow().effectiveInput(raw, context);
        return new Transition(s.next(), s.flow().output(raw, s.result() != null ? s.result() : effective));
    }

    private Transition choice(ChoiceState s, JsonNode raw, Instant entered) {
        JsonNode effective = s.flow().selectInput(raw);
        JsonNode context = execution.context(s.name(), entered, null, 0);
        String next = s.choices().stream()
                .filter(rule -> rule.condition().test(effective, context))
                .map(ChoiceRule::next)
                .findFirst()
                .orElse(s.defaultNext());
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
        failWith(error, cause);
        return null;
    }

    // ---------------------------------------------------------------- results, Retry and Catch

    /** ResultSelector, ResultPath, OutputPath, then on to Next. */
    void complete(Visit visit, DataFlow flow, JsonNode result, JsonNode context, String next) {
        JsonNode output;
        try {
            output = flow.output(visit.rawInput, flow.selectResult(result, context));
        } catch (StatesError e) {
            handleFailure(visit, e);
            return;
        }
        emitExited(visit.state, output);
        continueWith(next, output);
    }

    /** A data error in the state the visit is in. */
    void handleFailure(Visit visit, StatesError e) {
        handleFailure(visit, e.error(), describe(e, visit.state.name(), visit.enteredEventId));
    }

    /** Retries after the retrier's delay, goes on to the matching catcher's Next, or fails the strand. */
    void handleFailure(Visit visit, String error, String cause) {
        if (!active()) {
            return;
        }
        switch (visit.retryAndCatch.onError(error)) {
            case RetryAndCatch.Retry retry ->
                Waiting.sleep(this, StrandPhase.BACKING_OFF, retry.delay(), visit::attempt);
            case RetryAndCatch.Catch caught -> {
                JsonNode output;
                try {
                    output = DataFlow.placeResult(
                            caught.catcher().resultPath(), visit.rawInput, RetryAndCatch.errorOutput(error, cause));
                } catch (StatesError e) {
                    failWith(e.error(), e.cause());
                    return;
                }
                emitExited(visit.state, output);
                continueWith(caught.catcher().next(), output);
            }
            case RetryAndCatch.Uncaught uncaught -> failWith(error, cause);
        }
    }

    /** Step Functions prefixes a run-time data error with the state it happened in. */
    static String describe(StatesError e, String stateName, long enteredEventId) {
        return StatesError.RUNTIME.equals(e.error())
                ? "An error occurred while executing the state '" + stateName + "' (entered at the event id #"
                        + enteredEventId + "). " + e.cause()
                : e.cause();
    }

    // ---------------------------------------------------------------- history

    long emit(HistoryEventType type, ObjectNode details) {
        return execution.emit(this, type, details);
    }

    void emitExited(State state, JsonNode output) {
        execution.emitState(this, HistoryEventType.exited(state), state.name(), output);
    }

    static ObjectNode withOutput(ObjectNode details, JsonNode output) {
        details.put("output", JsonValues.write(output));
        details.putObject("outputDetails").put("truncated", false);
        return details;
    }

    /** The outputs of branches or iterations, in their order. */
    static ArrayNode array(JsonNode[] values) {
        ArrayNode array = NODES.arrayNode();
        for (JsonNode value : values) {
            array.add(value);
        }
        return array;
    }
}
