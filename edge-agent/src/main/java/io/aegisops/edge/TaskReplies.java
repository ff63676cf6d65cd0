package io.aegisops.edge;

import static io.aegisops.edge.CommandFields.fields;

import io.aegisops.contracts.Command;
import io.aegisops.contracts.Json;
import io.aegisops.contracts.logging.EventLog;
import io.aegisops.edge.actions.AegisError;
import io.aegisops.edge.actions.Outcome;
import io.aegisops.edge.answers.AnswerOutcome;
import io.aegisops.edge.answers.TaskAnswers;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the agent tells the workflow about a command, and how hard it tries: heartbeats once (a missed heartbeat is
 * not an error, the next one follows), an outcome with {@link Retries}, the answer for a command that
 * did not run once (the task's own timeout escalates if that fails). A closed task or a bad token is never retried.
 */
final class TaskReplies {

    private final TaskAnswers answers;
    private final Retries retries;
    private final AgentMetrics metrics;
    private final EventLog log;

    TaskReplies(TaskAnswers answers, Retries retries, AgentMetrics metrics, EventLog log) {
        this.answers = answers;
        this.retries = retries;
        this.metrics = metrics;
        this.log = log;
    }

    /** One heartbeat; empty when the control plane did not answer. */
    Optional<AnswerOutcome> heartbeat(Command command) {
        try {
            return Optional.of(answers.heartbeat(command.taskToken()));
        } catch (RuntimeException e) {
            log.warn("command.heartbeat_failed", fields(command, "error", e));
            return Optional.empty();
        }
    }

    /** Answers the token, retrying transient failures with backoff; empty when it never got through. */
    Optional<AnswerOutcome> answer(Command command, Outcome outcome) {
        Supplier<AnswerOutcome> send = outcome.isFailure()
                ? () -> answers.fail(command.taskToken(), outcome.error().wireName(), outcome.cause())
                : () -> answers.succeed(command.taskToken(), Json.write(outcome.result()));
        Optional<AnswerOutcome> answer = retries.call(command, "answer", send);
        String label = answer.map(a -> a.name().toLowerCase(Locale.ROOT)).orElse(AgentMetrics.UNDELIVERED);
        metrics.answered(label);
        if (answer.isEmpty() || !answer.get().delivered()) {
            log.warn("command.answer_not_delivered", fields(command, "answer", label));
        }
        return answer;
    }

    /** One attempt, for commands that did not run: if it fails, the task's own timeout escalates. */
    void answerQuietly(String commandId, String taskToken, AegisError error, String cause) {
        if (taskToken == null || taskToken.isBlank()) {
            return;
        }
        String label;
        try {
            label = answers.fail(taskToken, error.wireName(), cause).name().toLowerCase(Locale.ROOT);
        } catch (RuntimeException e) {
            label = AgentMetrics.UNDELIVERED;
        }
        metrics.answered(label);
        log.info("command.answered", "commandId", commandId, "error", error.wireName(), "answer", label);
    }
}
