package io.aegisops.functions.commands;

import io.aegisops.contracts.Command;
import io.aegisops.contracts.CommandParams;
import io.aegisops.contracts.CommandStatus;
import io.aegisops.contracts.CommandType;
import io.aegisops.contracts.Target;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the commands the pipeline sends to edge agents. The host and the container always come from the
 * configured {@link Target}, never from an alert or a model; the id is deterministic per incident and step,
 * so a retried writer's conditional put finds the command already there.
 */
public final class Commands {

    /** How long a command item lives before DynamoDB's TTL removes it. */
    public static final Duration RETENTION = Duration.ofDays(7);

    public static final String INSPECT_STEP = "inspect";
    public static final String RESTART_STEP = "restart";
    public static final String PROBE_STEP = "probe";

    private Commands() {}

    /** Container state and the last {@code logLines} log lines. Never a dry run: it changes nothing. */
    public static Command inspect(String incidentId, Target target, String taskToken, int logLines, Instant now) {
        return pending(
                Command.idFor(incidentId, INSPECT_STEP, 1),
                incidentId,
                CommandType.INSPECT,
                target,
                Map.of(CommandParams.LOG_LINES, Integer.toString(logLines)),
                false,
                taskToken,
                now);
    }

    /** The one restart of an incident; {@code dryRun} commands only report what they would do. */
    public static Command restart(
            String incidentId, Target target, String taskToken, int stopTimeoutSeconds, boolean dryRun, Instant now) {
        return pending(
                Command.idFor(incidentId, RESTART_STEP, 1),
                incidentId,
                CommandType.RESTART,
                target,
                Map.of(CommandParams.STOP_TIMEOUT_SECONDS, Integer.toString(stopTimeoutSeconds)),
                dryRun,
                taskToken,
                now);
    }

    /**
     * The {@code attempt}-th health probe after a restart: the agent GETs the target's health URL from the
     * host, up to {@code attempts} times, and reads the container's health.
     */
    public static Command probe(
            String incidentId, Target target, String taskToken, int attempt, int attempts, Instant now) {
        Map<String, String> params = new LinkedHashMap<>();
        if (target.healthUrl() != null && !target.healthUrl().isBlank()) {
            params.put(CommandParams.HEALTH_URL, target.healthUrl());
        }
        params.put(CommandParams.ATTEMPTS, Integer.toString(attempts));
        return pending(
                Command.idFor(incidentId, PROBE_STEP, attempt),
                incidentId,
                CommandType.PROBE,
                target,
                params,
                false,
                taskToken,
                now);
    }

    private static Command pending(
            String commandId,
            String incidentId,
            CommandType type,
            Target target,
            Map<String, String> params,
            boolean dryRun,
            String taskToken,
            Instant now) {
        return new Command(
                commandId,
                target.hostId(),
                incidentId,
                type,
                target.container(),
                params,
                dryRun,
                taskToken,
                CommandStatus.PENDING,
                null,
                null,
                now,
                null,
                now.plus(RETENTION).getEpochSecond());
    }
}
