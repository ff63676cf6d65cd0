package io.aegisops.edge;

import io.aegisops.contracts.CommandType;
import io.aegisops.edge.config.AgentConfig;
import io.aegisops.edge.config.ContainerConfig;
import io.aegisops.edge.config.ProcessSpec;
import io.aegisops.edge.config.RuntimeKind;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Agent configurations with short intervals, for tests. */
public final class TestConfigs {

    private TestConfigs() {}

    public static AgentConfig agent(String hostId, String tablePrefix, ContainerConfig... containers) {
        return new AgentConfig(
                hostId,
                RuntimeKind.DOCKER,
                "unix:///var/run/docker.sock",
                tablePrefix,
                2,
                Duration.ofMillis(100),
                Duration.ofSeconds(2),
                Duration.ofSeconds(10),
                Duration.ofSeconds(2),
                Duration.ofMinutes(10),
                Duration.ofSeconds(10),
                -1,
                Path.of(System.getProperty("java.io.tmpdir"), "aegisops-edge-" + hostId),
                List.of(containers));
    }

    /** The same configuration with one worker and the given lease and heartbeat interval. */
    public static AgentConfig withLease(AgentConfig c, Duration lease, Duration heartbeat) {
        return new AgentConfig(
                c.hostId(),
                c.runtime(),
                c.dockerHost(),
                c.tablePrefix(),
                1,
                c.pollInterval(),
                c.maxBackoff(),
                lease,
                heartbeat,
                c.maxCommandAge(),
                c.shutdownGrace(),
                c.httpPort(),
                c.stateDir(),
                c.containers());
    }

    /** A container allowing every action, with the given stop timeout and no health URL. */
    public static ContainerConfig stoppingWithin(String name, int stopTimeoutSeconds) {
        return new ContainerConfig(name, EnumSet.allOf(CommandType.class), null, stopTimeoutSeconds, 15, 3, null);
    }

    public static ContainerConfig container(String name, URI healthUrl, CommandType... actions) {
        Set<CommandType> allowed =
                actions.length == 0 ? EnumSet.allOf(CommandType.class) : EnumSet.of(actions[0], actions);
        return new ContainerConfig(name, allowed, healthUrl, 2, 15, 3, null);
    }

    public static ContainerConfig process(String name, URI healthUrl, List<String> command) {
        return new ContainerConfig(
                name, EnumSet.allOf(CommandType.class), healthUrl, 2, 15, 3, new ProcessSpec(command, null, null));
    }
}
