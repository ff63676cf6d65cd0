package io.aegisops.functions.agents;

import io.aegisops.contracts.AgentLiveness;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Which agents are live: an agent is stale when its last liveness report is older than {@code staleAfter}. An
 * idle agent reports every 4 minutes by default (edge-agent {@code livenessSeconds}), so the default 10 minutes
 * allows one lost report and then some before a host is marked.
 */
public final class AgentStatuses {

    /** The default stale threshold, {@code AEGIS_AGENT_STALE_SECONDS}. */
    public static final Duration DEFAULT_STALE_AFTER = Duration.ofMinutes(10);

    private final AgentRoster roster;
    private final Clock clock;
    /** How far ahead of this clock a host's clock may run before its report counts as none. */
    static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(1);

    private final Duration staleAfter;

    public AgentStatuses(AgentRoster roster, Clock clock, Duration staleAfter) {
        this.roster = roster;
        this.clock = clock;
        this.staleAfter = staleAfter;
    }

    public Duration staleAfter() {
        return staleAfter;
    }

    /** Every agent that reported, ordered by host id, each marked stale or not as of now. */
    public List<AgentStatus> list() {
        Instant now = clock.instant();
        return roster.all().stream().map(agent -> status(agent, now)).toList();
    }

    /** A report from the future (a host's clock, or a forged item) proves nothing: stale, as a missing one. */
    private AgentStatus status(AgentLiveness agent, Instant now) {
        Duration silent = agent.lastHeartbeatAt() == null
                ? Duration.ofSeconds(Long.MAX_VALUE)
                : Duration.between(agent.lastHeartbeatAt(), now);
        boolean stale = silent.compareTo(staleAfter) > 0 || silent.compareTo(FUTURE_TOLERANCE.negated()) < 0;
        return new AgentStatus(agent, stale, Math.max(0, silent.toSeconds()));
    }
}
