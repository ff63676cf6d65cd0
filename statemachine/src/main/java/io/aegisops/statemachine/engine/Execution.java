package io.aegisops.statemachine.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aegisops.statemachine.asl.JsonValues;
import io.aegisops.statemachine.asl.StatesError;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One execution: its history, its status and the steps its strands post. Status and history are
 * guarded by this object's monitor, so a reader never sees events after the terminal one; every
 * other field of the run is touched only by steps, which the {@link Mailbox} runs one at a time.
 */
final class Execution {

    /** Step Functions fails an execution whose history would grow past this. */
    static final int MAX_HISTORY_EVENTS = 25_000;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    final StepFunctionsEngine engine;
    final StepFunctionsEngine.StateMachineRecord machine;
    final String arn;
    final String name;
    final JsonNode input;
    final String inputText;
    final Instant startDate;
    final CompletableFuture<ExecutionInfo> completion = new CompletableFuture<>();

    private final Mailbox mailbox;
    private final ObjectNode executionContext;
    private final ObjectNode machineContext;
    private final Set<Timers.Timer> liveTimers = ConcurrentHashMap.newKeySet();
    private final Set<TaskAttempt> liveTasks = ConcurrentHashMap.newKeySet();
    private final List<String> issuedTokens = new ArrayList<>();

    private final List<HistoryEvent> history = new ArrayList<>();
    private ExecutionStatus status = ExecutionStatus.RUNNING;
    private Instant stopDate;
    private String output;
    private String error;
    private String cause;

    Execution(
            StepFunctionsEngine engine,
            StepFunctionsEngine.StateMachineRecord machine,
            String arn,
            String name,
            JsonNode input,
            String inputText) {
        this.engine = engine;
        this.machine = machine;
        this.arn = arn;
        this.name = name;
        this.input = input;
        this.inputText = inputText;
        this.startDate = engine.timers().now();
        this.mailbox = new Mailbox(engine.workers(), this::stepFailed);
        executionContext = NODES.objectNode();
        executionContext.put("Id", arn);
        executionContext.set("Input", input);
        executionContext.put("Name", name);
        executionContext.put("RoleArn", machine.roleArn());
        executionContext.put("StartTime", iso(startDate));
        executionContext.put("RedriveCount", 0);
        machineContext = NODES.objectNode();
        machineContext.put("Id", machine.arn());
        machineContext.put("Name", machine.name());
    }

    void start() {
        Strand root = new Strand(this, machine.definition().graph(), 0, new Strand.Outcome() {
            @Override
            public void succeeded(Strand strand, JsonNode result) {
                ObjectNode details = NODES.objectNode();
                String text = JsonValues.write(result);
                details.put("output", text);
                details.putObject("outputDetails").put("truncated", false);
                terminate(
                        ExecutionStatus.SUCCEEDED,
                        HistoryEventType.ExecutionSucceeded,
                        details,
                        strand.lastEventId(),
                        text,
                        null,
                        null);
            }

            @Override
            public void failed(Strand strand, String errorName, String errorCause) {
                terminate(
                        ExecutionStatus.FAILED,
                        HistoryEventType.ExecutionFailed,
                        errorDetails(errorName, errorCause),
                        strand.lastEventId(),
                        null,
                        errorName,
                        errorCause);
            }
        });
        post(() -> {
            ObjectNode details = NODES.objectNode();
            details.put("input", inputText);
            details.putObject("inputDetails").put("truncated", false);
            details.put("roleArn", machine.roleArn());
            emit(root, HistoryEventType.ExecutionStarted, details);
            Long timeout = machine.definition().timeoutSeconds();
            if (timeout != null) {
                schedule(
                        Duration.ofSeconds(timeout),
                        () -> terminate(
                                ExecutionStatus.TIMED_OUT,
                                HistoryEventType.ExecutionTimedOut,
                                errorDetails(
                                        StatesError.TIMEOUT,
                                        "The execution ran longer than its TimeoutSeconds (" + timeout + ")"),
                                0,
                                null,
                                StatesError.TIMEOUT,
                                "The execution ran longer than its TimeoutSeconds (" + timeout + ")"));
            }
            root.start(machine.definition().graph().startAt(), input);
        });
    }

    // ---------------------------------------------------------------- steps and timers

    /** Queues a step; it runs only while the execution is running. */
    void post(Runnable step) {
        mailbox.post(() -> {
            if (isRunning()) {
                step.run();
            }
        });
    }

    /** A timer whose action is posted as a step; cancelled when the execution ends. */
    Timers.Timer schedule(Duration delay, Runnable step) {
        LiveTimer timer = new LiveTimer();
        liveTimers.add(timer);
        timer.scheduled = engine.timers().schedule(delay, () -> {
            liveTimers.remove(timer);
            post(step);
        });
        return timer;
    }

    private final class LiveTimer implements Timers.Timer {
        private volatile Timers.Timer scheduled;

        @Override
        public void cancel() {
            liveTimers.remove(this);
            Timers.Timer armed = scheduled;
            if (armed != null) {
                armed.cancel();
            }
        }
    }

