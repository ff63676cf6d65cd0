package io.aegisops.functions.config;

import com.fasterxml.jackson.core.type.TypeReference;
import io.aegisops.contracts.Json;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Secrets from one Secrets Manager secret holding a JSON object whose keys are the variable names, e.g.
 * {@code {"AEGIS_WEBHOOK_TOKENS": "t1,t2", "AEGIS_WEBHOOK_HMAC_SECRET": "s", "AEGIS_APPROVER_TOKENS": "alice:t"}}.
 * Read once, in the constructor (the function's init phase).
 */
public final class SecretsManagerSecretSource implements SecretSource {

    /** The ARN (or name) of the secret, set by the deployment. */
    public static final String SECRETS_ARN = "AEGIS_SECRETS_ARN";

    private final Map<String, String> values;

    public SecretsManagerSecretSource(SecretsManagerClient secrets, String secretArn) {
        String json = secrets.getSecretValue(b -> b.secretId(secretArn)).secretString();
        try {
            this.values = Map.copyOf(Json.mapper().readValue(json, new TypeReference<Map<String, String>>() {}));
        } catch (java.io.IOException | RuntimeException e) {
            // the secret's text is never part of the message
            throw new IllegalStateException("the secret " + secretArn + " is not a JSON object of strings");
        }
    }

    @Override
    public Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name)).filter(value -> !value.isBlank());
    }
}
