package io.aegisops.functions.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.aegisops.contracts.AgentLiveness;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Unit: an agent is stale once its last report is older than the threshold, and only then. */
class AgentStatusesTest {

    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    private final InMemoryAgentRoster roster = new InMemoryAgentRoster();
    private final AgentStatuses statuses =
            new AgentStatuses(roster, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(10));

    private void reported(String host, Duration ago) {
        roster.report(AgentRosterContract.liveness(host, NOW.minus(ago), 0, 0));
    }

    @Test
    void anAgentThatReportedWithinTheThresholdIsLiveAndOneBeyondItIsStale() {
        reported("a-live", Duration.ofMinutes(4));
        reported("b-at-the-threshold", Duration.ofMinutes(10));
        reported("c-stale", Duration.ofMinutes(10).plusSeconds(1));

        assertThat(statuses.list())
                .extracting(s -> s.liveness().hostId(), AgentStatus::stale, AgentStatus::silentSeconds)
                .containsExactly(
                        tuple("a-live", false, 240L),
                        tuple("b-at-the-threshold", false, 600L),
                        tuple("c-stale", true, 601L));
    }

    @Test
    void aReportWithoutAHeartbeatIsStale() {
        roster.report(new AgentLiveness("x", "x/a", "v", "docker", NOW, null, null, 0, 0, 0));

        assertThat(statuses.list().getFirst().stale()).isTrue();
    }

    @Test
    void aReportFromTheFutureIsStaleButAClockALittleAheadIsNot() {
        reported("a-slightly-ahead", Duration.ofSeconds(-30));
        reported("b-forged", Duration.ofDays(-365));

        assertThat(statuses.list())
                .extracting(s -> s.liveness().hostId(), AgentStatus::stale, AgentStatus::silentSeconds)
                .containsExactly(tuple("a-slightly-ahead", false, 0L), tuple("b-forged", true, 0L));
    }
}
