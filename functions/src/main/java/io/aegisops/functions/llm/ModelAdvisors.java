package io.aegisops.functions.llm;

import java.util.Optional;

/**
 * Builds the model advisor a Diagnose function is configured with. The slim Lambda jar leaves the model client
 * (openai-java, Kotlin, OkHttp) out, so with a model configured it checks the client is there before touching
 * {@link OpenAiModelAdvisor}, and fails the cold start with what to deploy instead of a NoClassDefFoundError.
 */
public final class ModelAdvisors {

    /** A class of openai-java that {@link OpenAiModelAdvisor} needs. */
    static final String CLIENT_CLASS = "com.openai.client.okhttp.OpenAIOkHttpClient";

    private ModelAdvisors() {}

    /** Empty when no model is configured (the client is then never loaded). */
    public static Optional<ModelAdvisor> fromSettings(ModelSettings settings) {
        if (!settings.configured()) {
            return Optional.empty();
        }
        requireClient(ModelAdvisors.class.getClassLoader());
        return Optional.of(new OpenAiModelAdvisor(settings));
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
