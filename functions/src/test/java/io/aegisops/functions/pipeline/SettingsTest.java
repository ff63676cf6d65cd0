package io.aegisops.functions.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aegisops.functions.llm.ModelSettings;
import io.aegisops.functions.policy.PolicySettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Unit: settings come from the environment with documented defaults, and a bad value names its variable. */
class SettingsTest {

    @Nested
    class Pipeline {
        @Test
        void defaultsApplyWhenNothingIsSet() {
            PipelineSettings s = PipelineSettings.fromEnv(Map.of());
            assertThat(s.tablePrefix()).isEqualTo("aegis-");
            assertThat(s.runbookMinSuccesses()).isEqualTo(2);
            assertThat(s.policy()).isEqualTo(PolicySettings.DEFAULTS);
            assertThat(s.targets().targets()).isEmpty();
        }

        @Test
        void valuesAreRead() {
            PipelineSettings s = PipelineSettings.fromEnv(Map.of(
                    "AEGIS_RUNBOOK_MIN_SUCCESSES",
                    "1",
                    "AEGIS_SHADOW_MODE",
                    "true",
                    "AEGIS_RESTART_COOLDOWN_SECONDS",
                    "0",
                    "AEGIS_AUTO_CONFIDENCE",
                    "0.9"));
            assertThat(s.runbookMinSuccesses()).isEqualTo(1);
            assertThat(s.policy().shadowMode()).isTrue();
            assertThat(s.policy().cooldown()).isEqualTo(Duration.ZERO);
            assertThat(s.policy().autoConfidence()).isEqualTo(0.9);
        }

        @Test
        void aBadValueNamesItsVariable() {
            assertThatThrownBy(() -> PipelineSettings.fromEnv(Map.of("AEGIS_PROBE_ATTEMPTS", "many")))
                    .hasMessageContaining("AEGIS_PROBE_ATTEMPTS");
            assertThatThrownBy(() -> PipelineSettings.fromEnv(Map.of("AEGIS_PROBE_ATTEMPTS", "0")))
                    .hasMessageContaining("AEGIS_PROBE_ATTEMPTS");
            assertThatThrownBy(() -> PipelineSettings.fromEnv(Map.of("AEGIS_MIN_CONFIDENCE", "0.95")))
                    .hasMessageContaining("AEGIS_MIN_CONFIDENCE");
        }

        /** Anything but true/false must not silently mean "real restarts". */
        @ParameterizedTest
        @ValueSource(strings = {"1", "yes", "on", "Y", "enabled", "ture"})
        void shadowModeAcceptsOnlyTrueOrFalse(String value) {
            assertThatThrownBy(() -> PipelineSettings.fromEnv(Map.of("AEGIS_SHADOW_MODE", value)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("AEGIS_SHADOW_MODE must be true or false, was '" + value + "'");
        }

        @ParameterizedTest
        @ValueSource(strings = {"TRUE", "True", " true "})
        void shadowModeIgnoresCase(String value) {
            assertThat(PipelineSettings.fromEnv(Map.of("AEGIS_SHADOW_MODE", value))
                            .policy()
                            .shadowMode())
                    .isTrue();
        }

        @ParameterizedTest
        @CsvSource({
            "AEGIS_AUTO_CONFIDENCE, high",
            "AEGIS_AUTO_CONFIDENCE, NaN",
            "AEGIS_MIN_CONFIDENCE, Infinity",
            "AEGIS_RESTART_COOLDOWN_SECONDS, 1.5",
            "AEGIS_RESTART_COOLDOWN_SECONDS, -5",
            "AEGIS_RUNBOOK_MIN_SUCCESSES, two",
            "AEGIS_EVIDENCE_LOG_LINES, -1",
            "AEGIS_RESTART_STOP_TIMEOUT_SECONDS, 10s"
        })
        void anInvalidNumberNamesItsVariable(String variable, String value) {
            assertThatThrownBy(() -> PipelineSettings.fromEnv(Map.of(variable, value)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(variable);
        }

        @Test
        void aCooldownLongerThanATargetsBudgetWindowIsRefused() {
            String targets = "{\"targets\": [{\"service\": \"svc\", \"hostId\": \"h\", \"container\": \"c\","
                    + " \"restartBudget\": {\"max\": 3, \"windowMinutes\": 10}}]}";
            assertThatThrownBy(() -> PipelineSettings.fromEnv(
                            Map.of("AEGIS_TARGETS", targets, "AEGIS_RESTART_COOLDOWN_SECONDS", "601")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("AEGIS_RESTART_COOLDOWN_SECONDS=601")
                    .hasMessageContaining("svc (10 min)");
            assertThat(PipelineSettings.fromEnv(
                                    Map.of("AEGIS_TARGETS", targets, "AEGIS_RESTART_COOLDOWN_SECONDS", "600"))
                            .policy()
                            .cooldown())
                    .isEqualTo(Duration.ofMinutes(10));
        }

        /** Learn, Notify and RequestApproval read only this, so a broken inventory cannot stop an incident closing. */
        @Test
        void theTablePrefixIsReadWithoutTheRest() {
            Map<String, String> broken =
                    Map.of("AEGIS_TABLE_PREFIX", "prod-", "AEGIS_TARGETS", "{not json", "AEGIS_SHADOW_MODE", "yes");
            assertThat(PipelineSettings.tablePrefix(broken)).isEqualTo("prod-");
            assertThat(PipelineSettings.tablePrefix(Map.of())).isEqualTo("aegis-");
        }
    }

    @Nested
    class Notifications {
        @Test
        void aWebhookUrlThatIsNotAnHttpUrlNamesItsVariableButNotItsValue() {
            assertThatThrownBy(() -> io.aegisops.functions.notify.Notifiers.fromEnv(
                            Map.of("AEGIS_SLACK_WEBHOOK_URL", "hooks.slack.com/services/T0/B0/secret")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("AEGIS_SLACK_WEBHOOK_URL")
                    .hasMessageNotContaining("secret");
        }
    }

    @Nested
    class Model {
        @Test
        void noModelNameMeansNoModel() {
            assertThat(ModelSettings.fromEnv(Map.of("OPENAI_API_KEY", "sk-x")).configured())
                    .isFalse();
        }

        @Test
        void primaryThenFallbackWithTheHardTimeout() {
            ModelSettings s = ModelSettings.fromEnv(Map.of(
                    "OPENAI_MODEL",
                    "gpt-4o-mini",
                    "OPENAI_API_KEY",
                    "sk-secret",
                    "OPENAI_FALLBACK_BASE_URL",
                    "http://127.0.0.1:11434/v1",
                    "OPENAI_FALLBACK_MODEL",
                    "llama3.1",
                    "AEGIS_LLM_TIMEOUT_MS",
                    "2500"));
            assertThat(s.endpoints())
                    .extracting(ModelSettings.Endpoint::model)
                    .containsExactly("gpt-4o-mini", "llama3.1");
            assertThat(s.endpoints().getFirst().baseUrl()).isEqualTo("https://api.openai.com/v1");
            assertThat(s.endpoints().get(1).apiKey()).isEmpty();
            assertThat(s.timeout()).isEqualTo(Duration.ofMillis(2500));
            assertThat(s.endpoints().getFirst().toString()).doesNotContain("sk-secret");
        }

        @Test
        void aTimeoutThatIsNotAPositiveWholeNumberNamesItsVariable() {
            assertThatThrownBy(() -> ModelSettings.fromEnv(Map.of("AEGIS_LLM_TIMEOUT_MS", "0")))
                    .hasMessageContaining("AEGIS_LLM_TIMEOUT_MS");
        }
    }
}
