package io.aegisops.functions.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisops.contracts.Json;
import io.aegisops.functions.config.Refreshing;
import io.aegisops.functions.config.SecretsManagerSecretSource;
import io.aegisops.functions.ingest.IngestStack.Response;
import io.aegisops.testsupport.DynamoDbExtension;
import io.aegisops.testsupport.LocalDynamoDb;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A webhook token rotated in Secrets Manager (served on loopback through the real SDK client) is accepted by the
 * ingest handler once the TTL has passed, without a new handler, and the old one is refused; an unreachable secret
 * neither stops the handler from being built nor, once read, from serving the last good tokens.
 */
@ExtendWith(DynamoDbExtension.class)
class SecretRotationHttpTest {

    private static final String OLD_TOKEN = "webhook-token-before-rotation-01";
    private static final String NEW_TOKEN = "webhook-token-after-rotation-002";
    private static final Duration TTL =
            Duration.ofSeconds(Refreshing.ttl(Map.of()).toSeconds());

    private final FakeSecretsManager secretsManager = new FakeSecretsManager(secretWith(OLD_TOKEN));
    private final IngestStack stack;

    SecretRotationHttpTest(LocalDynamoDb dynamo) {
        this.stack = new IngestStack(
                dynamo, new SecretsManagerSecretSource(secretsManager.client(), FakeSecretsManager.ARN));
        stack.clear();
    }

    @AfterEach
    void stop() {
        stack.close();
        secretsManager.close();
    }

    private static String secretWith(String webhookToken) {
        return Json.write(Map.of(Credentials.WEBHOOK_TOKENS, webhookToken));
    }

    private int postWith(String token) {
        Response response = stack.call(
                "POST",
                "/alerts",
                Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json"),
                Fixtures.text("alertmanager-firing.json"));
        return response.status();
    }

    @Nested
    class Rotation {
        @Test
        void theNewTokenIsAcceptedAndTheOldOneRefusedOnceTheTtlHasPassed() {
            assertThat(postWith(OLD_TOKEN)).isEqualTo(202);

            secretsManager.rotate(secretWith(NEW_TOKEN));
            stack.clock.advance(TTL.minusSeconds(1));
            assertThat(postWith(NEW_TOKEN)).isEqualTo(401);
            assertThat(postWith(OLD_TOKEN)).isEqualTo(202);

            stack.clock.advance(Duration.ofSeconds(1));
            assertThat(postWith(NEW_TOKEN)).isEqualTo(202);
            assertThat(postWith(OLD_TOKEN)).isEqualTo(401);
            assertThat(secretsManager.requestedIds()).hasSize(2);
        }

        @Test
        void bothTokensPassWhileTheSecretHoldsThemBoth() {
            assertThat(postWith(OLD_TOKEN)).isEqualTo(202);

            secretsManager.rotate(Json.write(Map.of(Credentials.WEBHOOK_TOKENS, OLD_TOKEN + "," + NEW_TOKEN)));
            stack.clock.advance(TTL);

            assertThat(postWith(OLD_TOKEN)).isEqualTo(202);
            assertThat(postWith(NEW_TOKEN)).isEqualTo(202);
        }
    }

    @Nested
    class Outage {
        @Test
        void theHandlerIsBuiltWithoutReadingTheSecret() {
            assertThat(secretsManager.requestedIds()).isEmpty();
        }

        @Test
        void anUnreadableSecretAtFirstUseFailsTheRequestAndTheNextReadRecovers() {
            secretsManager.refuseReads();
            assertThat(postWith(OLD_TOKEN)).as("a sender retries a 503").isEqualTo(503);

            secretsManager.rotate(secretWith(OLD_TOKEN));
            assertThat(postWith(OLD_TOKEN)).isEqualTo(202);
        }

        @Test
        void anUnreadableSecretLaterKeepsTheLastGoodTokens() {
            assertThat(postWith(OLD_TOKEN)).isEqualTo(202);

            secretsManager.refuseReads();
            stack.clock.advance(TTL);

            assertThat(postWith(OLD_TOKEN)).isEqualTo(202);
            assertThat(postWith(NEW_TOKEN)).isEqualTo(401);
            assertThat(secretsManager.requestedIds()).hasSize(2);
        }
    }
}
