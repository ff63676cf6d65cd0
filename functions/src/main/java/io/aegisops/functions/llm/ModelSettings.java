package io.aegisops.functions.llm;

import io.aegisops.functions.config.Env;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The OpenAI-compatible endpoints to ask, in order (primary, then fallback), the hard timeout of each call,
 * and how much of the logs a model may see. No endpoint configured means no model: Diagnose goes from the
 * runbook straight to the rules, and the client library is never loaded.
 */
public record ModelSettings(List<Endpoint> endpoints, Duration timeout, int maxLogChars) {

    /** One OpenAI-compatible chat-completions endpoint. The key is never logged. */
    public record Endpoint(String baseUrl, String apiKey, String model) {
        @Override
        public String toString() {
            return "Endpoint[" + baseUrl + ", model=" + model + "]";
        }
    }

    public static final String BASE_URL = "OPENAI_BASE_URL";
    public static final String API_KEY = "OPENAI_API_KEY";
    public static final String MODEL = "OPENAI_MODEL";
    public static final String FALLBACK_BASE_URL = "OPENAI_FALLBACK_BASE_URL";
    public static final String FALLBACK_API_KEY = "OPENAI_FALLBACK_API_KEY";
    public static final String FALLBACK_MODEL = "OPENAI_FALLBACK_MODEL";
    public static final String TIMEOUT_MS = "AEGIS_LLM_TIMEOUT_MS";
    /** The settings that are secrets: read from Secrets Manager on AWS. */
    public static final List<String> SECRETS = List.of(API_KEY, FALLBACK_API_KEY);

    public static final String MAX_LOG_CHARS = "AEGIS_LLM_MAX_LOG_CHARS";

    public ModelSettings {
        endpoints = List.copyOf(endpoints);
    }

    public boolean configured() {
        return !endpoints.isEmpty();
    }

    /**
     * An endpoint is configured by its model name; the base URL defaults to OpenAI's and the key may be
     * empty (local servers such as Ollama need none).
     */
    public static ModelSettings fromEnv(Map<String, String> env) {
        List<Endpoint> endpoints = new ArrayList<>();
        endpoint(env, BASE_URL, API_KEY, MODEL).ifPresent(endpoints::add);
        endpoint(env, FALLBACK_BASE_URL, FALLBACK_API_KEY, FALLBACK_MODEL).ifPresent(endpoints::add);
        return new ModelSettings(
                endpoints,
                Duration.ofMillis(Env.wholeNumber(env, TIMEOUT_MS, 8_000, 1)),
                Env.wholeNumber(env, MAX_LOG_CHARS, 4_000, 1));
    }

    private static Optional<Endpoint> endpoint(Map<String, String> env, String url, String key, String model) {
        String name = Env.text(env, model);
        if (name == null) {
            return Optional.empty();
        }
        String baseUrl = Env.text(env, url);
        String apiKey = Env.text(env, key);
        return Optional.of(new Endpoint(
                baseUrl == null ? "https://api.openai.com/v1" : baseUrl, apiKey == null ? "" : apiKey, name));
    }
}
