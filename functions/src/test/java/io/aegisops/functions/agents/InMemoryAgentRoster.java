package io.aegisops.functions.agents;

import io.aegisops.contracts.AgentLiveness;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code agents} table in memory, keeping {@link AgentRosterContract} as {@link DynamoAgentRoster} does: one
 * report per host, the later replacing the earlier, listed by host id.
 */
public final class InMemoryAgentRoster implements AgentRoster {

    private final Map<String, AgentLiveness> byHost = new TreeMap<>();

    /** What an agent's report does: replaces its host's item. */
    public synchronized void report(AgentLiveness liveness) {
        byHost.put(liveness.hostId(), liveness);
    }

    @Override
    public synchronized List<AgentLiveness> all() {
        return List.copyOf(byHost.values());
    }
}
