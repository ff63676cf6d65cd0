package io.aegisops.edge.actions;

import io.aegisops.contracts.Command;
import io.aegisops.edge.config.AgentConfig;
import io.aegisops.edge.config.ContainerConfig;
import java.util.Optional;

/** The one gate before any action: the container must be configured and the action allowed for it. */
public final class Allowlist {

    private Allowlist() {}

    /** Why the command must be refused, or empty when it may run. */
    public static Optional<String> refusal(AgentConfig config, Command command) {
        if (!config.hostId().equals(command.hostId())) {
            return Optional.of(
                    "command is for host '" + command.hostId() + "', this agent serves '" + config.hostId() + "'");
        }
        if (command.type() == null) {
            return Optional.of("command names no action");
        }
        if (command.container() == null || command.container().isBlank()) {
            return Optional.of("command names no container");
        }
        Optional<ContainerConfig> container = config.container(command.container());
        if (container.isEmpty()) {
            return Optional.of("container '" + command.container() + "' is not in the allowlist of agent for host '"
                    + config.hostId() + "'");
        }
        if (!container.get().allows(command.type())) {
            return Optional.of(command.type() + " is not allowed for container '" + command.container() + "' (allowed: "
                    + container.get().allowedActions() + ")");
        }
        return Optional.empty();
    }
}
