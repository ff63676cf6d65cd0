package io.aegisops.edge.config;

import io.aegisops.contracts.CommandType;
import io.aegisops.contracts.ScaleUpBounds;
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
 * @param scaleUp            how far SCALE_UP may raise the container's limits (the agent's own bounds: it applies
 *                           the lower of these and the command's); null when SCALE_UP is not allowed
 */
public record ContainerConfig(
        String name,
        Set<CommandType> allowedActions,
        URI healthUrl,
        int stopTimeoutSeconds,
        int readyTimeoutSeconds,
        int probeAttempts,
        ProcessSpec process,
        ScaleUpBounds scaleUp) {

    public ContainerConfig {
        EnumSet<CommandType> actions = EnumSet.noneOf(CommandType.class);
        if (allowedActions != null) {
            actions.addAll(allowedActions);
        }
        allowedActions = Collections.unmodifiableSet(actions);
    }

    /** A container without scale-up bounds. */
    public ContainerConfig(
            String name,
            Set<CommandType> allowedActions,
            URI healthUrl,
            int stopTimeoutSeconds,
            int readyTimeoutSeconds,
            int probeAttempts,
            ProcessSpec process) {
        this(name, allowedActions, healthUrl, stopTimeoutSeconds, readyTimeoutSeconds, probeAttempts, process, null);
    }

    public boolean allows(CommandType action) {
        return allowedActions.contains(action);
    }
}
