package io.aegisops.edge;

import io.aegisops.contracts.Command;
import io.aegisops.contracts.CommandType;
import io.aegisops.contracts.tables.Tables;
import io.aegisops.edge.actions.CommandExecutor;
import io.aegisops.edge.actions.HttpHealthProbe;
import io.aegisops.edge.answers.StepFunctionsTaskAnswers;
import io.aegisops.edge.config.AgentConfig;
import io.aegisops.edge.doorbell.Doorbell;
import io.aegisops.edge.liveness.DynamoLiveness;
import io.aegisops.edge.ops.Metrics;
import io.aegisops.edge.queue.DynamoCommandQueue;
import io.aegisops.edge.runtime.ContainerRuntime;
import io.aegisops.edge.time.SystemScheduler;
import io.aegisops.testsupport.LocalDynamoDb;
import io.aegisops.testsupport.RecordingStepFunctionsServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Agents wired to real parts: the DynamoDB engine for the commands table, the recording Step Functions server
 * for the task tokens (through the real SDK clients), and whatever runtime the test gives. Each harness
 * serves a fresh host id, so tests sharing a table never see each other's commands.
 */
public final class AgentHarness implements AutoCloseable {

    public final String hostId = "edge-" + UUID.randomUUID().toString().substring(0, 8);
    public final LocalDynamoDb dynamo;
    public final RecordingStepFunctionsServer stepFunctions = RecordingStepFunctionsServer.start();
    public final CommandTable table;
    private final SfnClient sfn = stepFunctions.client();
    private final SystemScheduler scheduler = new SystemScheduler();
    private final List<Agent> agents = new ArrayList<>();

    public AgentHarness(LocalDynamoDb dynamo) {
        this.dynamo = dynamo;
        this.table = new CommandTable(dynamo.client(), dynamo.table(Tables.COMMANDS));
    }

    /** An agent that is not started yet: call {@link Agent#start()} or {@link Agent#runOnce()}. */
    public Agent agent(
            AgentConfig config, ContainerRuntime runtime, Metrics metrics, CapturedLog log, boolean forceDryRun) {
        return agent(config, runtime, metrics, log, forceDryRun, null);
    }

    /** @param doorbell null: the agent polls the table */
    public Agent agent(
            AgentConfig config,
            ContainerRuntime runtime,
            Metrics metrics,
            CapturedLog log,
            boolean forceDryRun,
            Doorbell doorbell) {
        CommandExecutor executor = new CommandExecutor(
                config,
                runtime,
                new HttpHealthProbe(Duration.ofSeconds(1)),
                Duration.ofMillis(200),
                Duration.ofMillis(600));
        Agent agent = new Agent(
                config,
                new DynamoCommandQueue(dynamo.client(), config.commandsTable(), config.hostId()),
                doorbell,
                new DynamoLiveness(dynamo.client(), config.agentsTable()),
                new StepFunctionsTaskAnswers(sfn),
                executor,
                new Agent.Options(EdgeAgent.newAgentId(config.hostId()), forceDryRun),
                scheduler,
                log.log(),
                metrics);
        agents.add(agent);
        return agent;
    }

    /** Writes a PENDING command for this host with a freshly issued task token, as the pipeline would. */
    public Command write(String container, CommandType type, Map<String, String> params) {
        return table.put(CommandTable.pending(hostId, container, type, stepFunctions.openTask(), params, false));
    }

    @Override
    public void close() {
        agents.forEach(Agent::close);
        scheduler.close();
        sfn.close();
        stepFunctions.close();
    }
}
