package io.aegisops.edge;

import static io.aegisops.edge.CommandFields.fields;

import io.aegisops.contracts.Command;
import io.aegisops.contracts.logging.EventLog;
import io.aegisops.edge.config.AgentConfig;
import io.aegisops.edge.queue.CommandQueue;
import io.aegisops.edge.time.Scheduler;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps a running command's claim alive: every {@code heartbeatInterval} it heartbeats the task (while the action
 * runs) and extends the lease to {@code now + lease} (until the outcome is recorded). A lost lease (another agent
 * marked the command abandoned) is logged, not acted on: the command keeps running here, and its record tells what
 * happened.
 */
final class LeaseKeeper {

    private final AgentConfig config;
    private final String agentId;
    private final CommandQueue queue;
    private final TaskReplies replies;
    private final Scheduler scheduler;
    private final EventLog log;

    LeaseKeeper(
            AgentConfig config,
            String agentId,
            CommandQueue queue,
            TaskReplies replies,
            Scheduler scheduler,
            EventLog log) {
        this.config = config;
        this.agentId = agentId;
        this.queue = queue;
        this.replies = replies;
        this.scheduler = scheduler;
        this.log = log;
    }

    /** Starts heartbeating and renewing; close the returned lease when the outcome is recorded. */
    Lease keep(Command command) {
        AtomicBoolean heartbeating = new AtomicBoolean(true);
        Scheduler.Repeating renewal = scheduler.repeat(config.heartbeatInterval(), () -> renew(command, heartbeating));
        return new Lease(heartbeating, renewal);
    }

    /** A kept claim: heartbeats stop once the action is over, renewals once the lease is closed. */
    static final class Lease implements AutoCloseable {
        private final AtomicBoolean heartbeating;
        private final Scheduler.Repeating renewal;

        private Lease(AtomicBoolean heartbeating, Scheduler.Repeating renewal) {
            this.heartbeating = heartbeating;
            this.renewal = renewal;
        }

        void stopHeartbeats() {
            heartbeating.set(false);
        }

        @Override
        public void close() {
            renewal.cancel();
        }
    }

    private void renew(Command command, AtomicBoolean heartbeating) {
        if (heartbeating.get()) {
            replies.heartbeat(command).filter(outcome -> !outcome.delivered()).ifPresent(closed -> {
                heartbeating.set(false);
                log.warn("command.task_closed_while_running", fields(command, "answer", closed));
            });
        }
        try {
            if (!queue.renew(
                    command.commandId(),
                    agentId,
                    scheduler.millis() + config.lease().toMillis())) {
                log.warn(
                        "command.lease_lost",
                        fields(
                                command,
                                "detail",
                                "another agent marked the command abandoned; it keeps running here and its record will say what happened"));
            }
        } catch (RuntimeException e) {
            log.warn("command.lease_renewal_failed", fields(command, "error", e));
        }
    }
}
