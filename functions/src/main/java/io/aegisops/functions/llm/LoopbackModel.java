package io.aegisops.functions.llm;

import com.sun.net.httpserver.HttpServer;
import io.aegisops.contracts.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A chat-completions endpoint on the loopback interface that answers every request with one valid diagnosis, for
 * priming: {@link #prime} sends one real request through {@link OpenAiModelAdvisor} to it, so a restored snapshot's
 * first model call finds openai-java, OkHttp and Kotlin loaded and their paths run. Nothing leaves the process,
 * no configured model or key is used, and the stand-in's calls are not measured.
 */
final class LoopbackModel {

    static final String API_KEY = "priming";
    static final String MODEL = "priming";

    private LoopbackModel() {}

    /** @throws IllegalStateException when the advisor did not accept the stand-in's valid answer */
    static void prime(ModelRequest sample) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = completion(sample).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        String baseUrl = "http://" + server.getAddress().getHostString() + ":"
                + server.getAddress().getPort() + "/v1";
        ModelSettings settings = new ModelSettings(
                List.of(new ModelSettings.Endpoint(baseUrl, API_KEY, MODEL)), Duration.ofSeconds(10), 0);
        try (OpenAiModelAdvisor advisor = new OpenAiModelAdvisor(settings, measurement -> {})) {
            if (advisor.advise(sample).isEmpty()) {
                throw new IllegalStateException("the model client did not accept the loopback model's answer");
            }
        } finally {
            server.stop(0);
        }
    }

    /** A chat completion whose content is a diagnosis {@link ModelReply} accepts for {@code sample}. */
    static String completion(ModelRequest sample) {
        String diagnosis = Json.write(Map.of(
                "rootCause",
                "priming",
                "action",
                sample.actions().iterator().next().name(),
                "confidence",
                0.5,
                "justification",
                "priming",
                "evidence",
                List.of()));
        return Json.write(Map.of(
                "id",
                "chatcmpl-priming",
                "object",
                "chat.completion",
                "created",
                0,
                "model",
                MODEL,
                "choices",
                List.of(Map.of(
                        "index",
                        0,
                        "finish_reason",
                        "stop",
                        "message",
                        Map.of("role", "assistant", "content", diagnosis)))));
    }
}
