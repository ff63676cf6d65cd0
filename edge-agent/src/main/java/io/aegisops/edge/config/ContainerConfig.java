package io.aegisops.edge.config;

import io.aegisops.contracts.CommandType;
import java.net.URI;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * One container the agent may touch and what it may do to it. Everything else is refused.
 *
 * @param healthUrl          GET from the host by PROBE and after a RESTART; null to judge by the container state
 * @param stopTimeoutSeconds how long a RESTART lets the container stop before it is killed (a command may ask
 *                           for less, never for more)
 * @param readyTimeoutSeconds how long a RESTART waits for the container to run and be healthy again
 * @param probeAttempts      how many GETs a PROBE makes before it calls the container unhealthy
 * @param process            the command line, for the process runtime only
 */
public record ContainerConfig(
        String name,
        Set<CommandType> allowedActions,
        URI healthUrl,
        int stopTimeoutSeconds,
        int readyTimeoutSeconds,
        int probeAttempts,
        ProcessSpec process) {

    public ContainerConfig {
        EnumSet<CommandType> actions = EnumSet.noneOf(CommandType.class);
        if (allowedActions != null) {
            actions.addAll(allowedActions);
        }
        allowedActions = Collections.unmodifiableSet(actions);
    }

    public boolean allows(CommandType action) {
        return allowedActions.contains(action);
    }
}
