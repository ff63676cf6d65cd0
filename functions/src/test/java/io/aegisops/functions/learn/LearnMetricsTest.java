package io.aegisops.functions.learn;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.contracts.Severity;
import io.aegisops.contracts.metrics.Dimension;
import io.aegisops.contracts.metrics.Metric;
import io.aegisops.functions.ingest.MutableClock;
import io.aegisops.functions.pipeline.Events;
import io.aegisops.functions.pipeline.Fixtures;
import io.aegisops.functions.pipeline.InMemoryStores;
import io.aegisops.functions.pipeline.MetricLines;
import io.aegisops.testsupport.LogCapture;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What Learn measures when it closes an incident: one count of its outcome, and for a resolved one its MTTR, each
 * once, whatever the retries.
 */
class LearnMetricsTest {

    @RegisterExtension
    final LogCapture capture = LogCapture.isolated();

    final MetricLines metrics = new MetricLines(capture);
    final InMemoryStores stores = InMemoryStores.create();
    final MutableClock clock = new MutableClock(Fixtures.NOW);
    final LearnHandler learn = new LearnHandler(stores.stores(), clock, metrics.metrics(clock));

    /** A new incident of buggy-app, received {@code age} before the clock's now. */
    String incident(Duration age) {
        String id = Fixtures.newIncidentId();
        stores.incidents()
                .create(Fixtures.received(id, "buggy-app", "HighMemoryUsage", Severity.HIGH).toBuilder()
                        .createdAt(clock.instant().minus(age))
                        .build());
        return id;
    }

    String document(String fixture, String id) {
        return Events.load(fixture, Map.of("incidentId", id));
    }

    @Nested
    class AResolvedIncident {

        @Test
        void emitsItsMttrOverallAndForItsService() throws Exception {
            String id = incident(Duration.ofSeconds(95));

            Events.invoke(learn, document("learn-resolved.json", id));

            assertThat(metrics.values(Metric.MTTR)).containsExactly(95_000L);
            JsonNode line = metrics.of(Metric.MTTR).getFirst();
            assertThat(line.get("Service").asText()).isEqualTo("buggy-app");
            assertThat(line.at("/_aws/CloudWatchMetrics/0/Dimensions").toString())
                    .isEqualTo("[[],[\"Service\"]]");
            assertThat(line.at("/_aws/Timestamp").asLong()).isEqualTo(Fixtures.NOW.toEpochMilli());
            assertThat(line.get("incidentId").asText()).isEqualTo(id);
        }

        @Test
        void countsAsFixedAutomaticallyOrAfterApproval() throws Exception {
            Events.invoke(learn, document("learn-resolved.json", incident(Duration.ofMinutes(1))));
            Events.invoke(
                    learn,
                    document("learn-resolved.json", incident(Duration.ofMinutes(1)))
                            .replace("\"mode\": \"AUTO\"", "\"mode\": \"APPROVAL\"")
                            .replace(
                                    "\"outcome\":",
                                    "\"approval\": {\"approved\": true, \"approver\": \"alice\"},\n  \"outcome\":"));

            assertThat(metrics.dimension(Metric.INCIDENTS_CLOSED, Dimension.OUTCOME))
                    .containsExactly("RESOLVED_AUTO", "RESOLVED_APPROVED");
            assertThat(metrics.values(Metric.INCIDENTS_CLOSED)).containsExactly(1L, 1L);
        }
    }

    @ParameterizedTest
    @CsvSource({
        "learn-escalated.json, ESCALATED",
        "learn-rejected.json, REJECTED",
        "learn-noop.json, NOOP",
        "learn-remediation-failed.json, FAILED"
    })
    void anIncidentClosedOtherwiseCountsItsOutcomeAndHasNoMttr(String fixture, String outcome) throws Exception {
        Events.invoke(learn, document(fixture, incident(Duration.ofMinutes(1))));

        assertThat(metrics.dimension(Metric.INCIDENTS_CLOSED, Dimension.OUTCOME))
                .containsExactly(outcome);
        assertThat(metrics.of(Metric.MTTR)).isEmpty();
    }

    @Test
    void anUnknownTargetIsCountedWithoutTheServiceItsAlertNamed() throws Exception {
        Events.invoke(learn, document("learn-unknown-target.json", incident(Duration.ofMinutes(1))));

        assertThat(metrics.all()).hasSize(1);
        JsonNode line = metrics.of(Metric.INCIDENTS_CLOSED).getFirst();
        assertThat(line.get("Outcome").asText()).isEqualTo("ESCALATED");
        assertThat(line.has("Service"))
                .as("'mystery' is the alert's word, not a configured service")
                .isFalse();
    }

    @Test
    void aRetriedLearnMeasuresNothingAgain() throws Exception {
        String id = incident(Duration.ofMinutes(1));

        Events.invoke(learn, document("learn-resolved.json", id));
        clock.advance(Duration.ofSeconds(30));
        Events.invoke(learn, document("learn-resolved.json", id));

        assertThat(metrics.all())
                .extracting(
                        line -> line.has("MTTR") ? "MTTR" : line.get("Outcome").asText())
                .isEqualTo(List.of("RESOLVED_AUTO", "MTTR"));
    }
}
