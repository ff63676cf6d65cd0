package io.aegisops.functions.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.aegisops.contracts.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * A stand-in for AWS Step Functions until the local engine exists: it speaks the real wire protocol (AWS JSON
 * 1.0 over HTTP, {@code X-Amz-Target: AWSStepFunctions.<Operation>}, errors as {@code {"__type", "message"}}
 * with HTTP 400), so the real {@link SfnClient} drives it. It keeps executions by name like a Standard
 * workflow (same name and input: the same execution; same name, other input: {@code ExecutionAlreadyExists}),
 * answers task tokens once (a token already answered gets {@code TaskTimedOut}, as AWS does), records every
 * call, and can be told to fail StartExecution calls (a crash between storing an incident and starting it).
 */
public final class RecordingStepFunctionsServer implements AutoCloseable {

    public record StartCall(String stateMachineArn, String name, String input) {
    }

    public record Execution(String executionArn, String name, String input) {
    }

    public record TaskAnswer(String taskToken, boolean success, String output, String error) {
    }

    private static final Pattern EXECUTION_NAME = Pattern.compile("[0-9A-Za-z_-]{1,80}");
    private static final int MAX_INPUT_BYTES = 256 * 1024;

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(16);
    private final List<StartCall> startCalls = new ArrayList<>();
    private final Map<String, Execution> executions = new LinkedHashMap<>();
    private final List<TaskAnswer> taskAnswers = new ArrayList<>();
    private final Set<String> answeredTokens = new HashSet<>();
    private final Map<String, String> rejectedTokens = new HashMap<>();
    private int failingStarts;
    private int failingTaskAnswers;
    private Consumer<TaskAnswer> onTaskAnswer = answer -> { };

    private RecordingStepFunctionsServer(HttpServer server) {
        this.server = server;
    }

    public static RecordingStepFunctionsServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            RecordingStepFunctionsServer fake = new RecordingStepFunctionsServer(server);
            server.createContext("/", fake::handle);
            server.setExecutor(fake.threads);
            server.start();
            return fake;
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on 127.0.0.1", e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** A real SDK client for this server, with the dummy credentials it ignores. */
    public SfnClient client() {
        return SfnClient.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** The next {@code count} StartExecution calls answer HTTP 500 and start nothing (0 stops failing). */
    public synchronized void failStartExecutions(int count) {
        failingStarts = count;
    }

    /** The next {@code count} SendTaskSuccess/Failure calls answer HTTP 500 and answer nothing. */
    public synchronized void failTaskAnswers(int count) {
        failingTaskAnswers = count;
    }

    /** Answers for this token fail with {@code errorType}, e.g. {@code TaskTimedOut} or {@code InvalidToken}. */
    /** Runs {@code listener} for each accepted answer before the caller gets its reply, as the woken task would run. */
    public synchronized void onTaskAnswer(Consumer<TaskAnswer> listener) {
        this.onTaskAnswer = listener;
    }

    public synchronized void rejectToken(String taskToken, String errorType) {
        rejectedTokens.put(taskToken, errorType);
    }

    public synchronized List<StartCall> startCalls() {
        return List.copyOf(startCalls);
    }

    public synchronized List<Execution> executions() {
        return List.copyOf(executions.values());
    }

    public synchronized List<TaskAnswer> taskAnswers() {
        return List.copyOf(taskAnswers);
    }

    /** Forget everything recorded (tests sharing one server between scenarios). */
    public synchronized void reset() {
        startCalls.clear();
        executions.clear();
        taskAnswers.clear();
        answeredTokens.clear();
        rejectedTokens.clear();
        failingStarts = 0;
        failingTaskAnswers = 0;
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            JsonNode request = Json.mapper().readTree(exchange.getRequestBody().readAllBytes());
            String operation = target == null ? "" : target.substring(target.indexOf('.') + 1);
            Answer answer = switch (operation) {
                case "StartExecution" -> startExecution(request);
                case "SendTaskSuccess" -> answerTask(request, true);
                case "SendTaskFailure" -> answerTask(request, false);
                default -> Answer.error(400, "UnknownOperationException", "not recorded by this fake: " + target);
            };
            byte[] body = Json.write(answer.body()).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
            exchange.sendResponseHeaders(answer.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private synchronized Answer startExecution(JsonNode request) {
        String arn = request.path("stateMachineArn").asText();
        String name = request.path("name").asText();
        String input = request.path("input").asText("{}");
        startCalls.add(new StartCall(arn, name, input));
        if (failingStarts > 0) {
            failingStarts--;
            return Answer.error(500, "ServiceUnavailable", "injected failure");
        }
        if (!EXECUTION_NAME.matcher(name).matches()) {
            return Answer.error(400, "InvalidName", "invalid execution name: " + name);
        }
        if (input.getBytes(StandardCharsets.UTF_8).length > MAX_INPUT_BYTES) {
            return Answer.error(400, "InvalidExecutionInput", "input is larger than 256 KB");
        }
        try {
            Json.mapper().readTree(input);
        } catch (IOException e) {
            return Answer.error(400, "InvalidExecutionInput", "input is not JSON");
        }
        Execution existing = executions.get(name);
        if (existing != null && !existing.input().equals(input)) {
            return Answer.error(400, "ExecutionAlreadyExists", "Execution Already Exists: '" + existing.executionArn() + "'");
        }
        Execution execution = existing != null ? existing
                : new Execution(arn.replace(":stateMachine:", ":execution:") + ":" + name, name, input);
        executions.put(name, execution);
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("executionArn", execution.executionArn());
        body.put("startDate", System.currentTimeMillis() / 1000.0);
        return new Answer(200, body);
    }

    private synchronized Answer answerTask(JsonNode request, boolean success) {
        String token = request.path("taskToken").asText();
        if (failingTaskAnswers > 0) {
            failingTaskAnswers--;
            return Answer.error(500, "ServiceUnavailable", "injected failure");
        }
        if (rejectedTokens.containsKey(token)) {
            return Answer.error(400, rejectedTokens.get(token), "Task Timed Out: 'Provided task does not exist anymore'");
        }
        if (!answeredTokens.add(token)) {
            return Answer.error(400, "TaskTimedOut", "Task Timed Out: 'Provided task does not exist anymore'");
        }
        TaskAnswer answer = new TaskAnswer(token, success, success ? request.path("output").asText() : null,
                success ? null : request.path("error").asText(null));
        taskAnswers.add(answer);
        onTaskAnswer.accept(answer);
        return new Answer(200, Json.mapper().createObjectNode());
    }

    private record Answer(int status, JsonNode body) {
        static Answer error(int status, String type, String message) {
            ObjectNode body = Json.mapper().createObjectNode();
            body.put("__type", type);
            body.put("message", message);
            return new Answer(status, body);
        }
    }
}
