package io.aegisops.edge;

import io.aegisops.contracts.logging.EventLog;
import io.aegisops.edge.actions.CommandExecutor;
import io.aegisops.edge.actions.HttpHealthProbe;
import io.aegisops.edge.answers.StepFunctionsTaskAnswers;
import io.aegisops.edge.config.AgentConfig;
import io.aegisops.edge.config.ConfigLoader;
import io.aegisops.edge.config.ContainerConfig;
import io.aegisops.edge.config.InvalidConfigException;
import io.aegisops.edge.config.RuntimeKind;
import io.aegisops.edge.doorbell.Doorbell;
import io.aegisops.edge.doorbell.SqsDoorbell;
import io.aegisops.edge.liveness.DynamoLiveness;
import io.aegisops.edge.ops.Metrics;
import io.aegisops.edge.ops.OpsHttpServer;
import io.aegisops.edge.ops.ResidentMemory;
import io.aegisops.edge.queue.DynamoCommandQueue;
import io.aegisops.edge.runtime.ContainerNotFoundException;
import io.aegisops.edge.runtime.ContainerRuntime;
import io.aegisops.edge.runtime.DockerContainerRuntime;
import io.aegisops.edge.runtime.ImageHistory;
import io.aegisops.edge.runtime.ProcessContainerRuntime;
import io.aegisops.edge.runtime.StateDirectory;
import io.aegisops.edge.time.SystemScheduler;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The edge agent's process: {@code java -jar edge-agent.jar --config FILE [--once] [--dry-run]}.
 * It connects outward only, to DynamoDB, Step Functions and its doorbell's SQS queue (or LocalStack / the embedded stack through
 * {@code AWS_ENDPOINT_URL}) and to the local Docker engine; its own /health and /metrics listen on 127.0.0.1.
 */
public final class EdgeAgent implements AutoCloseable {

    static final String USAGE = """
            usage: edge-agent --config FILE [--once] [--dry-run]
              --config FILE  the agent's JSON configuration (or set AEGIS_AGENT_CONFIG)
              --once         claim and run what is pending now, then exit
              --dry-run      claim and answer commands as dry runs: report what would be done, restart nothing
            AEGIS_* variables override the file (see docs/notes/issue-6.md); AWS_ENDPOINT_URL points the SDK
            at LocalStack or the embedded stack.""";
    static final int EXIT_USAGE = 2;
    static final int EXIT_UNREACHABLE = 3;

    private final Agent agent;
    private final OpsHttpServer ops;
    private final AutoCloseable[] resources;

    private EdgeAgent(Agent agent, OpsHttpServer ops, AutoCloseable... resources) {
        this.agent = agent;
        this.ops = ops;
        this.resources = resources;
    }

    public static void main(String[] args) {
        int exit = run(args, System.getenv(), EventLog.of(EdgeAgent.class));
        if (exit >= 0) {
            System.exit(exit);
        }
    }

