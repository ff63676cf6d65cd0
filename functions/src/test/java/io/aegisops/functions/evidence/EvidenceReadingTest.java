package io.aegisops.functions.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisops.contracts.Evidence;
import io.aegisops.contracts.Json;
import io.aegisops.functions.pipeline.Events;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Unit: whatever CollectEvidence left in the state document reads as evidence or as "no evidence". */
class EvidenceReadingTest {

    static final Instant NOW = Instant.parse("2026-11-21T03:15:00Z");

    @Test
    void anInspectResultIsEvidence() throws Exception {
        var node = Json.mapper().readTree(Events.load("inspect-result.json", Map.of("incidentId", "inc-1")));
        Evidence e = EvidenceReading.from(node, NOW);
        assertThat(e.available()).isTrue();
        assertThat(e.container().health()).isEqualTo("unhealthy");
        assertThat(e.logs()).contains("OutOfMemoryError");
        assertThat(e.collectedAt()).isEqualTo(NOW);
    }

    @Test
    void aCaughtTimeoutIsNoEvidence() throws Exception {
        Evidence e = EvidenceReading.from(
                Json.mapper().readTree(Events.load("evidence-caught-timeout.json", Map.of())), NOW);
        assertThat(e.available()).isFalse();
        assertThat(e.note()).contains("States.Timeout");
    }

    @Test
    void theCatchsOwnUnavailableMarkerIsNoEvidence() throws Exception {
        Evidence e =
                EvidenceReading.from(Json.mapper().readTree("{\"available\": false, \"note\": \"agent down\"}"), NOW);
        assertThat(e.available()).isFalse();
        assertThat(e.note()).isEqualTo("agent down");
    }

    @Test
    void aFailedInspectionOrNothingAtAllIsNoEvidence() throws Exception {
        var failed = Json.mapper()
                .readTree(
                        "{\"type\": \"INSPECT\", \"success\": false, \"message\": \"no such container\", \"dryRun\": false, \"durationMs\": 1}");
        assertThat(EvidenceReading.from(failed, NOW).available()).isFalse();
        assertThat(EvidenceReading.from(null, NOW).available()).isFalse();
    }
}
