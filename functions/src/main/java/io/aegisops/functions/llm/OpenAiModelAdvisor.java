package io.aegisops.functions.llm;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.models.ResponseFormatJsonSchema;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.aegisops.contracts.Action;
import io.aegisops.contracts.Diagnosis;
import io.aegisops.contracts.logging.EventLog;
import io.aegisops.contracts.metrics.EmfMetrics;
import io.aegisops.contracts.metrics.Measurement;
import io.aegisops.contracts.metrics.Metrics;
import io.aegisops.contracts.metrics.ModelDiscard;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * Asks OpenAI-compatible chat-completions endpoints through openai-java, primary first, then the fallback;
 * the first valid answer wins. Each call has the hard timeout of the settings and no retry (the rules are
 * the retry). Any failure, late, malformed or out-of-enum answer is logged and discarded. Every call's latency,
 * and every answer discarded and why, is measured.
 */
public final class OpenAiModelAdvisor implements ModelAdvisor {

    private static final EventLog LOG = EventLog.of(OpenAiModelAdvisor.class);

    private record Client(ModelSettings.Endpoint endpoint, OpenAIClient client) {}

    private final List<Client> clients;
    private final Metrics metrics;

    /** Metrics as EMF log lines ({@link EmfMetrics#standard}). */
    public OpenAiModelAdvisor(ModelSettings settings) {
        this(settings, EmfMetrics.standard(Clock.systemUTC()));
    }

    public OpenAiModelAdvisor(ModelSettings settings, Metrics metrics) {
        List<Client> built = new ArrayList<>();
        for (ModelSettings.Endpoint endpoint : settings.endpoints()) {
            built.add(new Client(
                    endpoint,
                    OpenAIOkHttpClient.builder()
                            .baseUrl(endpoint.baseUrl())
                            .apiKey(endpoint.apiKey().isBlank() ? "none" : endpoint.apiKey())
                            .timeout(settings.timeout())
                            .maxRetries(0)
                            .build()));
        }
        this.clients = List.copyOf(built);
        this.metrics = metrics;
    }

    @Override
    public Optional<Diagnosis> advise(ModelRequest request) {
        List<Action> actions = List.copyOf(EnumSet.copyOf(request.actions()));
        ChatCompletionCreateParams.Builder params = ChatCompletionCreateParams.builder()
                .addSystemMessage(ModelPrompt.system())
                .addUserMessage(ModelPrompt.user(request))
                .temperature(0)
                .responseFormat(responseFormat(actions));
        for (Client c : clients) {
            long started = System.nanoTime();
            String baseUrl = c.endpoint().baseUrl();
            String model = c.endpoint().model();
            try {
                ChatCompletion completion = c.client()
                        .chat()
                        .completions()
                        .create(params.model(c.endpoint().model()).build());
                String content = completion.choices().isEmpty()
                        ? null
                        : completion.choices().getFirst().message().content().orElse(null);
                ModelReply.Result result = ModelReply.validate(
                        content, request.actions(), c.endpoint().model());
                long latencyMs = (System.nanoTime() - started) / 1_000_000;
                metrics.record(Measurement.modelLatency(latencyMs, request.service()));
                if (result.diagnosis().isPresent()) {
                    LOG.info("llm.answered", "baseUrl", baseUrl, "model", model, "latencyMs", latencyMs);
                    return result.diagnosis();
                }
                LOG.warn(
                        "llm.discarded",
                        "baseUrl",
                        baseUrl,
                        "model",
                        model,
                        "latencyMs",
                        latencyMs,
                        "rejected",
                        result.rejection());
                metrics.record(Measurement.modelDiscarded(result.discard(), request.service()));
            } catch (RuntimeException e) {
                long latencyMs = (System.nanoTime() - started) / 1_000_000;
                LOG.warn(
                        "llm.failed",
                        "baseUrl",
                        baseUrl,
                        "model",
                        model,
                        "latencyMs",
                        latencyMs,
                        "error",
                        e.getClass().getSimpleName());
                metrics.record(Measurement.modelLatency(latencyMs, request.service()));
                metrics.record(Measurement.modelDiscarded(ModelDiscard.NO_ANSWER, request.service()));
            }
        }
        return Optional.empty();
    }

    /** Releases the clients' connection pools and threads. */
    @Override
    public void close() {
        clients.forEach(c -> c.client().close());
    }

    private static ResponseFormatJsonSchema responseFormat(List<Action> actions) {
        ResponseFormatJsonSchema.JsonSchema.Schema.Builder schema =
                ResponseFormatJsonSchema.JsonSchema.Schema.builder();
        ModelPrompt.schema(actions).forEach((key, value) -> schema.putAdditionalProperty(key, JsonValue.from(value)));
        return ResponseFormatJsonSchema.builder()
                .jsonSchema(ResponseFormatJsonSchema.JsonSchema.builder()
                        .name(ModelPrompt.SCHEMA_NAME)
                        .strict(true)
                        .schema(schema.build())
                        .build())
                .build();
    }
}
