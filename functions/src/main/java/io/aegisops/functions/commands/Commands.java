package io.aegisops.functions.commands;

import io.aegisops.contracts.Action;
import io.aegisops.contracts.Command;
import io.aegisops.contracts.CommandParams;
import io.aegisops.contracts.CommandStatus;
import io.aegisops.contracts.CommandType;
import io.aegisops.contracts.ScaleUpBounds;
import io.aegisops.contracts.Target;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
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
    public static final String PROBE_STEP = "probe";
    public static final String RECHECK_STEP = "recheck";

    private Commands() {}

    /** Container state and the last {@code logLines} log lines. Never a dry run: it changes nothing. */
    public static Command inspect(String incidentId, Target target, String taskToken, int logLines, Instant now) {
        return inspection(INSPECT_STEP, incidentId, target, taskToken, logLines, now);
    }

    /**
     * The second look at the target when a person approved its remedy: an INSPECT without logs (state, probe and
     * resources are what tell recovery), with its own id so it never collides with the evidence's.
     */
    public static Command recheck(String incidentId, Target target, String taskToken, Instant now) {
        return inspection(RECHECK_STEP, incidentId, target, taskToken, 0, now);
    }

    private static Command inspection(
            String step, String incidentId, Target target, String taskToken, int logLines, Instant now) {
        return pending(
                Command.idFor(incidentId, step, 1),
                incidentId,
                CommandType.INSPECT,
                target,
                Map.of(CommandParams.LOG_LINES, Integer.toString(logLines)),
                false,
                taskToken,
                now);
    }

    /**
     * The step of a remedy's command id: the action's name in lower case ({@code restart}, {@code rollback},
     * {@code scale-up}, {@code stop}), so an incident's one remedy always has the same id.
     */
    public static String stepOf(Action action) {
        return action.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The one remedy of an incident, {@code action}'s command; {@code dryRun} commands only report what they would
     * do. RESTART, ROLLBACK and STOP carry the stop timeout; ROLLBACK the image the evidence named as the previous
     * one ({@code rollbackTo}, when known: the agent refuses to roll back to any other); SCALE_UP the target's
     * bounds.
     *
     * @throws IllegalArgumentException for NOOP and ESCALATE, which have no command, and for a SCALE_UP of a target
     *     without bounds (the policy refuses both first)
     */
    public static Command remediation(
            String incidentId,
            Target target,
            Action action,
            String rollbackTo,
            String taskToken,
            int stopTimeoutSeconds,
            boolean dryRun,
            Instant now) {
        CommandType type = action.command()
                .orElseThrow(() -> new IllegalArgumentException(action + " changes nothing: there is no command"));
        Map<String, String> params = new LinkedHashMap<>();
        switch (type) {
            case SCALE_UP -> params.putAll(scaleUpParams(target));
            case ROLLBACK -> {
                params.put(CommandParams.STOP_TIMEOUT_SECONDS, Integer.toString(stopTimeoutSeconds));
                if (rollbackTo != null) {
                    params.put(CommandParams.IMAGE, rollbackTo);
                }
            }
            default -> params.put(CommandParams.STOP_TIMEOUT_SECONDS, Integer.toString(stopTimeoutSeconds));
        }
        return pending(
                Command.idFor(incidentId, stepOf(action), 1), incidentId, type, target, params, dryRun, taskToken, now);
    }

    private static Map<String, String> scaleUpParams(Target target) {
        ScaleUpBounds bounds = target.scaleUp();
        if (bounds == null) {
            throw new IllegalArgumentException("SCALE_UP of " + target.service() + " needs scale-up bounds");
        }
        Map<String, String> params = new LinkedHashMap<>();
        if (bounds.maxMemoryMb() != null) {
            params.put(CommandParams.MAX_MEMORY_MB, bounds.maxMemoryMb().toString());
            params.put(CommandParams.MEMORY_STEP_MB, bounds.memoryStepMb().toString());
        }
        if (bounds.maxCpus() != null) {
            params.put(CommandParams.MAX_CPUS, bounds.maxCpus().toString());
            params.put(CommandParams.CPU_STEP, bounds.cpuStep().toString());
        }
        return params;
    }

    /**
     * The {@code attempt}-th health probe after a remedy: the agent GETs the target's health URL from the host, up
     * to {@code attempts} times, and reads the container's health. What passes depends on the remedy: after a STOP,
     * a stopped container; after a ROLLBACK, a healthy one running {@code expectedImage} (when known); otherwise a
     * healthy one.
     */
    public static Command probe(
            String incidentId,
            Target target,
            String taskToken,
            int attempt,
            int attempts,
            Action remedy,
            String expectedImage,
            Instant now) {
        Map<String, String> params = new LinkedHashMap<>();
        if (target.healthUrl() != null && !target.healthUrl().isBlank()) {
            params.put(CommandParams.HEALTH_URL, target.healthUrl());
        }
        params.put(CommandParams.ATTEMPTS, Integer.toString(attempts));
        if (remedy == Action.STOP) {
            params.put(CommandParams.EXPECT, CommandParams.EXPECT_STOPPED);
        }
        if (remedy == Action.ROLLBACK && expectedImage != null) {
            params.put(CommandParams.EXPECT_IMAGE, expectedImage);
        }
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
