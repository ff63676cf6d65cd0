package io.aegisops.functions.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Unit: a function's settings take the named secrets from its secret source and nothing else. */
class SecretSourceTest {

    private final SecretSource secrets = new EnvSecretSource(Map.of(
            "AEGIS_SLACK_WEBHOOK_URL", "https://hooks.slack.example/services/T0/B0/secret",
            "OPENAI_API_KEY", " ",
            "UNRELATED", "from-the-secret"));

    @Test
    void namedSecretsFillInTheEnvironment() {
        Map<String, String> env = Map.of("AEGIS_TABLE_PREFIX", "aegis-", "UNRELATED", "from-the-environment");

        Map<String, String> settings = secrets.overlay(env, List.of("AEGIS_SLACK_WEBHOOK_URL", "OPENAI_API_KEY"));

        assertThat(settings)
                .containsEntry("AEGIS_SLACK_WEBHOOK_URL", "https://hooks.slack.example/services/T0/B0/secret")
                .containsEntry("AEGIS_TABLE_PREFIX", "aegis-")
                .containsEntry("UNRELATED", "from-the-environment")
                .doesNotContainKey("OPENAI_API_KEY");
    }

    @Test
    void withoutASecretsArnTheEnvironmentIsTheSource() {
        Map<String, String> env = Map.of("OPENAI_API_KEY", "sk-local");
        assertThat(SecretSource.fromEnvironment(env).get("OPENAI_API_KEY")).contains("sk-local");
    }
}
