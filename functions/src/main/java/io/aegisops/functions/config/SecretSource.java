package io.aegisops.functions.config;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Where the functions' secrets come from, by the names of their environment variables
 * ({@code AEGIS_WEBHOOK_TOKENS}, {@code AEGIS_SLACK_WEBHOOK_URL}, {@code OPENAI_API_KEY}, ...):
 * the environment locally, a Secrets Manager secret on AWS. A secret can change while a function runs: read it
 * through {@link Refreshing}, which takes {@link #current()} once per TTL.
 */
public interface SecretSource {

    Optional<String> get(String name);

    /** The secrets as they are now, read once and then unchanging. A source that never changes is its own. */
    default SecretSource current() {
        return this;
    }

    /**
     * The secrets of a function's environment: the Secrets Manager secret named by {@code AEGIS_SECRETS_ARN}
     * when it is set (read on each {@link #current()}, never here), else the environment itself.
     */
    static SecretSource fromEnvironment(Map<String, String> env) {
        String arn = env.get(SecretsManagerSecretSource.SECRETS_ARN);
        if (arn == null || arn.isBlank()) {
            return new EnvSecretSource(env);
        }
        // kept for the function's life: the secret is read again after every TTL
        SecretsManagerClient secrets = SecretsManagerClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        return new SecretsManagerSecretSource(secrets, arn);
    }

    /** {@code env} with each of {@code names} that this source holds set to the secret's value. */
    default Map<String, String> overlay(Map<String, String> env, Collection<String> names) {
        Map<String, String> withSecrets = new HashMap<>(env);
        for (String name : names) {
            get(name).ifPresent(value -> withSecrets.put(name, value));
        }
        return withSecrets;
    }
}