    /** Runs the invoker on a worker and posts what it answered to the attempt. */
    void invoke(TaskRequest request, TaskAttempt attempt) {
        engine.workers().execute(() -> {
            JsonNode result;
            try {
                result = engine.invoker().invoke(request);
            } catch (TaskFailedException e) {
                post(() ->
                        attempt.invocationFailed(e.error() == null ? StatesError.TASK_FAILED : e.error(), e.cause()));
                return;
            } catch (RuntimeException e) {
                post(() -> attempt.invocationFailed(StatesError.TASK_FAILED, e.toString()));
                return;
            }
            JsonNode answered = result == null ? NODES.nullNode() : result;
            post(() -> attempt.invocationSucceeded(answered));
        });
    }

    void track(TaskAttempt attempt) {
        liveTasks.add(attempt);
        if (attempt.token() != null) {
            synchronized (issuedTokens) {
                issuedTokens.add(attempt.token());
            }
            engine.registerToken(attempt.token(), attempt);
        }
    }

    void untrack(TaskAttempt attempt) {
        liveTasks.remove(attempt);
    }

    List<String> issuedTokens() {
        synchronized (issuedTokens) {
            return List.copyOf(issuedTokens);
        }
    }

    Instant now() {
        return engine.timers().now();
    }

    /** The context object ({@code $$}) for a state. */
    ObjectNode context(String stateName, Instant entered, String token, int retryCount) {
        ObjectNode context = NODES.objectNode();
        context.set("Execution", executionContext);
        ObjectNode state = context.putObject("State");
        state.put("EnteredTime", iso(entered));
        state.put("Name", stateName);
        state.put("RetryCount", retryCount);
        context.set("StateMachine", machineContext);
        if (token != null) {
            context.putObject("Task").put("Token", token);
        }
        return context;
    }

    // ---------------------------------------------------------------- history and status

    /** Appends an event after the strand's previous one; nothing is appended once the execution has ended. */
    long emit(Strand strand, HistoryEventType type, ObjectNode details) {
        return append(strand, (id, previous, at) -> new HistoryEvent(id, previous, at, type, details));
    }

    /** Appends a state's entered or exited event, whose details are written only when read. */
    long emitState(Strand strand, HistoryEventType type, String stateName, JsonNode data) {
        return append(strand, (id, previous, at) -> HistoryEvent.state(id, previous, at, type, stateName, data));
    }

    private interface EventFactory {
        HistoryEvent create(long id, long previousEventId, Instant timestamp);
    }

    private long append(Strand strand, EventFactory event) {
        boolean full;
        synchronized (this) {
            if (status != ExecutionStatus.RUNNING) {
                return strand.lastEventId();
            }
            full = history.size() >= MAX_HISTORY_EVENTS - 1;
            if (!full) {
                long id = history.size() + 1L;
                history.add(event.create(id, strand.lastEventId(), now()));
                strand.lastEventId(id);
                return id;
            }
        }
        String why = "The execution reached the maximum number of history events (" + MAX_HISTORY_EVENTS + ")";
        terminate(
                ExecutionStatus.FAILED,
                HistoryEventType.ExecutionFailed,
                errorDetails(StatesError.RUNTIME, why),
                strand.lastEventId(),
                null,
                StatesError.RUNTIME,
                why);
        return strand.lastEventId();
    }

    /**
     * Ends the execution once: appends the terminal event, records the outcome, cancels its timers and
     * closes its open tasks (their tokens answer TaskTimedOut from then on).
     */
    boolean terminate(
            ExecutionStatus finalStatus,
            HistoryEventType type,
            ObjectNode details,
            long previousEventId,
            String outputText,
            String errorName,
            String errorCause) {
        synchronized (this) {
            if (status != ExecutionStatus.RUNNING) {
                return false;
            }
            history.add(new HistoryEvent(history.size() + 1, previousEventId, now(), type, details));
            status = finalStatus;
            stopDate = now();
            output = outputText;
            error = errorName;
            cause = errorCause;
        }
        liveTimers.forEach(Timers.Timer::cancel);
        liveTasks.forEach(TaskAttempt::tryClose);
        engine.executionClosed(this);
        completion.complete(info());
        return true;
    }

    /** StopExecution: works from any thread. */
    boolean abort(String errorName, String errorCause) {
        long last;
        synchronized (this) {
            last = history.isEmpty() ? 0 : history.getLast().id();
        }
        return terminate(
                ExecutionStatus.ABORTED,
                HistoryEventType.ExecutionAborted,
                errorDetails(errorName, errorCause),
                last,
                null,
                errorName,
                errorCause);
    }

    /** A step threw: an engine defect must end the execution rather than leave it hanging. */
    private void stepFailed(RuntimeException e) {
        String why = "internal error of the local engine: " + e;
        long last;
        synchronized (this) {
            last = history.isEmpty() ? 0 : history.getLast().id();
        }
        terminate(
                ExecutionStatus.FAILED,
                HistoryEventType.ExecutionFailed,
                errorDetails(StatesError.RUNTIME, why),
                last,
                null,
                StatesError.RUNTIME,
                why);
    }

    synchronized boolean isRunning() {
        return status == ExecutionStatus.RUNNING;
    }

    synchronized ExecutionInfo info() {
        return new ExecutionInfo(
                arn, machine.arn(), name, status, startDate, stopDate, inputText, output, error, cause);
    }

    synchronized List<HistoryEvent> history() {
        return List.copyOf(history);
    }

    static ObjectNode errorDetails(String errorName, String errorCause) {
        ObjectNode details = NODES.objectNode();
        if (errorName != null) {
            details.put("error", errorName);
        }
        if (errorCause != null) {
            details.put("cause", errorCause);
        }
        return details;
    }

    static String iso(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
