package io.aegisops.contracts;

import java.time.Instant;
import java.util.Map;

/**
 * A command for one host's edge agent (the commands table: pk hostId, sk commandId).
 * {@code leaseUntil} is epoch milliseconds, {@code ttl} epoch seconds (DynamoDB TTL).
 */
public record Command(
        String commandId,
        String hostId,
        String incidentId,
        CommandType type,
        String container,
        Map<String, String> params,
        boolean dryRun,
        String taskToken,
        CommandStatus status,
        String claimedBy,
        Long leaseUntil,
        Instant createdAt,
        CommandResult result,
        Long ttl) {

    public Command {
        params = params == null ? Map.of() : Map.copyOf(params);
    }

    /**
     * The deterministic id of the {@code attempt}-th command of {@code step} for an incident, so that a
     * retried writer produces the same key and its conditional put fails instead of adding a second command.
     */
    public static String idFor(String incidentId, String step, int attempt) {
        return incidentId + "#" + step + "#" + attempt;
    }
}
