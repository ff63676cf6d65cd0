package io.aegisops.functions.pipeline;

import io.aegisops.contracts.Command;
import io.aegisops.contracts.IncidentStatus;
import io.aegisops.contracts.TimelineStage;
import io.aegisops.contracts.logging.EventLog;
import io.aegisops.functions.commands.CommandQueue;
import io.aegisops.functions.commands.CommandQueue.Submission;
import io.aegisops.functions.store.IncidentStore;
import java.io.IOException;
import java.time.Instant;

/**
 * Sends a command that carries a task token (INSPECT, RESTART, PROBE) and records it on the incident. Once the
 * command is in the queue the agent may act on it, so nothing after the put may fail the invocation: a failed
 * incident update is logged, never thrown (the state machine would otherwise mark an incident FAILED whose
 * container is being restarted).
 */
public final class CommandDispatch {

    private static final EventLog LOG = EventLog.of(CommandDispatch.class);

    private final CommandQueue commands;
    private final IncidentStore incidents;

    public CommandDispatch(CommandQueue commands, IncidentStore incidents) {
        this.commands = commands;
        this.incidents = incidents;
    }

    /** What was sent; {@code submission} tells a first write from a retried one. */
    public record Dispatched(String commandId, String hostId, Submission submission) {}

    /**
     * Queues {@code command}; when it is new, moves the incident to {@code status} with a timeline entry
     * ({@code stage}: {@code detail}). Logs {@code event}.
     */
    public Dispatched send(
            Command command, String event, IncidentStatus status, TimelineStage stage, String detail, Instant now) {
        Submission submission = commands.submit(command);
        String incidentNotUpdated = null;
        if (submission == Submission.WRITTEN) {
            try {
                incidents.update(command.incidentId(), i -> Pipeline.advance(i, status, now, stage, detail));
            } catch (RuntimeException notRecorded) {
                incidentNotUpdated = notRecorded.getClass().getSimpleName();
            }
        }
        Object[] fields = {
            "incidentId", command.incidentId(),
            "commandId", command.commandId(),
            "hostId", command.hostId(),
            "dryRun", command.dryRun(),
            "submission", submission,
            "incidentNotUpdated", incidentNotUpdated
        };
        if (submission == Submission.ALREADY_CLAIMED || incidentNotUpdated != null) {
            // ALREADY_CLAIMED: the agent answers the earlier token; this task waits for its timeout
            LOG.warn(event, fields);
        } else {
            LOG.info(event, fields);
        }
        return new Dispatched(command.commandId(), command.hostId(), submission);
    }

    /**
     * {@link #send}'s path without its writes, for {@link LoggedHandler#prime}: reads an incident that does not
     * exist, and maps {@code command} and a sample incident moved to {@code status} as the writes would; answers
     * as {@code send} would for a new command.
     */
    public Dispatched prime(Command command, IncidentStatus status, TimelineStage stage, Instant now)
            throws IOException {
        Priming.requestsWithoutWrites(incidents);
        Priming.item(command);
        Priming.item(Pipeline.advance(Priming.sampleIncident(now), status, now, stage, "priming"));
        return new Dispatched(command.commandId(), command.hostId(), Submission.WRITTEN);
    }
}
