package io.aegisops.functions.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aegisops.contracts.Json;
import io.aegisops.functions.config.SecretSource;
import io.aegisops.functions.config.SecretsManagerSecretSource;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Secrets Manager source against the service's wire protocol on loopback, through the real SDK client. */
class SecretsManagerSecretSourceHttpTest {

    private static final String ARN = FakeSecretsManager.ARN;

    private FakeSecretsManager secretsManager;

    @AfterEach
    void stop() {
        secretsManager.close();
    }

    @Test
    void nothingIsReadUntilFirstUseThenOneReadGivesTheCredentials() {
        secretsManager = new FakeSecretsManager(Json.write(Map.of(
                Credentials.WEBHOOK_TOKENS,
                "webhook-token-0000001",
                Credentials.APPROVER_TOKENS,
                "alice:approver-token-0001")));

        SecretsManagerSecretSource source = new SecretsManagerSecretSource(secretsManager.client(), ARN);
        assertThat(secretsManager.requestedIds()).isEmpty();

        SecretSource current = source.current();
        Credentials credentials = Credentials.from(current);

        assertThat(secretsManager.requestedIds()).containsExactly(ARN);
        assertThat(credentials.isWebhookToken("webhook-token-0000001")).isTrue();
        assertThat(credentials.approverFor("approver-token-0001"))
                .map(Approver::name)
                .contains("alice");
        assertThat(current.get(Credentials.HMAC_SECRETS)).isEmpty();
    }

    @Test
    void eachReadSeesTheSecretsCurrentVersion() {
        secretsManager = new FakeSecretsManager(Json.write(Map.of(Credentials.WEBHOOK_TOKENS, "old-token-000000001")));
        SecretsManagerSecretSource source = new SecretsManagerSecretSource(secretsManager.client(), ARN);
        assertThat(source.current().get(Credentials.WEBHOOK_TOKENS)).contains("old-token-000000001");

        secretsManager.rotate(Json.write(Map.of(Credentials.WEBHOOK_TOKENS, "new-token-000000002")));

        assertThat(source.current().get(Credentials.WEBHOOK_TOKENS)).contains("new-token-000000002");
    }

    @Test
    void aSecretThatIsNotAJsonObjectIsRefusedWithoutShowingIt() {
        secretsManager = new FakeSecretsManager("plain-secret-text-0001");
        SecretsManagerSecretSource source = new SecretsManagerSecretSource(secretsManager.client(), ARN);

        assertThatThrownBy(source::current)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(ARN)
                .hasMessageNotContaining("plain-secret-text");
    }
}
