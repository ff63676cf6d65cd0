package io.aegisops.edge.config;

import io.aegisops.contracts.tables.Tables;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything the agent is allowed and told to do, validated by {@link ConfigLoader}. The containers listed
 * here, with their actions, are the whole of what it can do to its host.
 *
 * @param hostId            the partition of the {@code commands} table the agent serves
 * @param pollInterval      pause between two queries of the partition while the control plane answers
 * @param maxBackoff        the longest pause between queries while the control plane does not answer
 * @param lease             how long a claim holds without renewal; renewed every {@code heartbeatInterval}
 * @param heartbeatInterval how often a running command heartbeats its task token and renews its lease
 * @param maxCommandAge     a PENDING command older than this is marked EXPIRED and never run
 * @param shutdownGrace     how long a stopping agent lets running commands finish
 * @param httpPort          loopback port of /health and /metrics; 0 picks a free one, -1 serves none
 * @param stateDir          what outlives the agent (process runtime: pid files and the processes' logs; docker
 *                          runtime: the image history, {@code images.json})
 * @param doorbellQueue     the host's SQS queue the pipeline rings with each new command's id; empty: no doorbell,
 *                          the agent polls the table every {@code pollInterval}
 * @param safetyPoll        with a doorbell, how often the agent still reads the table, for commands whose ring was lost
 * @param liveness          how often an idle agent writes its liveness item (table {@code agents})
 */
public record AgentConfig(
        String hostId,
        RuntimeKind runtime,
        String dockerHost,
        String tablePrefix,
        int concurrency,
        Duration pollInterval,
        Duration maxBackoff,
        Duration lease,
        Duration heartbeatInterval,
        Duration maxCommandAge,
        Duration shutdownGrace,
        int httpPort,
        Path stateDir,
        List<ContainerConfig> containers,
        Optional<String> doorbellQueue,
        Duration safetyPoll,
        Duration liveness) {

    public AgentConfig {
        containers = List.copyOf(containers);
    }

    /** Without a doorbell (the configurations of agents before it). */
    public AgentConfig(
            String hostId,
            RuntimeKind runtime,
            String dockerHost,
            String tablePrefix,
            int concurrency,
            Duration pollInterval,
            Duration maxBackoff,
            Duration lease,
            Duration heartbeatInterval,
            Duration maxCommandAge,
            Duration shutdownGrace,
            int httpPort,
            Path stateDir,
            List<ContainerConfig> containers) {
        this(
                hostId,
                runtime,
                dockerHost,
                tablePrefix,
                concurrency,
                pollInterval,
                maxBackoff,
                lease,
                heartbeatInterval,
                maxCommandAge,
                shutdownGrace,
                httpPort,
                stateDir,
                containers,
                Optional.empty(),
                ConfigLoader.DEFAULT_SAFETY_POLL,
                ConfigLoader.DEFAULT_LIVENESS);
    }

    /** The same configuration, ringing {@code queue} and reading the table every {@code safetyPoll}. */
    public AgentConfig withDoorbell(String queue, Duration safetyPoll) {
        return new AgentConfig(
                hostId,
                runtime,
                dockerHost,
                tablePrefix,
                concurrency,
                pollInterval,
                maxBackoff,
                lease,
                heartbeatInterval,
                maxCommandAge,
                shutdownGrace,
                httpPort,
                stateDir,
                containers,
                Optional.of(queue),
                safetyPoll,
                liveness);
    }

    public Optional<ContainerConfig> container(String name) {
        return containers.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public String commandsTable() {
        return Tables.named(tablePrefix, Tables.COMMANDS);
    }

    public String agentsTable() {
        return Tables.named(tablePrefix, Tables.AGENTS);
    }
}
