package io.aegisops.local.stack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.aegisops.contracts.Json;
import io.aegisops.contracts.logging.EventLog;
import io.aegisops.contracts.pipeline.ApiRoute;
import io.aegisops.contracts.pipeline.PipelineFunction;
import io.aegisops.contracts.tables.DynamoTables;
import io.aegisops.dynamodb.DynamoDbEngine;
import io.aegisops.dynamodb.DynamoDbServer;
import io.aegisops.functions.commands.Doorbell;
import io.aegisops.functions.commands.SqsDoorbell;
import io.aegisops.local.client.AegisClient;
import io.aegisops.local.client.ConnectionInfo;
import io.aegisops.local.console.ConsoleAssets;
import io.aegisops.local.edge.ApiGatewayProxy;
import io.aegisops.local.edge.EdgePortServer;
import io.aegisops.local.edge.StartupGate;
import io.aegisops.local.lambda.LocalLambda;
import io.aegisops.local.notify.NotificationInbox;
import io.aegisops.local.trace.ExecutionTrace;
import io.aegisops.sqs.SqsEngine;
import io.aegisops.sqs.SqsServer;
import io.aegisops.statemachine.AegisPipeline;
import io.aegisops.statemachine.api.StepFunctionsApi;
import io.aegisops.statemachine.api.StepFunctionsHttpServer;
import io.aegisops.statemachine.engine.EngineConfig;
import io.aegisops.statemachine.engine.LambdaFunctions;
import io.aegisops.statemachine.engine.LambdaTaskInvoker;
import io.aegisops.statemachine.engine.StepFunctionsEngine;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * aegis-local: the whole AegisOps loop on one machine, with no AWS. One edge port answers the REST API
 * (API Gateway proxy events into the ingest handler), DynamoDB (AegisOps' own engine,
 * in process), Step Functions (the local engine running {@code aegis-pipeline.asl.json}) and the stack's own
 * routes under {@code /_aegis/}. The pipeline's handlers run in-process with the bytes the Lambda runtime
 * would pass and clients that reach the edge port over HTTP; the edge agent runs as its own process; the
 * demo's service runs as a container or as a process the agent supervises.
 */
public final class EmbeddedStack implements AutoCloseable {

    private static final EventLog LOG = EventLog.of(EmbeddedStack.class);

    public static final String STATE_MACHINE_NAME = "aegis-pipeline";

    private final StackOptions options;
    private final List<AutoCloseable> opened = new ArrayList<>();
    private final List<Consumer<NotificationInbox.Notification>> notificationListeners = new CopyOnWriteArrayList<>();
    private final Clock clock = Clock.systemUTC();
    private final Instant startedAt = clock.instant();
    private StackSettings settings;
    private DynamoDbEngine dynamoDb;
    private SqsEngine sqs;
    private EdgePortServer edge;
    private NotificationInbox inbox;
    private StepFunctionsEngine engine;
    private DynamoDbClient dynamo;
    private SfnClient sfn;
    private String stateMachineArn;
    private ServicePlacement service;
    private EdgeAgentProcess agent;
    private int agentStarts;
    private List<String> strandedIncidents = List.of();
    /** Closed while booting: the REST API answers 503 until every function it needs is registered. */
    private final StartupGate gate = new StartupGate();

    private EmbeddedStack(StackOptions options) {
        this.options = options;
    }

