package io.aegisops.functions.config;

import java.util.Map;
import java.util.Optional;

/** Secrets from environment variables: for local runs and tests. */
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
