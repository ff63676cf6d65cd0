package io.aegisops.statemachine.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.statemachine.asl.InvalidDefinitionException;
import io.aegisops.statemachine.asl.JsonValues;
import io.aegisops.statemachine.asl.StateMachineDefinition;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * A local Step Functions: state machines in the States Language (JSONPath), Standard-workflow
 * executions with the API's semantics (idempotent StartExecution by name, task tokens, stop,
 * history), and tasks run through a {@link TaskInvoker}. Executions wait on timers and tokens, not
 * on threads, so thousands can be parked at once.
 *
 * <p>Errors are {@link StepFunctionsException}s carrying the API's error type.
 */
public final class StepFunctionsEngine implements AutoCloseable {

    /** Step Functions' limit on execution input, task output and other payloads. */
    public static final int MAX_PAYLOAD_BYTES = 256 * 1024;

    private static final Pattern NAME = Pattern.compile("[^\\s<>{}\\[\\]?*\"#%\\\\^|~`$&,;:/\\p{Cntrl}]{1,80}");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{16,2048}");

    /** A created state machine; running executions keep the definition they started with. */
    record StateMachineRecord(
            String arn,
            String name,
            String definitionText,
            StateMachineDefinition definition,
            String roleArn,
            Instant creationDate) {
        StateMachineInfo info() {
            return new StateMachineInfo(arn, name, definitionText, roleArn, creationDate);
        }
    }

    private final EngineConfig config;
    private final TaskInvoker invoker;
    private final Timers timers;
    private final Executor workers;
    private final SystemTimers ownTimers;
    private final ExecutorService ownWorkers;
    private final SecureRandom random = new SecureRandom();

    private final Map<String, StateMachineRecord> machines = new ConcurrentHashMap<>();
    private final Map<String, Execution> executions = new ConcurrentHashMap<>();
    private final Map<String, TaskAttempt> tokens = new ConcurrentHashMap<>();
    private final Deque<Execution> closedExecutions = new ArrayDeque<>();

    /** An engine with {@link EngineConfig#defaults()}. */
    public StepFunctionsEngine(TaskInvoker invoker) {
        this(EngineConfig.defaults(), invoker);
    }

    public StepFunctionsEngine(EngineConfig config, TaskInvoker invoker) {
        this.config = config;
        this.invoker = invoker;
        this.ownTimers = config.timers() == null ? new SystemTimers() : null;
        this.timers = config.timers() == null ? ownTimers : config.timers();
        this.ownWorkers = config.workers() == null ? Executors.newVirtualThreadPerTaskExecutor() : null;
        this.workers = config.workers() == null ? ownWorkers : config.workers();
    }

    // ---------------------------------------------------------------- state machines

    /**
     * CreateStateMachine: idempotent for the same name, definition and role.
     *
     * @param roleArn may be null locally (a placeholder role is recorded)
     */
    public StateMachineInfo createStateMachine(String name, String definition, String roleArn) {
        checkName(name);
        String role = role(roleArn);
        StateMachineDefinition parsed = parseDefinition(definition);
        String arn = "arn:aws:states:" + config.region() + ":" + config.accountId() + ":stateMachine:" + name;
        StateMachineRecord created = new StateMachineRecord(arn, name, definition, parsed, role, timers.now());
        StateMachineRecord stored = machines.merge(arn, created, (existing, fresh) -> {
            if (existing.definitionText().equals(fresh.definitionText())
                    && existing.roleArn().equals(fresh.roleArn())) {
                return existing;
            }
            throw new StepFunctionsException(
                    "StateMachineAlreadyExists", "State Machine Already Exists: '" + arn + "'");
        });
        return stored.info();
    }

    /** UpdateStateMachine: new executions use the new definition; running ones keep theirs. */
    public StateMachineInfo updateStateMachine(String stateMachineArn, String definition, String roleArn) {
        StateMachineRecord existing = machine(stateMachineArn);
        StateMachineDefinition parsed = definition == null ? existing.definition() : parseDefinition(definition);
        StateMachineRecord updated = new StateMachineRecord(
                existing.arn(),
                existing.name(),
                definition == null ? existing.definitionText() : definition,
                parsed,
                roleArn == null ? existing.roleArn() : role(roleArn),
                existing.creationDate());
        machines.put(existing.arn(), updated);
        return updated.info();
    }

    public StateMachineInfo describeStateMachine(String stateMachineArn) {
        return machine(stateMachineArn).info();
    }

    public List<StateMachineInfo> listStateMachines() {
        return machines.values().stream()
                .map(StateMachineRecord::info)
                .sorted(Comparator.comparing(StateMachineInfo::creationDate).thenComparing(StateMachineInfo::name))
                .toList();
    }

