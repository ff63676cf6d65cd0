package io.aegisops.functions.agents;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisops.contracts.AgentLiveness;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every {@link AgentRoster} keeps, held against the DynamoDB adapter ({@link AgentRosterDynamoDbTest}) and the
 * in-memory fake ({@link InMemoryAgentRosterTest}): one report per host, the latest, every field as the agent wrote
 * it, hosts in order of their ids.
 */
abstract class AgentRosterContract {

    static final Instant STARTED = Instant.parse("2026-12-06T10:00:00Z");

    final AgentRoster roster;

    /** This test's hosts: a table may hold other tests' hosts. */
    private final String prefix = "h" + UUID.randomUUID().toString().substring(0, 8) + "-";

    AgentRosterContract(AgentRoster roster) {
        this.roster = roster;
    }

    private List<AgentLiveness> mine() {
        return roster.all().stream().filter(a -> a.hostId().startsWith(prefix)).toList();
    }

    /** Writes {@code liveness} as the host's agent does: replacing the host's item. */
    abstract void report(AgentLiveness liveness);

    static AgentLiveness liveness(String host, Instant heartbeat, long run, long failed) {
        return new AgentLiveness(
                host,
                host + "/agent-1",
                "0.9.0",
                "process",
                STARTED,
                heartbeat.minusSeconds(12),
                heartbeat,
                run,
                failed,
                AgentLiveness.ttlFor(heartbeat));
    }

    @Test
    void listsNoAgentBeforeAnyReported() {
        assertThat(mine()).isEmpty();
    }

    @Test
    void keepsEachHostsLatestReportWithEveryFieldOrderedByHost() {
        report(liveness(prefix + "web-2", STARTED.plusSeconds(10), 0, 0));
        report(liveness(prefix + "db-1", STARTED.plusSeconds(20), 1, 0));
        AgentLiveness later = liveness(prefix + "web-2", STARTED.plusSeconds(250), 4, 1);
        report(later);

        assertThat(mine()).containsExactly(liveness(prefix + "db-1", STARTED.plusSeconds(20), 1, 0), later);
    }

    @Test
    void readsAReportWithoutAPollYet() {
        AgentLiveness starting = new AgentLiveness(
                prefix + "edge-9", "edge-9/a", "development", "docker", STARTED, null, STARTED, 0, 0, 0);
        report(starting);

        assertThat(mine()).containsExactly(starting);
    }
}
