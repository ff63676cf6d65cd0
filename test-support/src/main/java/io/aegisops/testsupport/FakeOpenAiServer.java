package io.aegisops.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.aegisops.contracts.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A local stand-in for an OpenAI-compatible provider: {@code POST /v1/chat/completions} answered in the
 * chat-completions wire format, with whatever the test scripts (content, HTTP status, delay). It records
 * every request body so tests can see exactly what left AegisOps.
 */
public final class FakeOpenAiServer implements AutoCloseable {

    /** A valid answer for a leaking heap: RESTART at confidence 0.9. */
    public static final String RESTART_DIAGNOSIS = """
            {"rootCause": "heap exhausted", "action": "RESTART", "confidence": 0.9,
             "justification": "OOM", "evidence": []}""";

    /** How to answer one request: the assistant message's content, or an HTTP error, after a delay. */
    public record Reply(int status, String content, long delayMs) {
        public static Reply content(String content) {
            return new Reply(200, content, 0);
        }

        public static Reply status(int status) {
            return new Reply(status, null, 0);
        }

        public static Reply slow(String content, long delayMs) {
            return new Reply(200, content, delayMs);
        }
    }

    private final HttpServer server;
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private volatile Function<JsonNode, Reply> replies;

    public FakeOpenAiServer(Function<JsonNode, Reply> replies) throws IOException {
        this.replies = replies;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-openai");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/v1/chat/completions", exchange -> {
            try (exchange) {
                JsonNode request = Json.mapper().readTree(exchange.getRequestBody());
                requests.add(request);
                authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
                Reply reply = this.replies.apply(request);
                if (reply.delayMs() > 0) {
                    Thread.sleep(reply.delayMs());
                }
                byte[] body = (reply.status() == 200
                                ? completion(request.path("model").asText(), reply.content())
                                : "{\"error\":{\"message\":\"scripted failure\",\"type\":\"server_error\"}}")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(reply.status(), body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException clientGone) {
                // the client timed out and closed the connection: nothing to answer
            }
        });
        server.start();
    }

    public void answer(Function<JsonNode, Reply> replies) {
        this.replies = replies;
    }

    /** The base URL a client is configured with, as for OpenAI ({@code .../v1}). */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    public List<JsonNode> requests() {
        return List.copyOf(requests);
    }

    public List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    static String completion(String model, String content) {
        ObjectNode completion = Json.mapper().createObjectNode();
        completion.put("id", "chatcmpl-test");
        completion.put("object", "chat.completion");
        completion.put("created", 1_790_000_000L);
        completion.put("model", model);
        ObjectNode choice = completion.putArray("choices").addObject();
        choice.put("index", 0);
        choice.put("finish_reason", "stop");
        choice.putNull("logprobs");
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", content);
        message.putNull("refusal");
        ObjectNode usage = completion.putObject("usage");
        usage.put("prompt_tokens", 100);
        usage.put("completion_tokens", 20);
        usage.put("total_tokens", 120);
        return Json.write(completion);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
