package io.aegisops.functions.config;

import com.fasterxml.jackson.core.type.TypeReference;
import io.aegisops.contracts.Json;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Secrets from one Secrets Manager secret holding a JSON object whose keys are the variable names, e.g.
 * {@code {"AEGIS_WEBHOOK_TOKENS": "t1,t2", "AEGIS_WEBHOOK_HMAC_SECRET": "s", "AEGIS_APPROVER_TOKENS": "alice:t"}}.
 * Nothing is read at construction; each {@link #current()} reads the secret's current version.
 */
public final class SecretsManagerSecretSource implements SecretSource {

    /** The ARN (or name) of the secret, set by the deployment. */
    public static final String SECRETS_ARN = "AEGIS_SECRETS_ARN";

    private final SecretsManagerClient secrets;
    private final String secretArn;

    public SecretsManagerSecretSource(SecretsManagerClient secrets, String secretArn) {
        this.secrets = secrets;
        this.secretArn = secretArn;
    }

    /**
     * One read of the secret.
     *
     * @throws IllegalStateException naming the secret (never its text) when it is not a JSON object of strings
     */
    @Override
    public SecretSource current() {
        String json = secrets.getSecretValue(b -> b.secretId(secretArn)).secretString();
        try {
            return new EnvSecretSource(Json.mapper().readValue(json, new TypeReference<Map<String, String>>() {}));
        } catch (java.io.IOException | RuntimeException e) {
            // the secret's text is never part of the message
            throw new IllegalStateException("the secret " + secretArn + " is not a JSON object of strings");
        }
    }

    /** A fresh read of the whole secret for one name: to read several, take {@link #current()} once. */
    @Override
    public Optional<String> get(String name) {
        return current().get(name);
    }
}