    public void deleteStateMachine(String stateMachineArn) {
        checkArn(stateMachineArn, ":stateMachine:");
        machines.remove(stateMachineArn);
    }

    private StateMachineRecord machine(String arn) {
        checkArn(arn, ":stateMachine:");
        StateMachineRecord machine = machines.get(arn);
        if (machine == null) {
            throw new StepFunctionsException("StateMachineDoesNotExist", "State Machine Does Not Exist: '" + arn + "'");
        }
        return machine;
    }

    private static StateMachineDefinition parseDefinition(String definition) {
        if (definition == null) {
            throw new StepFunctionsException(
                    "InvalidDefinition", "Invalid State Machine Definition: 'the definition is required'");
        }
        try {
            return StateMachineDefinition.parse(definition);
        } catch (InvalidDefinitionException e) {
            throw new StepFunctionsException("InvalidDefinition", e.getMessage());
        }
    }

    private String role(String roleArn) {
        if (roleArn == null) {
            return "arn:aws:iam::" + config.accountId() + ":role/aegis-local-state-machine";
        }
        if (!roleArn.startsWith("arn:")) {
            throw new StepFunctionsException("InvalidArn", "Invalid Arn: '" + roleArn + "'");
        }
        return roleArn;
    }

    // ---------------------------------------------------------------- executions

    /**
     * StartExecution. The name is unique per state machine: the same name with the same input while the
     * execution runs returns that execution; otherwise the name is taken (ExecutionAlreadyExists).
     *
     * @param name  null for a generated name
     * @param input JSON text, null for {@code {}}
     */
    public ExecutionInfo startExecution(String stateMachineArn, String name, String input) {
        StateMachineRecord machine = machine(stateMachineArn);
        String executionName = name == null ? UUID.randomUUID().toString() : name;
        checkName(executionName);
        String inputText = input == null ? "{}" : input;
        if (inputText.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
            throw new StepFunctionsException(
                    "InvalidExecutionInput", "The input is larger than " + MAX_PAYLOAD_BYTES + " bytes");
        }
        JsonNode parsedInput;
        try {
            parsedInput = JsonValues.parse(inputText);
        } catch (IllegalArgumentException e) {
            throw new StepFunctionsException(
                    "InvalidExecutionInput", "Invalid State Machine Execution Input: '" + e.getMessage() + "'");
        }
        String arn = "arn:aws:states:" + config.region() + ":" + config.accountId() + ":execution:" + machine.name()
                + ":" + executionName;
        Execution[] started = new Execution[1];
        Execution execution = executions.compute(arn, (key, existing) -> {
            if (existing != null) {
                if (existing.isRunning() && JsonValues.same(existing.input, parsedInput)) {
                    return existing;
                }
                throw new StepFunctionsException("ExecutionAlreadyExists", "Execution Already Exists: '" + arn + "'");
            }
            started[0] = new Execution(this, machine, arn, executionName, parsedInput, inputText);
            return started[0];
        });
        if (started[0] != null) {
            started[0].start();
        }
        return execution.info();
    }

    public ExecutionInfo describeExecution(String executionArn) {
        return execution(executionArn).info();
    }

    /** Newest first, optionally only those with {@code status}. */
    public List<ExecutionInfo> listExecutions(String stateMachineArn, ExecutionStatus status) {
        StateMachineRecord machine = machine(stateMachineArn);
        return executions.values().stream()
                .filter(e -> e.machine.arn().equals(machine.arn()))
                .map(Execution::info)
                .filter(info -> status == null || info.status() == status)
                .sorted(Comparator.comparing(ExecutionInfo::startDate)
                        .reversed()
                        .thenComparing(ExecutionInfo::name))
                .toList();
    }

    public List<HistoryEvent> getExecutionHistory(String executionArn) {
        return execution(executionArn).history();
    }

    /** StopExecution: ends a running execution as ABORTED (a finished one is left as it is). */
    public ExecutionInfo stopExecution(String executionArn, String error, String cause) {
        Execution execution = execution(executionArn);
        execution.abort(error, cause);
        return execution.info();
    }

    /** Blocks until the execution ends (for tests and the local stack's demo), or throws on timeout. */
    public ExecutionInfo awaitCompletion(String executionArn, Duration timeout)
            throws TimeoutException, InterruptedException {
        try {
            return execution(executionArn).completion.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("an execution's completion never fails", e);
        }
    }

    private Execution execution(String arn) {
        checkArn(arn, ":execution:");
        Execution execution = executions.get(arn);
        if (execution == null) {
            throw new StepFunctionsException("ExecutionDoesNotExist", "Execution Does Not Exist: '" + arn + "'");
        }
        return execution;
    }