    /** Runs the agent; returns the exit code, or -1 when it runs on until the JVM is asked to stop. */
    static int run(String[] args, Map<String, String> env, EventLog log) {
        String configFile = env.get("AEGIS_AGENT_CONFIG");
        boolean once = false;
        boolean dryRun = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config" -> configFile = i + 1 < args.length ? args[++i] : null;
                case "--once" -> once = true;
                case "--dry-run" -> dryRun = true;
                case "--help", "-h" -> {
                    System.out.println(USAGE);
                    return 0;
                }
                default -> {
                    System.err.println("unknown argument '" + args[i] + "'\n" + USAGE);
                    return EXIT_USAGE;
                }
            }
        }
        if (configFile == null) {
            System.err.println("no configuration: pass --config FILE\n" + USAGE);
            return EXIT_USAGE;
        }
        AgentConfig config;
        try {
            config = ConfigLoader.load(Path.of(configFile), env);
        } catch (InvalidConfigException e) {
            System.err.println(e.getMessage());
            log.error("config.invalid", "file", configFile, "problems", e.problems());
            return EXIT_USAGE;
        }
        EdgeAgent edge;
        try {
            edge = connect(config, new Agent.Options(newAgentId(config.hostId()), dryRun), log);
        } catch (StartupException e) {
            System.err.println(e.getMessage());
            log.error("agent.cannot_start", "reason", e.getMessage(), "error", e.getCause());
            return e.exitCode;
        }
        log.info(
                "agent.started",
                "hostId",
                config.hostId(),
                "agentId",
                edge.agent.agentId(),
                "runtime",
                config.runtime(),
                "allowlist",
                ConfigLoader.allowlist(config),
                "dryRun",
                dryRun,
                "once",
                once,
                "opsPort",
                edge.ops == null ? null : edge.ops.port());
        if (once) {
            try (edge) {
                edge.agent.runOnce();
                return 0;
            } catch (RuntimeException e) {
                log.error("agent.once_failed", "error", e);
                return EXIT_UNREACHABLE;
            }
        }
        Runtime.getRuntime()
                .addShutdownHook(Thread.ofPlatform().name("edge-shutdown").unstarted(edge::close));
        edge.agent.start();
        return -1;
    }

    /** Why the agent could not start, and the exit code that says so. */
    static final class StartupException extends RuntimeException {
        final int exitCode;

        StartupException(String message, RuntimeException cause, int exitCode) {
            super(message + ": " + cause.getMessage(), cause);
            this.exitCode = exitCode;
        }
    }

    /**
     * Builds the real clients from the configuration and the environment, connects to the runtime (starting
     * the supervised processes of the process runtime) and serves /health and /metrics. Whatever it built is
     * closed again if a later step fails.
     */
    static EdgeAgent connect(AgentConfig config, Agent.Options options, EventLog log) {
        Metrics metrics = new Metrics();
        metrics.gauge(
                "process_resident_memory_bytes",
                "Resident memory of the agent process (VmRSS).",
                () -> ResidentMemory.ofSelf().orElse(0));
        List<AutoCloseable> built = new ArrayList<>();
        try {
            ClientOverrideConfiguration overrides = AwsClients.overrides(metrics);
            SdkHttpClient http = remember(built, AwsClients.http());
            DynamoDbClient dynamo;
            SfnClient sfn;
            Doorbell doorbell = null;
            try {
                dynamo = remember(
                        built,
                        DynamoDbClient.builder()
                                .httpClient(http)
                                .overrideConfiguration(overrides)
                                .build());
                sfn = remember(
                        built,
                        SfnClient.builder()
                                .httpClient(http)
                                .overrideConfiguration(overrides)
                                .build());
                if (config.doorbellQueue().isPresent()) {
                    SqsClient sqs = remember(
                            built,
                            SqsClient.builder()
                                    .httpClient(remember(built, AwsClients.longPollingHttp()))
                                    .overrideConfiguration(AwsClients.longPolling(overrides))
                                    .build());
                    doorbell = new SqsDoorbell(sqs, config.doorbellQueue().get());
                }
            } catch (SdkClientException e) {
                throw new StartupException(
                        "cannot build the AWS clients (set AWS_REGION; any region works against "
                                + "LocalStack or the embedded stack)",
                        e,
                        EXIT_USAGE);
            }
            ContainerRuntime runtime;
            try {
                runtime = remember(built, runtime(config, log));
            } catch (RuntimeException e) {
                throw new StartupException(
                        "cannot reach the " + config.runtime().name().toLowerCase(Locale.ROOT) + " runtime"
                                + (config.runtime() == RuntimeKind.DOCKER ? " at " + config.dockerHost() : ""),
                        e,
                        EXIT_UNREACHABLE);
            }
            CommandExecutor executor = new CommandExecutor(config, runtime, new HttpHealthProbe(Duration.ofSeconds(3)));
            SystemScheduler scheduler = remember(built, new SystemScheduler());
            Agent agent = new Agent(
                    config,
                    new DynamoCommandQueue(dynamo, config.commandsTable(), config.hostId()),
                    doorbell,
                    new DynamoLiveness(dynamo, config.agentsTable()),
                    new StepFunctionsTaskAnswers(sfn),
                    executor,
                    options,
                    scheduler,
                    log,
                    metrics);
            OpsHttpServer ops = null;
            if (config.httpPort() >= 0) {
                try {
                    ops = OpsHttpServer.start(config.httpPort(), agent::health, metrics);
                } catch (UncheckedIOException e) {
                    throw new StartupException(
                            "cannot serve /health and /metrics on 127.0.0.1:" + config.httpPort(), e, EXIT_USAGE);
                }
            }
            return new EdgeAgent(agent, ops, built.reversed().toArray(AutoCloseable[]::new));
        } catch (RuntimeException e) {
            closeAll(built.reversed());
            throw e;
        }
    }

    private static ContainerRuntime runtime(AgentConfig config, EventLog log) {
        return switch (config.runtime()) {
            case DOCKER -> {
                // the images each container ran, kept across agent restarts: what a ROLLBACK rolls back to
                Path images = config.stateDir().resolve(ImageHistory.FILE_NAME);
                DockerContainerRuntime docker =
                        DockerContainerRuntime.connect(config.dockerHost(), ImageHistory.at(images));
                try {
                    log.info(
                            "agent.docker_connected",
                            "dockerHost",
                            config.dockerHost(),
                            "engineVersion",
                            docker.engineVersion(),
                            "imageHistory",
                            images.toString());
                } catch (RuntimeException unreachable) {
                    docker.close();
                    throw unreachable;
                }
                recordImages(config, docker, log);
                docker.followStats(
                        config.containers().stream().map(ContainerConfig::name).toList());
                yield docker;
            }
            case PROCESS -> {
                StateDirectory state = StateDirectory.lock(config.stateDir());
                ProcessContainerRuntime processes;
                try {
                    processes = new ProcessContainerRuntime(config.containers(), state);
                } catch (RuntimeException cannotTakeOver) {
                    state.close();
                    throw cannotTakeOver;
                }
                log.info("agent.supervising", "stateDir", state.path().toString());
                try {
                    processes.startAll();
                } catch (RuntimeException cannotStart) {
                    processes.close();
                    throw cannotStart;
                }
                yield processes;
            }
        };
    }

    /** The image each container runs at start-up, in the image history: what a later ROLLBACK may roll back to. */
    private static void recordImages(AgentConfig config, ContainerRuntime runtime, EventLog log) {
        for (ContainerConfig container : config.containers()) {
            try {
                runtime.inspect(container.name());
            } catch (ContainerNotFoundException notYet) {
                log.info("agent.container_missing", "container", container.name());
            }
        }
    }

    private static <T extends AutoCloseable> T remember(List<AutoCloseable> built, T resource) {
        built.add(resource);
        return resource;
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                // closing on the way out; nothing left to do with the error
            }
        }
    }

    /** Unique per process start, so a restarted agent never mistakes its predecessor's claims for its own. */
    static String newAgentId(String hostId) {
        byte[] nonce = new byte[3];
        ThreadLocalRandom.current().nextBytes(nonce);
        return hostId + "/agent-" + ProcessHandle.current().pid() + "-"
                + HexFormat.of().formatHex(nonce);
    }

    /** Stops the agent gracefully (see {@link Agent#close()}), then /health, the runtime and the clients. */
    @Override
    public void close() {
        agent.close();
        if (ops != null) {
            ops.close();
        }
        closeAll(List.of(resources));
    }
}
