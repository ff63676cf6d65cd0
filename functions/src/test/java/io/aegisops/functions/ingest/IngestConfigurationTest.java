package io.aegisops.functions.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aegisops.functions.config.EnvSecretSource;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Settings and credentials from the environment: malformed secrets are refused by name, never echoed. */
class IngestConfigurationTest {

    private static Credentials credentials(Map<String, String> env) {
        return Credentials.from(new EnvSecretSource(env));
    }

    @Nested
    class Credentials_ {
        @Test
        void everyListedWebhookTokenIsAccepted() {
            Credentials credentials =
                    credentials(Map.of(Credentials.WEBHOOK_TOKENS, " first-token-0000001 , second-token-000002 ,"));

            assertThat(credentials.isWebhookToken("first-token-0000001")).isTrue();
            assertThat(credentials.isWebhookToken("second-token-000002")).isTrue();
            assertThat(credentials.isWebhookToken("first-token-000000")).isFalse();
            assertThat(credentials.isWebhookToken("")).isFalse();
        }

        @Test
        void approversAreKnownByTheirOwnToken() {
            Credentials credentials = credentials(
                    Map.of(Credentials.APPROVER_TOKENS, "alice:token-of-alice-0001,bob@example.com:token:with:colons"));

            assertThat(credentials.approverFor("token-of-alice-0001"))
                    .map(Approver::name)
                    .contains("alice");
            assertThat(credentials.approverFor("token:with:colons"))
                    .map(Approver::name)
                    .contains("bob@example.com");
            assertThat(credentials.approverFor("alice")).isEmpty();
            assertThat(credentials.isWebhookToken("token-of-alice-0001")).isFalse();
        }

        @Test
        void malformedSecretsAreRefusedWithoutShowingThem() {
            assertThatThrownBy(() -> credentials(Map.of(Credentials.WEBHOOK_TOKENS, "short")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(Credentials.WEBHOOK_TOKENS)
                    .hasMessageNotContaining("short,");
            assertThatThrownBy(() -> credentials(Map.of(Credentials.APPROVER_TOKENS, "no-name-here-at-all-000")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(Credentials.APPROVER_TOKENS)
                    .hasMessageNotContaining("no-name-here-at-all-000");
            assertThatThrownBy(() -> credentials(Map.of(Credentials.HMAC_SECRETS, "tiny")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageNotContaining("tiny");
        }

        @Test
        void itsTextShowsCountsAndNamesOnly() {
            Credentials credentials = credentials(Map.of(
                    Credentials.WEBHOOK_TOKENS,
                    "first-token-0000001",
                    Credentials.HMAC_SECRETS,
                    "hmac-secret-000000001",
                    Credentials.APPROVER_TOKENS,
                    "alice:token-of-alice-0001"));

            assertThat(credentials.toString())
                    .isEqualTo(
                            "Credentials[webhookTokens=1, hmacSecrets=1, approverTokens=1, approvers=[alice (approver) up to"
                                    + " CRITICAL], slackSigningSecrets=0]");
        }
    }

    @Nested
    class Settings {
        @Test
        void theStateMachineIsRequiredAndThePrefixDefaults() {
            assertThatThrownBy(() -> IngestSettings.load(Map.of(), new EnvSecretSource(Map.of())))
                    .hasMessageContaining(IngestSettings.STATE_MACHINE_ARN);

            IngestSettings settings = IngestSettings.load(
                    Map.of(IngestSettings.STATE_MACHINE_ARN, IngestStack.STATE_MACHINE), new EnvSecretSource(Map.of()));

            assertThat(settings.tablePrefix()).isEqualTo("aegis-");
            assertThat(settings.targets().targets()).isEmpty();
            assertThat(settings.maxAlertsPerRequest()).isEqualTo(50);
        }

        @Test
        void theAlertLimitIsASettingOfAtLeastOne() {
            Map<String, String> env = Map.of(
                    IngestSettings.STATE_MACHINE_ARN,
                    IngestStack.STATE_MACHINE,
                    IngestSettings.MAX_ALERTS_PER_REQUEST,
                    "5");
            assertThat(IngestSettings.load(env, new EnvSecretSource(Map.of())).maxAlertsPerRequest())
                    .isEqualTo(5);

            Map<String, String> zero = Map.of(
                    IngestSettings.STATE_MACHINE_ARN,
                    IngestStack.STATE_MACHINE,
                    IngestSettings.MAX_ALERTS_PER_REQUEST,
                    "0");
            assertThatThrownBy(() -> IngestSettings.load(zero, new EnvSecretSource(Map.of())))
                    .hasMessageContaining(IngestSettings.MAX_ALERTS_PER_REQUEST);
        }
    }
}
