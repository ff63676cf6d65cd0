package io.aegisops.functions.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aegisops.functions.llm.ModelSettings;
import io.aegisops.functions.policy.PolicySettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

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
            PipelineSettings s = PipelineSettings.fromEnv(Map.of("AEGIS_RUNBOOK_MIN_SUCCESSES", "1", "AEGIS_SHADOW_MODE", "true",
                    "AEGIS_RESTART_COOLDOWN_SECONDS", "0", "AEGIS_AUTO_CONFIDENCE", "0.9"));
            assertThat(s.runbookMinSuccesses()).isEqualTo(1);
            assertThat(s.policy().shadowMode()).isTrue();
            assertThat(s.policy().cooldown()).isEqualTo(Duration.ZERO);
            assertThat(s.policy().autoConfidence()).isEqualTo(0.9);
        }

        @Test
        void aBadValueNamesItsVariable() {
            assertThatThrownBy(() -> PipelineSettings.fromEnv(Map.of("AEGIS_PROBE_ATTEMPTS", "many")))
                    .hasMessageContaining("AEGIS_PROBE_ATTEMPTS");
            assertThatThrownBy(() -> PipelineSettings.fromEnv(Map.of("AEGIS_MIN_CONFIDENCE", "0.95")))
                    .hasMessageContaining("AEGIS_MIN_CONFIDENCE");
        }
    }

    @Nested
    class Model {
        @Test
        void noModelNameMeansNoModel() {
            assertThat(ModelSettings.fromEnv(Map.of("OPENAI_API_KEY", "sk-x")).configured()).isFalse();
        }

        @Test
        void primaryThenFallbackWithTheHardTimeout() {
            ModelSettings s = ModelSettings.fromEnv(Map.of("OPENAI_MODEL", "gpt-4o-mini", "OPENAI_API_KEY", "sk-secret",
                    "OPENAI_FALLBACK_BASE_URL", "http://127.0.0.1:11434/v1", "OPENAI_FALLBACK_MODEL", "llama3.1",
                    "AEGIS_LLM_TIMEOUT_MS", "2500"));
            assertThat(s.endpoints()).extracting(ModelSettings.Endpoint::model).containsExactly("gpt-4o-mini", "llama3.1");
            assertThat(s.endpoints().getFirst().baseUrl()).isEqualTo("https://api.openai.com/v1");
            assertThat(s.endpoints().get(1).apiKey()).isEmpty();
            assertThat(s.timeout()).isEqualTo(Duration.ofMillis(2500));
            assertThat(s.endpoints().getFirst().toString()).doesNotContain("sk-secret");
        }
    }
}
