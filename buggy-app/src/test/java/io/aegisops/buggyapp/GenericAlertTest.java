package io.aegisops.buggyapp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aegisops.buggyapp.AlertRules.Episode;
import io.aegisops.buggyapp.AlertRules.Status;
import io.aegisops.buggyapp.AlertRules.Transition;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Unit: the generic alert on the wire. The fixtures under {@code alerts/} are the documented format
 * (docs/notes/issue-7.md) that AegisOps's ingest reads.
 */
class GenericAlertTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Episode EPISODE = new Episode(
            AlertType.HighMemoryUsage,
            "orders-HighMemoryUsage-1748772000000-0a1b2c3d",
            Instant.parse("2025-06-01T10:00:00Z"));

    private static JsonNode fixture(String name) throws IOException {
        try (InputStream in = GenericAlertTest.class.getResourceAsStream("/alerts/" + name)) {
            return JSON.readTree(in);
        }
    }

    @Test
    void aFiringAlertIsTheSeedFormatPlusStatusServiceAndSummary() throws IOException {
        GenericAlert alert = GenericAlert.of(
                new Transition(
                        EPISODE,
                        Status.FIRING,
                        "heap used 91% of max (58 MiB of 64 MiB) above 85% for 2 s",
                        EPISODE.startedAt()),
                "orders",
                "orders-1",
                "{\"level\":\"WARN\",\"event\":\"heap usage growing\"}\n{\"level\":\"WARN\",\"event\":\"alert firing\"}");

        assertThat(JSON.readTree(alert.toJson())).isEqualTo(fixture("high-memory-firing.json"));
    }

    @Test
    void theResolvedAlertKeepsTheIncidentAndStartAndSaysWhenItEnded() throws IOException {
        GenericAlert alert = GenericAlert.of(
                new Transition(
                        EPISODE,
                        Status.RESOLVED,
                        "heap used 20% of max (13 MiB of 64 MiB) back under 85%",
                        Instant.parse("2025-06-01T10:05:30Z")),
                "orders",
                "orders-1",
                "");

        assertThat(JSON.readTree(alert.toJson())).isEqualTo(fixture("high-memory-resolved.json"));
    }

    @Test
    void logsWithQuotesBackslashesAndControlCharactersSurviveTheRoundTrip() throws IOException {
        String logs = "line \"one\"\\path\ttab\r\n\u0001\u001f end ☃";
        GenericAlert alert =
                GenericAlert.of(new Transition(EPISODE, Status.FIRING, "s", EPISODE.startedAt()), "o", "c", logs);

        assertThat(JSON.readTree(alert.toJson()).get("logs").asText()).isEqualTo(logs);
    }
}
