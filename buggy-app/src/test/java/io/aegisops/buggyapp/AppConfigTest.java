package io.aegisops.buggyapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Unit: configuration from the environment. */
class AppConfigTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        AppConfig config = AppConfig.fromEnvironment(Map.of());

        assertThat(config.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(8081);
        assertThat(config.serviceName()).isEqualTo("buggy-app");
        assertThat(config.containerName()).as("defaults to the service name").isEqualTo("buggy-app");
        assertThat(config.selfTrafficPerSecond()).isEqualTo(2.0);
        assertThat(config.badRelease())
                .as("the good release unless the image says otherwise")
                .isFalse();
        assertThat(config.thresholds().heapRatio()).isEqualTo(0.85);
        assertThat(config.thresholds().heapFor()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.thresholds().cpuRatio()).isEqualTo(0.80);
        assertThat(config.thresholds().cpuFor()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.thresholds().latencyP95Millis()).isEqualTo(1000);
        assertThat(config.thresholds().pollInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.webhook().url())
                .as("no webhook: alerts are only logged")
                .isNull();
        assertThat(config.webhook().queueCapacity()).isEqualTo(100);
    }

    @Test
    void everySettingComesFromItsVariable() {
        AppConfig config = AppConfig.fromEnvironment(Map.ofEntries(
                Map.entry("PORT", "9000"),
                Map.entry("BIND_ADDRESS", "0.0.0.0"),
                Map.entry("SERVICE_NAME", "orders"),
                Map.entry("CONTAINER_NAME", "orders-1"),
                Map.entry("AEGIS_WEBHOOK_URL", "https://aegis.example/alerts"),
                Map.entry("MONITOR_INTERVAL_MS", "250"),
                Map.entry("MONITOR_HEAP_RATIO", "0.9"),
                Map.entry("MONITOR_CPU_FOR_SECONDS", "30"),
                Map.entry("MONITOR_ERROR_RATE", "0.2"),
                Map.entry("WEBHOOK_GIVE_UP_SECONDS", "60"),
                Map.entry("SELF_TRAFFIC_PER_SECOND", "0")));

        assertThat(config.port()).isEqualTo(9000);
        assertThat(config.bindAddress()).isEqualTo("0.0.0.0");
        assertThat(config.containerName()).isEqualTo("orders-1");
        assertThat(config.webhook().url()).isEqualTo(URI.create("https://aegis.example/alerts"));
        assertThat(config.thresholds().pollInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.thresholds().heapRatio()).isEqualTo(0.9);
        assertThat(config.thresholds().cpuFor()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.thresholds().errorRate()).isEqualTo(0.2);
        assertThat(config.webhook().giveUpAfter()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.selfTrafficPerSecond()).isZero();
    }

    @Test
    void aMalformedValueIsRefusedWithTheVariableNamed() {
        assertThatThrownBy(() -> AppConfig.fromEnvironment(Map.of("BUGGY_APP_RELEASE", "worse")))
                .hasMessage("BUGGY_APP_RELEASE must be good or bad, got 'worse'");
        assertThatThrownBy(() -> AppConfig.fromEnvironment(Map.of("PORT", "eighty")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("PORT must be a whole number, got 'eighty'");
        assertThatThrownBy(() -> AppConfig.fromEnvironment(Map.of("MONITOR_HEAP_RATIO", "85")))
                .hasMessage("MONITOR_HEAP_RATIO must be between 0 and 1, got 85");
        assertThatThrownBy(() -> AppConfig.fromEnvironment(Map.of("MONITOR_CPU_RATIO", "0")))
                .hasMessageContaining("MONITOR_CPU_RATIO must be above 0");
    }

    @Test
    void secretsNeverShowInMessagesOrToString() {
        assertThatThrownBy(() -> AppConfig.fromEnvironment(Map.of("AEGIS_WEBHOOK_URL", "ftp://user:hunter2@host/")))
                .hasMessage("AEGIS_WEBHOOK_URL must be an http(s) URL with a host");

        AppConfig config = AppConfig.fromEnvironment(Map.of(
                "AEGIS_WEBHOOK_URL",
                "https://user:pw-in-url@aegis.example:8443/alerts?key=query-secret",
                "AEGIS_WEBHOOK_TOKEN",
                "token-value",
                "AEGIS_WEBHOOK_HMAC_SECRET",
                "hmac-value"));

        assertThat(config.toString()).doesNotContain("token-value", "hmac-value", "pw-in-url", "query-secret");
        assertThat(config.webhook().redactedUrl()).isEqualTo("https://aegis.example:8443/alerts");
    }
}
