package io.aegisops.functions.config;

import java.util.Map;
import java.util.Optional;

/** Secrets held in a map that never changes: the environment (local runs and tests), or one read of a secret. */
public final class EnvSecretSource implements SecretSource {

    private final Map<String, String> env;

    public EnvSecretSource(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Override
    public Optional<String> get(String name) {
        return Optional.ofNullable(env.get(name)).filter(value -> !value.isBlank());
    }
}
