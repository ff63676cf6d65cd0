package io.aegisops.functions.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.contracts.Action;
import io.aegisops.contracts.ContainerState;
import io.aegisops.contracts.HealthReading;
import io.aegisops.contracts.Json;
import io.aegisops.contracts.ResourceUsage;
import io.aegisops.contracts.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** Unit: the incident document a model reads. */
class ModelPromptTest {

    static final Instant STARTED = Instant.parse("2026-11-21T03:00:00Z");

    static ModelRequest request(ContainerState container, Duration uptime) {
        return new ModelRequest(
                "buggy-app",
                "HighErrorRate",
                Severity.HIGH,
                "5xx above 5%",
                Instant.parse("2026-11-21T03:12:45Z"),
                container,
                uptime,
                "ERROR request failed",
                EnumSet.allOf(Action.class));
    }

    static JsonNode user(ModelRequest request) throws Exception {
        return Json.mapper().readTree(ModelPrompt.user(request));
    }

    @Test
    void showsTheProbeTheResourcesAgainstTheirLimitsTheUptimeAndWhenTheAlertBegan() throws Exception {
        ContainerState container = new ContainerState(
                "running",
                null,
                false,
                2,
                null,
                STARTED,
                new HealthReading("http://127.0.0.1:8080/health", 503, 31L, null),
                new ResourceUsage(900L << 20, 1000L << 20, 1.5, 2.0),
                null);

        JsonNode incident = user(request(container, Duration.ofMinutes(15)));

        assertThat(incident.at("/alertStartsAt").asText()).isEqualTo("2026-11-21T03:12:45Z");
        assertThat(incident.at("/container/startedAt").asText()).isEqualTo("2026-11-21T03:00:00Z");
        assertThat(incident.at("/container/uptimeSeconds").asLong()).isEqualTo(900);
        assertThat(incident.at("/container/healthProbe/httpStatus").asInt()).isEqualTo(503);
        assertThat(incident.at("/container/healthProbe/latencyMillis").asLong()).isEqualTo(31);
        assertThat(incident.at("/container/resources/memoryShareOfLimit").asDouble())
                .isEqualTo(0.9);
        assertThat(incident.at("/container/resources/cpuShareOfQuota").asDouble())
                .isEqualTo(0.75);
    }

    @Test
    void withoutLimitsNoShareAndWithoutEvidenceNoContainer() throws Exception {
        ContainerState unlimited = new ContainerState(
                "exited", 1, false, 2, null, STARTED, null, new ResourceUsage(1L << 30, null, null, null), null);

        JsonNode incident = user(request(unlimited, null));

        assertThat(incident.at("/container/resources/memoryBytes").asLong()).isEqualTo(1L << 30);
        assertThat(incident.at("/container/resources").has("memoryShareOfLimit"))
                .isFalse();
        assertThat(incident.at("/container").has("uptimeSeconds")).isFalse();
        assertThat(user(request(null, null)).get("container").isNull()).isTrue();
    }

    @Test
    void theSystemMessageSaysWhatTheEvidenceHolds() {
        assertThat(ModelPrompt.system())
                .contains("the agent's probe of its health URL")
                .contains("memory and CPU")
                .contains("began before the container's");
    }
}
