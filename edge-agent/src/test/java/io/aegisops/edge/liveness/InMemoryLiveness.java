package io.aegisops.edge.liveness;

import io.aegisops.contracts.AgentLiveness;
import java.util.ArrayList;
import java.util.List;

/** {@link Liveness} in memory: every report kept in order, each counted as the PutItem it would be. */
public final class InMemoryLiveness implements Liveness {

    private final List<AgentLiveness> reports = new ArrayList<>();
    private boolean failing;

    @Override
    public synchronized void report(AgentLiveness liveness) {
        if (failing) {
            throw new IllegalStateException("the agents table does not answer");
        }
        reports.add(liveness);
    }

    /** From now on reports fail (or succeed again) as an unreachable table would. */
    public synchronized void failing(boolean failing) {
        this.failing = failing;
    }

    public synchronized List<AgentLiveness> reports() {
        return List.copyOf(reports);
    }

    public synchronized AgentLiveness last() {
        return reports.getLast();
    }
}
