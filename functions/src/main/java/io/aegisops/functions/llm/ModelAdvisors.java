package io.aegisops.functions.llm;

import io.aegisops.contracts.Diagnosis;
import io.aegisops.contracts.metrics.Metrics;
import io.aegisops.functions.config.Refreshing;
import io.aegisops.functions.config.SecretSource;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Builds the model advisor a Diagnose function is configured with. The slim Lambda jar leaves the model client
 * (openai-java, Kotlin, OkHttp) out, so with a model configured it checks the client is there before touching
 * {@link OpenAiModelAdvisor}, and fails the cold start with what to deploy instead of a NoClassDefFoundError.
 */
public final class ModelAdvisors {

    /** A class of openai-java that {@link OpenAiModelAdvisor} needs. */
    static final String CLIENT_CLASS = "com.openai.client.okhttp.OpenAIOkHttpClient";

    private ModelAdvisors() {}

    /**
     * Empty when {@code settings} (the environment's, which names the models) configure none; the client is then
     * never loaded. Otherwise an advisor whose API keys are read from {@code secrets} on its first call and again
     * after every TTL ({@link Refreshing}): a rotated key applies without a deploy. Each call's latency and each
     * discarded answer go to {@code metrics}.
     */
    public static Optional<ModelAdvisor> fromEnvironment(
            Map<String, String> env, ModelSettings settings, SecretSource secrets, Clock clock, Metrics metrics) {
        if (!settings.configured()) {
            return Optional.empty();
        }
        requireClient(ModelAdvisors.class.getClassLoader());
        Refreshing<ModelSettings> withKeys = new Refreshing<>(
                "the model settings",
                () -> ModelSettings.fromEnv(secrets.current().overlay(env, ModelSettings.SECRETS)),
                clock,
                Refreshing.ttl(env));
        return Optional.of(new Rotating(withKeys, keyed -> new OpenAiModelAdvisor(keyed, metrics)));
    }

    /** Builds a new client only when the settings (a key) changed, not on every refresh of the secret. */
    static final class Rotating implements ModelAdvisor {

        private final Supplier<ModelSettings> settings;
        private final Function<ModelSettings, ModelAdvisor> build;
        private ModelSettings builtFrom;
        private ModelAdvisor advisor;

        Rotating(Supplier<ModelSettings> settings, Function<ModelSettings, ModelAdvisor> build) {
            this.settings = settings;
            this.build = build;
        }

        @Override
        public Optional<Diagnosis> advise(ModelRequest request) {
            return current().advise(request);
        }

        /** The keys are read after the restore, so no client of the configured models exists yet: a stand-in runs. */
        @Override
        public void prime(ModelRequest sample) throws IOException {
            LoopbackModel.prime(sample);
        }

        private synchronized ModelAdvisor current() {
            ModelSettings now = settings.get();
            if (!now.equals(builtFrom)) {
                if (advisor != null) {
                    advisor.close(); // a rotated key: the old client's connections and threads go with it
                }
                advisor = build.apply(now);
                builtFrom = now;
            }
            return advisor;
        }
    }

    /** @throws IllegalStateException naming the jar to deploy when {@code loader} cannot see the model client */
    static void requireClient(ClassLoader loader) {
        try {
            Class.forName(CLIENT_CLASS, false, loader);
        } catch (ClassNotFoundException | LinkageError absent) {
            throw new IllegalStateException(ModelSettings.MODEL + " is set but this jar has no model client;"
                    + " deploy aegis-functions-lambda-llm.jar for Diagnose (or unset " + ModelSettings.MODEL + ")");
        }
    }
}
