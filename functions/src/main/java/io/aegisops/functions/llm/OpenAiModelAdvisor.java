package io.aegisops.functions.llm;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.models.ResponseFormatJsonSchema;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.aegisops.contracts.Action;
import io.aegisops.contracts.Diagnosis;
import io.aegisops.functions.pipeline.Log;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Asks OpenAI-compatible chat-completions endpoints through openai-java, primary first, then the fallback;
 * the first valid answer wins. Each call has the hard timeout of the settings and no retry (the rules are
 * the retry). Any failure, late, malformed or out-of-enum answer is logged and discarded.
 */
public final class OpenAiModelAdvisor implements ModelAdvisor {

    private record Client(ModelSettings.Endpoint endpoint, OpenAIClient client) {}

    private final List<Client> clients;

    public OpenAiModelAdvisor(ModelSettings settings) {
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
            Map<String, Object> log = new LinkedHashMap<>();
            log.put("baseUrl", c.endpoint().baseUrl());
            log.put("model", c.endpoint().model());
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
                log.put("latencyMs", (System.nanoTime() - started) / 1_000_000);
                if (result.diagnosis().isPresent()) {
                    Log.info("llm.answered", log);
                    return result.diagnosis();
                }
                log.put("rejected", result.rejection());
                Log.warn("llm.discarded", log);
            } catch (RuntimeException e) {
                log.put("latencyMs", (System.nanoTime() - started) / 1_000_000);
                log.put("error", e.getClass().getSimpleName());
                Log.warn("llm.failed", log);
            }
        }
        return Optional.empty();
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