    /** Called once per execution when it ends; drops the oldest finished ones beyond the retention. */
    void executionClosed(Execution execution) {
        List<Execution> evicted;
        synchronized (closedExecutions) {
            closedExecutions.addLast(execution);
            int excess = closedExecutions.size() - config.retainedClosedExecutions();
            evicted = new ArrayList<>();
            for (int i = 0; i < excess; i++) {
                evicted.add(closedExecutions.removeFirst());
            }
        }
        for (Execution old : evicted) {
            executions.remove(old.arn, old);
            old.issuedTokens().forEach(tokens::remove);
        }
    }

    // ---------------------------------------------------------------- task tokens

    /** SendTaskSuccess: completes a {@code .waitForTaskToken} task with {@code output} (JSON text). */
    public void sendTaskSuccess(String taskToken, String output) {
        JsonNode parsed = taskOutput(output);
        TaskAttempt attempt = claim(taskToken);
        attempt.execution().post(() -> attempt.tokenSucceeded(parsed));
    }

    /** SendTaskFailure: fails the task with {@code error} (matched by Retry/Catch) and {@code cause}. */
    public void sendTaskFailure(String taskToken, String error, String cause) {
        if ((error != null && error.length() > 256) || (cause != null && cause.length() > 32768)) {
            throw new StepFunctionsException(
                    "ValidationException", "error is limited to 256 characters and cause to 32768");
        }
        TaskAttempt attempt = claim(taskToken);
        attempt.execution().post(() -> attempt.tokenFailed(error == null ? "" : error, cause));
    }

    /** SendTaskHeartbeat: restarts the task's HeartbeatSeconds clock. */
    public void sendTaskHeartbeat(String taskToken) {
        TaskAttempt attempt = attempt(taskToken);
        if (!attempt.isOpen()) {
            throw taskTimedOut();
        }
        attempt.recordHeartbeat();
    }

    private static JsonNode taskOutput(String output) {
        if (output == null) {
            throw new StepFunctionsException("InvalidOutput", "Invalid Output: 'the output is required'");
        }
        if (output.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
            throw new StepFunctionsException(
                    "InvalidOutput", "Invalid Output: 'larger than " + MAX_PAYLOAD_BYTES + " bytes'");
        }
        try {
            return JsonValues.parse(output);
        } catch (IllegalArgumentException e) {
            throw new StepFunctionsException("InvalidOutput", "Invalid Output: '" + e.getMessage() + "'");
        }
    }

    private TaskAttempt claim(String taskToken) {
        TaskAttempt attempt = attempt(taskToken);
        if (!attempt.tryClose()) {
            throw taskTimedOut();
        }
        return attempt;
    }

    private TaskAttempt attempt(String taskToken) {
        if (taskToken == null || !TOKEN.matcher(taskToken).matches()) {
            throw new StepFunctionsException("InvalidToken", "Invalid Token: '" + taskToken + "'");
        }
        TaskAttempt attempt = tokens.get(taskToken);
        if (attempt == null) {
            throw new StepFunctionsException("TaskDoesNotExist", "Task Does Not Exist: '" + taskToken + "'");
        }
        return attempt;
    }

    private static StepFunctionsException taskTimedOut() {
        return new StepFunctionsException(
                "TaskTimedOut", "Task Timed Out: the task has timed out or has already been closed");
    }

    String issueToken() {
        byte[] bytes = new byte[48];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    void registerToken(String token, TaskAttempt attempt) {
        tokens.put(token, attempt);
    }

    // ---------------------------------------------------------------- plumbing

    /** The engine's clock. */
    public Instant now() {
        return timers.now();
    }

    Timers timers() {
        return timers;
    }

    Executor workers() {
        return workers;
    }

    TaskInvoker invoker() {
        return invoker;
    }

    String region() {
        return config.region();
    }

    private static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new StepFunctionsException(
                    "InvalidName",
                    "Invalid Name: '" + name
                            + "' (1 to 80 characters, no whitespace, brackets, wildcards, control characters or any of \" # % \\ ^ | ~ ` $ & , ; : /)");
        }
    }

    private void checkArn(String arn, String kind) {
        if (arn == null || !arn.startsWith("arn:") || !arn.contains(kind)) {
            throw new StepFunctionsException("InvalidArn", "Invalid Arn: '" + arn + "'");
        }
    }

    /** Stops the timers and workers the engine created itself (not those it was given). */
    @Override
    public void close() {
        if (ownTimers != null) {
            ownTimers.close();
        }
        if (ownWorkers != null) {
            ownWorkers.shutdownNow();
        }
    }
}