    /** Starts everything, or closes again what it had started and throws. */
    public static EmbeddedStack start(StackOptions options) {
        EmbeddedStack stack = new EmbeddedStack(options);
        try {
            stack.boot();
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void boot() {
        if (options.dataDir() != null) {
            try {
                java.nio.file.Files.createDirectories(options.dataDir());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the data directory " + options.dataDir(), e);
            }
        }
        dynamoDb = remember(
                options.dataDir() == null
                        ? DynamoDbEngine.inMemory()
                        : DynamoDbEngine.durable(options.dataDir().resolve("dynamodb")));
        sqs = remember(SqsEngine.create());
        LocalLambda lambda = remember(new LocalLambda(clock));
        LambdaFunctions functions = new LambdaFunctions();
        engine = remember(new StepFunctionsEngine(EngineConfig.defaults(), new LambdaTaskInvoker(functions)));
        inbox = new NotificationInbox(n -> notificationListeners.forEach(listener -> listener.accept(n)));
        Map<String, HttpHandler> ownRoutes = new LinkedHashMap<>();
        ownRoutes.put("/_aegis/slack", inbox);
        ownRoutes.put("/_aegis/health", this::health);
        ownRoutes.put("/_aegis/trace/", this::trace);
        ownRoutes.put("/console", new ConsoleAssets());
        try {
            edge = remember(new EdgePortServer(
                    "127.0.0.1",
                    options.port(),
                    Map.of(
                            "DynamoDB_", DynamoDbServer.handler(dynamoDb),
                            "AWSStepFunctions.", StepFunctionsHttpServer.handler(new StepFunctionsApi(engine)),
                            "AmazonSQS.", SqsServer.handler(sqs)),
                    ownRoutes,
                    gate.guarding(new ApiGatewayProxy(
                            lambda,
                            PipelineFunction.INGEST.functionName(),
                            Arrays.stream(ApiRoute.values())
                                    .map(route -> new ApiGatewayProxy.Route(route.method(), route.path()))
                                    .toList(),
                            "local"))));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot serve the edge port on 127.0.0.1:" + options.port()
                            + (options.port() == 0
                                    ? ""
                                    : " (is another stack or LocalStack running? choose another with --port)"),
                    e);
        }
        int appPort = Integer.parseInt(options.overrides().getOrDefault(StackSettings.APP_PORT, "0"));
        settings = StackSettings.of(
                edge.endpoint(),
                appPort == 0 ? freePort() : appPort,
                StackSecrets.forDataDir(options.dataDir()),
                options.overrides());

        dynamo = remember(DynamoDbClient.builder()
                .endpointOverride(edge.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build());
        sfn = remember(AegisClient.stepFunctions(edge.endpoint()));
        DynamoTables.createAll(dynamo, settings.get(StackSettings.TABLE_PREFIX));
        Optional<Doorbell> doorbell = settings.doorbellQueue().map(queue -> {
            SqsClient sqsClient = remember(SqsClient.builder()
                    .endpointOverride(edge.endpoint())
                    .region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                    .httpClient(UrlConnectionHttpClient.create())
                    .build());
            sqsClient.createQueue(b -> b.queueName(queue));
            return new SqsDoorbell(() -> sqsClient, settings.get(StackSettings.DOORBELL_QUEUE_PREFIX));
        });

        Map<String, String> placeholders = new LinkedHashMap<>(PipelineFunctions.arnPlaceholders());
        placeholders.putAll(settings.pipelinePlaceholders());
        stateMachineArn = engine.createStateMachine(
                        STATE_MACHINE_NAME, AegisPipeline.template().substitute(placeholders), null)
                .stateMachineArn();
        settings = settings.with(StackSettings.STATE_MACHINE_ARN, stateMachineArn);
        PipelineFunctions.register(lambda, functions, settings, dynamo, sfn, doorbell, clock);
        if (options.dataDir() != null) {
            strandedIncidents = StrandedIncidents.escalate(dynamo, settings.get(StackSettings.TABLE_PREFIX), clock);
        }

        service = remember(ServicePlacement.place(options, settings));
        startAgent();
        awaitServiceHealthy();
        gate.open();
    }

    /** Starts the edge agent process (again, after {@link #killAgent()}: a new agent id, as after a crash). */
    public synchronized void startAgent() {
        if (agent != null && agent.isAlive()) {
            throw new IllegalStateException("the edge agent is running already (pid " + agent.pid() + ")");
        }
        agentStarts++;
        agent = EdgeAgentProcess.start(
                options,
                settings,
                edge.endpoint(),
                service.supervisedCommand(),
                agentStarts == 1 ? "edge-agent" : "edge-agent-" + agentStarts);
    }

    /**
     * SIGKILLs the edge agent, as a crash would. A service it supervises runs on; the next {@link #startAgent()}
     * adopts it.
     */
    public synchronized void killAgent() {
        agent.kill();
    }

    private void awaitServiceHealthy() {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime()
                + Duration.ofSeconds(settings.integer(StackSettings.APP_READY_TIMEOUT_SECONDS))
                        .toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<Void> health = http.send(
                        HttpRequest.newBuilder(settings.healthUrl())
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (health.statusCode() == 200) {
                    return;
                }
                last = "HTTP " + health.statusCode();
            } catch (IOException e) {
                last = e.getClass().getSimpleName();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the service", e);
            }
            if (!agent.isAlive()) {
                throw new IllegalStateException("the edge agent exited; its log: " + agent.logFile());
            }
            sleep(Duration.ofMillis(200));
        }
        throw new IllegalStateException("the service did not answer 200 on " + settings.healthUrl() + " within "
                + settings.integer(StackSettings.APP_READY_TIMEOUT_SECONDS) + " s (" + last + "); agent log: "
                + agent.logFile());
    }

    private void health(HttpExchange exchange) throws IOException {
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("status", !gate.isOpen() ? "STARTING" : agent != null && agent.isAlive() ? "UP" : "DEGRADED");
        health.put("edgeAgent", agent != null && agent.isAlive() ? "running (pid " + agent.pid() + ")" : "not running");
        health.put("service", service == null ? null : service.describe());
        health.put("startedAt", startedAt.toString());
        respond(exchange, 200, "application/json", Json.write(health));
    }

    /** {@code GET /_aegis/trace/<execution ARN>}: the execution's history as text (the notifications link here). */
    private void trace(HttpExchange exchange) throws IOException {
        String arn = URLDecoder.decode(
                exchange.getRequestURI().getRawPath().substring("/_aegis/trace/".length()), StandardCharsets.UTF_8);
        try {
            respond(
                    exchange,
                    200,
                    "text/plain; charset=utf-8",
                    ExecutionTrace.load(sfn, arn).render());
        } catch (software.amazon.awssdk.services.sfn.model.SfnException e) {
            respond(exchange, 404, "text/plain; charset=utf-8", "no execution " + arn + "\n");
        }
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        try (exchange) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** How to reach this stack, as {@code .aegis/local.json} holds it for the CLI. */
    public ConnectionInfo connectionInfo() {
        return new ConnectionInfo(
                edge.endpoint(),
                settings.webhookToken(),
                settings.hmacSecret(),
                settings.approver(),
                settings.approverToken(),
                stateMachineArn,
                settings.appUrl(),
                ProcessHandle.current().pid(),
                startedAt);
    }

    public AegisClient client() {
        return new AegisClient(connectionInfo());
    }

    public void onNotification(Consumer<NotificationInbox.Notification> listener) {
        notificationListeners.add(listener);
    }

    public List<NotificationInbox.Notification> notifications() {
        return inbox.received();
    }

    public StackSettings settings() {
        return settings;
    }

    public URI endpoint() {
        return edge.endpoint();
    }

    /** The operator console's address on the edge port. */
    public URI consoleUrl() {
        return edge.endpoint().resolve(ConsoleAssets.PATH);
    }

    public String stateMachineArn() {
        return stateMachineArn;
    }

    public ServicePlacement service() {
        return service;
    }

    public EdgeAgentProcess agent() {
        return agent;
    }

    public DynamoDbClient dynamo() {
        return dynamo;
    }

    public SfnClient stepFunctions() {
        return sfn;
    }

    /** Incidents escalated at start-up because the stack had stopped while they were open (with a data directory). */
    public List<String> strandedIncidents() {
        return strandedIncidents;
    }

    @Override
    public void close() {
        if (agent != null
                && !agent.isAlive()
                && service != null
                && service.supervisedCommand().isPresent()) {
            // a killed agent left the service running: a new one adopts it, and stops it as it stops
            try {
                startAgent();
            } catch (RuntimeException e) {
                LOG.warn("stack.closeFailed", "part", "edge agent", "error", e);
            }
        }
        if (agent != null) {
            agent.close();
        }
        List<AutoCloseable> reversed = new ArrayList<>(opened).reversed();
        opened.clear();
        for (AutoCloseable part : reversed) {
            try {
                part.close();
            } catch (Exception e) {
                LOG.warn("stack.closeFailed", "part", part.getClass().getSimpleName(), "error", e);
            }
        }
    }

    private <T extends AutoCloseable> T remember(T part) {
        opened.add(part);
        return part;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
