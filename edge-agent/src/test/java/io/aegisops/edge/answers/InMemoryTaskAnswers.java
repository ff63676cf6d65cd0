package io.aegisops.edge.answers;

import io.aegisops.contracts.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * {@link TaskAnswers} in memory, taking answers as Step Functions does (the contract test holds it and the real
 * adapter to the same rules): a token is valid once {@linkplain #openTask() issued}; answered once, or
 * {@linkplain #timeOut timed out}, its task is closed; a token never issued is invalid. Every call is recorded with
 * the time it came, and calls can be made to fail as an unreachable control plane does.
 */
public final class InMemoryTaskAnswers implements TaskAnswers {

    public static final String SUCCESS = "SendTaskSuccess";
    public static final String FAILURE = "SendTaskFailure";
    public static final String HEARTBEAT = "SendTaskHeartbeat";

    /**
     * One call: what was sent and how it was taken ({@code outcome} null when it failed, as the control plane was
     * unreachable).
     */
    public record Call(
            String operation,
            String taskToken,
            String output,
            String error,
            String cause,
            AnswerOutcome outcome,
            Instant at) {

        public boolean isAnswer() {
            return !HEARTBEAT.equals(operation);
        }

        public boolean delivered() {
            return outcome == AnswerOutcome.DELIVERED;
        }
    }

    private enum Task {
        OPEN,
        CLOSED
    }

    private final Supplier<Instant> clock;
    private final Map<String, Task> tasks = new HashMap<>();
    private final List<Call> calls = new ArrayList<>();
    private int failingAnswers;
    private int failingHeartbeats;
    private Runnable onHeartbeat = () -> {};

    public InMemoryTaskAnswers(Supplier<Instant> clock) {
        this.clock = clock;
    }

    /** A new token of a task that waits for an answer. */
    public synchronized String openTask() {
        String token = "token-" + UUID.randomUUID();
        tasks.put(token, Task.OPEN);
        return token;
    }

    /** The task's timeout fired: from now on its token is answered TASK_CLOSED. */
    public synchronized void timeOut(String token) {
        tasks.put(token, Task.CLOSED);
    }

    /** The next {@code count} answers (success or failure) throw, and answer nothing. */
    public synchronized void failNextAnswers(int count) {
        failingAnswers = count;
    }

    /** The next {@code count} heartbeats throw. */
    public synchronized void failNextHeartbeats(int count) {
        failingHeartbeats = count;
    }

    /** Runs {@code step} when the next heartbeat arrives, before it is answered. */
    public synchronized void onNextHeartbeat(Runnable step) {
        onHeartbeat = step;
    }

    public synchronized List<Call> calls(String token) {
        return calls.stream().filter(c -> token.equals(c.taskToken())).toList();
    }

    /** The answers (not heartbeats) sent for a token, taken or not. */
    public List<Call> answers(String token) {
        return calls(token).stream().filter(Call::isAnswer).toList();
    }

    public List<Call> heartbeats(String token) {
        return calls(token).stream().filter(c -> !c.isAnswer()).toList();
    }

    @Override
    public AnswerOutcome succeed(String taskToken, String output) {
        Json.read(output, Object.class);
        return take(new Call(SUCCESS, taskToken, output, null, null, null, null));
    }

    @Override
    public AnswerOutcome fail(String taskToken, String error, String cause) {
        return take(new Call(FAILURE, taskToken, null, error, cause, null, null));
    }

    @Override
    public AnswerOutcome heartbeat(String taskToken) {
        Runnable step;
        synchronized (this) {
            step = onHeartbeat;
            onHeartbeat = () -> {};
        }
        step.run();
        return take(new Call(HEARTBEAT, taskToken, null, null, null, null, null));
    }

    private synchronized AnswerOutcome take(Call call) {
        Instant at = clock.get();
        boolean heartbeat = !call.isAnswer();
        if (heartbeat ? failingHeartbeats > 0 : failingAnswers > 0) {
            if (heartbeat) {
                failingHeartbeats--;
            } else {
                failingAnswers--;
            }
            calls.add(with(call, null, at));
            throw new IllegalStateException(call.operation() + " failed: control plane unreachable (injected)");
        }
        Task task = tasks.get(call.taskToken());
        AnswerOutcome outcome = task == null
                ? AnswerOutcome.INVALID_TOKEN
                : task == Task.CLOSED ? AnswerOutcome.TASK_CLOSED : AnswerOutcome.DELIVERED;
        if (outcome.delivered() && !heartbeat) {
            tasks.put(call.taskToken(), Task.CLOSED);
        }
        calls.add(with(call, outcome, at));
        return outcome;
    }

    private static Call with(Call call, AnswerOutcome outcome, Instant at) {
        return new Call(call.operation(), call.taskToken(), call.output(), call.error(), call.cause(), outcome, at);
    }
}
