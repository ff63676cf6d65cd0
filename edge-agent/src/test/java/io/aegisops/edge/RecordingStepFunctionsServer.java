package io.aegisops.edge;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.aegisops.contracts.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * A stand-in for the Step Functions API's task-token operations, for tests only (the AWS service cannot
 * run here, and the project's local engine is a separate module). It speaks the real wire protocol, AWS
 * JSON 1.0: {@code POST /} with {@code X-Amz-Target: AWSStepFunctions.SendTaskSuccess | SendTaskFailure |
 * SendTaskHeartbeat}, answers {@code {}} on success and {@code {"__type": "TaskTimedOut" | "InvalidToken",
 * "message": ...}} with HTTP 400 like the service, so the real {@link SfnClient} drives it and maps its
 * errors to its exceptions. It records every request it receives.
 *
 * <p>Tokens are issued by {@link #openTask()}; a token answered once, or {@linkplain #timeOut timed out},
 * is closed (TaskTimedOut); a token never issued is InvalidToken.
 */
public final class RecordingStepFunctionsServer implements AutoCloseable {

    public static final String SUCCESS = "SendTaskSuccess";
    public static final String FAILURE = "SendTaskFailure";
    public static final String HEARTBEAT = "SendTaskHeartbeat";

    /** One request: the operation, its fields, and the error it was answered with (null when accepted). */
    public record Call(String operation, String taskToken, String output, String error, String cause,
                       String rejectedWith, Instant at) {
        public boolean accepted() {
            return rejectedWith == null;
        }

        public boolean isAnswer() {
            return SUCCESS.equals(operation) || FAILURE.equals(operation);
        }
    }

    private enum Task { OPEN, ANSWERED, TIMED_OUT }

    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, Task> tasks = new ConcurrentHashMap<>();
    private volatile Duration heartbeatDelay = Duration.ZERO;

    private RecordingStepFunctionsServer(HttpServer server) {
        this.server = server;
    }

    public static RecordingStepFunctionsServer start() {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            RecordingStepFunctionsServer recorder = new RecordingStepFunctionsServer(http);
            http.createContext("/", recorder::handle);
            http.start();
            return recorder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** A real SDK client pointed at this server, with the dummy credentials a local endpoint accepts. */
    public SfnClient client() {
        return SfnClient.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** A new token of a task that waits for an answer, as a waitForTaskToken state would issue it. */
    public String openTask() {
        String token = "token-" + UUID.randomUUID();
        tasks.put(token, Task.OPEN);
        return token;
    }

    /** The task's timeout fired: from now on the token is answered TaskTimedOut. */
    public void timeOut(String token) {
        tasks.put(token, Task.TIMED_OUT);
    }

    /** Answers heartbeats only after {@code delay}: a slow control plane, to catch the agent between claim and action. */
    public void delayHeartbeats(Duration delay) {
        heartbeatDelay = delay;
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<Call> calls(String token) {
        return calls.stream().filter(c -> token.equals(c.taskToken())).toList();
    }

    /** The SendTaskSuccess / SendTaskFailure requests received for a token, accepted or not. */
    public List<Call> answers(String token) {
        return calls(token).stream().filter(Call::isAnswer).toList();
    }

    /** Waits for the first accepted answer to a token. */
    public Call awaitAnswer(String token, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            for (Call call : answers(token)) {
                if (call.accepted()) {
                    return call;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no answer to task " + token + " within " + timeout + "; received: " + calls(token));
    }

    /** Waits until some request for the token (a heartbeat, an answer) has arrived. */
    public Call awaitCall(String token, String operation, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            for (Call call : calls(token)) {
                if (call.operation().equals(operation)) {
                    return call;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no " + operation + " for task " + token + " within " + timeout);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String operation = target != null && target.startsWith("AWSStepFunctions.")
                    ? target.substring("AWSStepFunctions.".length()) : null;
            if (!"POST".equals(exchange.getRequestMethod()) || operation == null) {
                respond(exchange, 400, error("UnknownOperationException", "expected POST with X-Amz-Target AWSStepFunctions.*"));
                return;
            }
            JsonNode body = Json.mapper().readTree(exchange.getRequestBody());
            if (HEARTBEAT.equals(operation) && !heartbeatDelay.isZero()) {
                pause(heartbeatDelay);
            }
            String token = text(body, "taskToken");
            String rejection = switch (operation) {
                case SUCCESS, FAILURE, HEARTBEAT -> check(operation, token, body);
                default -> "UnknownOperationException";
            };
            calls.add(new Call(operation, token, text(body, "output"), text(body, "error"), text(body, "cause"), rejection, Instant.now()));
            if (rejection != null) {
                respond(exchange, 400, error(rejection, message(rejection)));
                return;
            }
            if (!HEARTBEAT.equals(operation)) {
                tasks.put(token, Task.ANSWERED);
            }
            respond(exchange, 200, "{}");
        }
    }

    /** The error the service would answer with, or null when it accepts the request. */
    private String check(String operation, String token, JsonNode body) {
        Task task = token == null ? null : tasks.get(token);
        if (task == null) {
            return "InvalidToken";
        }
        if (task != Task.OPEN) {
            return "TaskTimedOut";
        }
        if (SUCCESS.equals(operation)) {
            try {
                Json.mapper().readTree(text(body, "output"));
            } catch (IOException | IllegalArgumentException e) {
                return "InvalidOutput";
            }
        }
        return null;
    }

    private static void pause(Duration delay) {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String message(String error) {
        return switch (error) {
            case "TaskTimedOut" -> "Task Timed Out: 'Provided task does not exist anymore'";
            case "InvalidToken" -> "Invalid Token: 'Invalid token'";
            case "InvalidOutput" -> "Invalid Output: output is not valid JSON";
            default -> error;
        };
    }

    private static String error(String type, String message) {
        return Json.write(Map.of("__type", type, "message", message));
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body == null ? null : body.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
