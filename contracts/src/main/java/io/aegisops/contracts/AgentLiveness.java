package io.aegisops.contracts;

import java.time.Duration;
import java.time.Instant;

/**
 * What an edge agent last said of itself (table {@code agents}, one item per host, written by the agent): who it
 * is, since when it runs, when it last read its commands and what it has run. The console's Agents page reads it.
 *
 * @param runtime         the agent's runtime kind, {@code docker} or {@code process}
 * @param startedAt       when this agent process started
 * @param lastPollAt      when it last read its host's commands (null before its first read)
 * @param lastHeartbeatAt when it wrote this item: the agent is live while this is recent
 * @param commandsRun     commands whose action ran since it started (succeeded or failed)
 * @param commandsFailed  of those, the ones that failed
 * @param ttl             epoch seconds after which DynamoDB may delete the item of a host that stopped reporting
 */
public record AgentLiveness(
        String hostId,
        String agentId,
        String agentVersion,
        String runtime,
        Instant startedAt,
        Instant lastPollAt,
        Instant lastHeartbeatAt,
        long commandsRun,
        long commandsFailed,
        long ttl) {

    /** How long an item outlives its host's last report. */
    public static final Duration RETENTION = Duration.ofDays(7);

    /** The expiry of an item written at {@code heartbeatAt}. */
    public static long ttlFor(Instant heartbeatAt) {
        return heartbeatAt.plus(RETENTION).getEpochSecond();
    }
}
