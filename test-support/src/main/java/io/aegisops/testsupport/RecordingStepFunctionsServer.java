package io.aegisops.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * A stand-in for the AWS Step Functions API, for tests only (the service cannot run here; the project's own
 * engine is tested in {@code statemachine}). It speaks the real wire protocol, AWS JSON 1.0: {@code POST /} with
 * {@code X-Amz-Target: AWSStepFunctions.<Operation>}, a JSON body back, errors as {@code {"__type", "message"}}
 * with HTTP 400 like the service (500 for the failures a test injects), so the real {@link SfnClient} drives it
 * and maps the errors to its exceptions. It records every request it receives, accepted or not.
 *
 * <ul>
 *   <li>{@code StartExecution}: executions are kept by name like a Standard workflow's: the same name and input
 *       give the same execution; the same name with another input is {@code ExecutionAlreadyExists}; invalid
 *       names and inputs are refused as the service refuses them.</li>
 *   <li>{@code SendTaskSuccess | SendTaskFailure | SendTaskHeartbeat}: a token is valid once a task issued it
 *       ({@link #openTask()}, as a waitForTaskToken state would); answered once, or {@linkplain #timeOut timed
 *       out}, it is closed ({@code TaskTimedOut}); a token never issued is {@code InvalidToken}.</li>
 * </ul>
 */
public final class RecordingStepFunctionsServer implements AutoCloseable {

    public static final String START_EXECUTION = "StartExecution";
    public static final String SUCCESS = "SendTaskSuccess";
    public static final String FAILURE = "SendTaskFailure";
    public static final String HEARTBEAT = "SendTaskHeartbeat";

    /** One request: its operation, its fields, and the error it was answered with (null when accepted). */
    public record Call(String operation, JsonNode request, String rejectedWith, Instant at) {
        public boolean accepted() {
            return rejectedWith == null;
        }

        public boolean isAnswer() {
            return SUCCESS.equals(operation) || FAILURE.equals(operation);
        }

        public String taskToken() {
            return text(request, "taskToken");
        }

        public String output() {
            return text(request, "output");
        }

        public String error() {
            return text(request, "error");
        }

        public String cause() {
            return text(request, "cause");
        }
    }

    public record Execution(String executionArn, String name, String input) {}

    /** An accepted SendTaskSuccess ({@code output}) or SendTaskFailure ({@code error}). */
    public record TaskAnswer(String taskToken, boolean success, String output, String error) {}

    private enum Task {
        OPEN,
        ANSWERED,
        TIMED_OUT
    }

    private static final String PREFIX = "AWSStepFunctions.";
    private static final Pattern EXECUTION_NAME = Pattern.compile("[0-9A-Za-z_-]{1,80}");
    private static final int MAX_INPUT_BYTES = 256 * 1024;

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(16);
    private final List<Call> calls = new ArrayList<>();
    private final Map<String, Execution> executions = new LinkedHashMap<>();
    private final Map<String, Task> tasks = new HashMap<>();
    private int failingStarts;
    private int failingTaskAnswers;
    private Consumer<TaskAnswer> onTaskAnswer = answer -> {};
    private volatile Duration heartbeatDelay = Duration.ZERO;

    private RecordingStepFunctionsServer(HttpServer server) {
        this.server = server;
    }

    public static RecordingStepFunctionsServer start() {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            RecordingStepFunctionsServer recorder = new RecordingStepFunctionsServer(http);
            http.createContext("/", recorder::handle);
            http.setExecutor(recorder.threads);
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
        return LocalAws.sfn(endpoint());
    }

    /** A new token of a task that waits for an answer, as a waitForTaskToken state would issue it. */
    public String openTask() {
        return openTask("token-" + UUID.randomUUID());
    }

    /** Issues {@code token} itself, for a test that stores a token of its choosing where the pipeline would. */
    public synchronized String openTask(String token) {
        tasks.put(token, Task.OPEN);
        return token;
    }

    /** The task's timeout fired: from now on the token is answered TaskTimedOut. */
    public synchronized void timeOut(String token) {
        tasks.put(token, Task.TIMED_OUT);
    }

    /** Answers heartbeats only after {@code delay}: a slow control plane, to catch the agent between claim and action. */
    public void delayHeartbeats(Duration delay) {
        heartbeatDelay = delay;
    }

    /** The next {@code count} StartExecution calls answer HTTP 500 and start nothing (0 stops failing). */
    public synchronized void failStartExecutions(int count) {
        failingStarts = count;
    }

    /** The next {@code count} SendTaskSuccess/Failure calls answer HTTP 500 and answer nothing (0 stops failing). */
    public synchronized void failTaskAnswers(int count) {
        failingTaskAnswers = count;
    }

    /** Runs {@code listener} for each accepted answer before the caller gets its reply, as the woken task would run. */
    public synchronized void onTaskAnswer(Consumer<TaskAnswer> listener) {
        this.onTaskAnswer = listener;
    }

    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<Call> calls(String token) {
        return calls().stream().filter(c -> token.equals(c.taskToken())).toList();
    }

    /** The SendTaskSuccess / SendTaskFailure requests received for a token, accepted or not. */
    public List<Call> answers(String token) {
        return calls(token).stream().filter(Call::isAnswer).toList();
    }

    /** Every StartExecution request, accepted or not. */
    public List<Call> startCalls() {
        return calls().stream()
                .filter(c -> START_EXECUTION.equals(c.operation()))
                .toList();
    }

    public synchronized List<Execution> executions() {
        return List.copyOf(executions.values());
    }

    /** The accepted answers, in the order they arrived. */
    public List<TaskAnswer> taskAnswers() {
        return calls().stream()
                .filter(c -> c.isAnswer() && c.accepted())
                .map(RecordingStepFunctionsServer::taskAnswer)
                .toList();
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

    /** Forgets everything: calls, executions, tasks, injected failures and delays (tests sharing one server). */
    public synchronized void reset() {
        calls.clear();
        executions.clear();
        tasks.clear();
        failingStarts = 0;
        failingTaskAnswers = 0;
        onTaskAnswer = answer -> {};
        heartbeatDelay = Duration.ZERO;
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String operation = target != null && target.startsWith(PREFIX) ? target.substring(PREFIX.length()) : null;
            if (!"POST".equals(exchange.getRequestMethod()) || operation == null) {
                respond(
                        exchange,
                        Answer.error(
                                400,
                                "UnknownOperationException",
                                "expected POST with X-Amz-Target AWSStepFunctions.*"));
                return;
            }
            JsonNode request = Json.mapper().readTree(exchange.getRequestBody());
            if (HEARTBEAT.equals(operation) && !heartbeatDelay.isZero()) {
                pause(heartbeatDelay);
            }
            Answer answer = switch (operation) {
                case START_EXECUTION -> startExecution(request);
                case SUCCESS, FAILURE, HEARTBEAT -> answerTask(operation, request);
                default ->
                    record(
                            operation,
                            request,
                            Answer.error(400, "UnknownOperationException", "not served by this fake: " + target));
            };
            if (answer.accepted() && answer.call().isAnswer()) {
                Consumer<TaskAnswer> listener;
                synchronized (this) {
                    listener = onTaskAnswer;
                }
                listener.accept(taskAnswer(answer.call()));
            }
            respond(exchange, answer);
        }
    }

    private synchronized Answer startExecution(JsonNode request) {
        String arn = request.path("stateMachineArn").asText();
        String name = request.path("name").asText();
        String input = request.path("input").asText("{}");
        if (failingStarts > 0) {
            failingStarts--;
            return record(START_EXECUTION, request, Answer.error(500, "ServiceUnavailable", "injected failure"));
        }
        if (!EXECUTION_NAME.matcher(name).matches()) {
            return record(
                    START_EXECUTION, request, Answer.error(400, "InvalidName", "invalid execution name: " + name));
        }
        if (input.getBytes(StandardCharsets.UTF_8).length > MAX_INPUT_BYTES) {
            return record(
                    START_EXECUTION,
                    request,
                    Answer.error(400, "InvalidExecutionInput", "input is larger than 256 KB"));
        }
        try {
            Json.mapper().readTree(input);
        } catch (IOException e) {
            return record(START_EXECUTION, request, Answer.error(400, "InvalidExecutionInput", "input is not JSON"));
        }
        Execution existing = executions.get(name);
        if (existing != null && !existing.input().equals(input)) {
            return record(
                    START_EXECUTION,
                    request,
                    Answer.error(
                            400,
                            "ExecutionAlreadyExists",
                            "Execution Already Exists: '" + existing.executionArn() + "'"));
        }
        Execution execution = existing != null
                ? existing
                : new Execution(arn.replace(":stateMachine:", ":execution:") + ":" + name, name, input);
        executions.put(name, execution);
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("executionArn", execution.executionArn());
        body.put("startDate", System.currentTimeMillis() / 1000.0);
        return record(START_EXECUTION, request, new Answer(200, body, null));
    }

    private synchronized Answer answerTask(String operation, JsonNode request) {
        if (!HEARTBEAT.equals(operation) && failingTaskAnswers > 0) {
            failingTaskAnswers--;
            return record(operation, request, Answer.error(500, "ServiceUnavailable", "injected failure"));
        }
        String token = text(request, "taskToken");
        Task task = token == null ? null : tasks.get(token);
        if (task == null) {
            return record(operation, request, Answer.error(400, "InvalidToken", "Invalid Token: 'Invalid token'"));
        }
        if (task != Task.OPEN) {
            return record(
                    operation,
                    request,
                    Answer.error(400, "TaskTimedOut", "Task Timed Out: 'Provided task does not exist anymore'"));
        }
        if (SUCCESS.equals(operation) && !isJson(text(request, "output"))) {
            return record(
                    operation, request, Answer.error(400, "InvalidOutput", "Invalid Output: output is not valid JSON"));
        }
        if (!HEARTBEAT.equals(operation)) {
            tasks.put(token, Task.ANSWERED);
        }
        return record(operation, request, new Answer(200, Json.mapper().createObjectNode(), null));
    }

    /** Records the request with the answer it gets; the answer, now carrying its call. */
    private synchronized Answer record(String operation, JsonNode request, Answer answer) {
        Call call = new Call(
                operation,
                request,
                answer.status() == 200 ? null : answer.body().path("__type").asText(),
                Instant.now());
        calls.add(call);
        return new Answer(answer.status(), answer.body(), call);
    }

    private static TaskAnswer taskAnswer(Call call) {
        boolean success = SUCCESS.equals(call.operation());
        return new TaskAnswer(call.taskToken(), success, success ? call.output() : null, success ? null : call.error());
    }

    private static boolean isJson(String text) {
        try {
            Json.mapper().readTree(text);
            return true;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    private static void pause(Duration delay) {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body == null ? null : body.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static void respond(HttpExchange exchange, Answer answer) throws IOException {
        byte[] bytes = Json.write(answer.body()).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** What a request is answered with, and (once recorded) the call it answers. */
    private record Answer(int status, JsonNode body, Call call) {
        static Answer error(int status, String type, String message) {
            ObjectNode body = Json.mapper().createObjectNode();
            body.put("__type", type);
            body.put("message", message);
            return new Answer(status, body, null);
        }

        boolean accepted() {
            return status == 200;
        }
    }
}
