package io.aegisops.edge;

import static io.aegisops.edge.CommandFields.fields;
import static io.aegisops.edge.CommandFields.notRun;

import io.aegisops.contracts.Command;
import io.aegisops.contracts.CommandResult;
import io.aegisops.contracts.CommandStatus;
import io.aegisops.contracts.logging.EventLog;
import io.aegisops.contracts.logging.LogContext;
import io.aegisops.edge.actions.AegisError;
import io.aegisops.edge.actions.CommandExecutor;
import io.aegisops.edge.actions.Outcome;
import io.aegisops.edge.answers.AnswerOutcome;
import io.aegisops.edge.queue.CommandQueue;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The work of one command this agent claimed, on a worker, through the {@link CommandPhase}s: check that its task
 * is still open, run the action while the {@link LeaseKeeper} keeps the claim, answer the task token, record the
 * outcome. While the agent is stopping, a command whose action has not begun is released instead.
 */
final class CommandRunner {

    private final String agentId;
    private final boolean forceDryRun;
    private final CommandQueue queue;
    private final CommandExecutor executor;
    private final TaskReplies replies;
    private final Retries retries;
    private final LeaseKeeper leases;
    private final AgentMetrics metrics;
    private final EventLog log;
    private final BooleanSupplier stopping;

    CommandRunner(
            Agent.Options options,
            CommandQueue queue,
            CommandExecutor executor,
            TaskReplies replies,
            Retries retries,
            LeaseKeeper leases,
            AgentMetrics metrics,
            EventLog log,
            BooleanSupplier stopping) {
        this.agentId = options.agentId();
        this.forceDryRun = options.forceDryRun();
        this.queue = queue;
        this.executor = executor;
        this.replies = replies;
        this.retries = retries;
        this.leases = leases;
        this.metrics = metrics;
        this.log = log;
        this.stopping = stopping;
    }

    void run(Command command) {
        // every line about this command, the SDK's included, names it and its incident (the MDC is per thread)
        LogContext.Scope scope = LogContext.request(command.commandId());
        try {
            LogContext.incident(command.incidentId());
            new Run(command).go();
        } finally {
            scope.close();
        }
    }

    /** One command's way through its phases. */
    private final class Run {
        private final Command command;
        private CommandPhase phase = CommandPhase.CLAIMED;

        Run(Command command) {
            this.command = command;
        }

        void go() {
            LeaseKeeper.Lease lease = null;
            try {
                if (stopping.getAsBoolean()) {
                    release();
                    return;
                }
                if (command.taskToken() == null || command.taskToken().isBlank()) {
                    record(
                            CommandOutcome.REFUSED,
                            CommandStatus.FAILED,
                            notRun(command, AegisError.INVALID_COMMAND, "command has no taskToken"));
                    return;
                }
                moveTo(CommandPhase.CHECKING_TASK);
                Optional<AnswerOutcome> open = replies.heartbeat(command);
                if (open.isPresent() && !open.get().delivered()) {
                    record(
                            CommandOutcome.EXPIRED,
                            CommandStatus.EXPIRED,
                            notRun(
                                    command,
                                    null,
                                    "task already closed (" + open.get() + ") before the command ran; not run"));
                    return;
                }
                if (stopping.getAsBoolean()) {
                    release();
                    return;
                }
                lease = leases.keep(command);
                moveTo(CommandPhase.RUNNING);
                log.info("command.started", fields(command, "dryRun", forceDryRun || command.dryRun()));
                Outcome outcome = executor.execute(command, forceDryRun);
                lease.stopHeartbeats();
                metrics.ran(command.type(), outcome.result().durationMs());
                moveTo(CommandPhase.ANSWERING);
                Optional<AnswerOutcome> answer = replies.answer(command, outcome);
                CommandResult result = answer.filter(AnswerOutcome::delivered).isPresent()
                        ? outcome.result()
                        : outcome.result()
                                .withNote("answer not delivered: "
                                        + answer.map(AnswerOutcome::name).orElse("control plane unreachable"));
                record(CommandOutcome.of(outcome), outcome.status(), result);
            } catch (RuntimeException e) {
                if (!phase.isFinal()) {
                    phase = phase.moveTo(CommandPhase.CRASHED);
                }
                log.error("command.crashed", fields(command, "error", e));
            } finally {
                if (lease != null) {
                    lease.close();
                }
            }
        }

        private void moveTo(CommandPhase next) {
            phase = phase.moveTo(next);
        }

        private void record(CommandOutcome outcome, CommandStatus status, CommandResult result) {
            moveTo(CommandPhase.RECORDING);
            Optional<Boolean> recorded =
                    retries.call(command, "record", () -> queue.complete(command.commandId(), agentId, status, result));
            metrics.handled(String.valueOf(command.type()), outcome);
            log.info(
                    "command.finished",
                    fields(
                            command,
                            "outcome",
                            outcome.label(),
                            "status",
                            status,
                            "success",
                            result.success(),
                            "durationMs",
                            result.durationMs(),
                            "message",
                            result.message(),
                            "recorded",
                            recorded.orElse(false)));
            moveTo(CommandPhase.FINISHED);
        }

        private void release() {
            moveTo(CommandPhase.RELEASED);
            try {
                boolean released = queue.release(command.commandId(), agentId);
                metrics.handled(String.valueOf(command.type()), CommandOutcome.RELEASED);
                log.info("command.released", fields(command, "released", released));
            } catch (RuntimeException e) {
                log.warn(
                        "command.release_failed",
                        fields(
                                command,
                                "error",
                                e,
                                "detail",
                                "the claim stays until its lease lapses; the command will then be marked abandoned, not re-run"));
            }
        }
    }
}
