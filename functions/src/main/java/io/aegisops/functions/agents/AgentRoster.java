package io.aegisops.functions.agents;

import io.aegisops.contracts.AgentLiveness;
import java.util.List;

/** The edge agents' last reports, one per host ({@code agents} table; each host's agent writes its own). */
public interface AgentRoster {

    /** Every host's last report, ordered by host id. */
    List<AgentLiveness> all();
}
