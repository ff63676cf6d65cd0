package io.aegisops.edge.liveness;

import io.aegisops.contracts.AgentLiveness;

/** Where the agent says it is alive: one item per host in the {@code agents} table, replaced at each report. */
public interface Liveness {

    /** Reports nowhere: an agent of a test that does not look at liveness. */
    Liveness NONE = liveness -> {};

    /**
     * Replaces the host's item with {@code liveness}.
     *
     * @throws RuntimeException when the table does not answer
     */
    void report(AgentLiveness liveness);
}
