package io.aegisops.contracts.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aegisops.contracts.IncidentStatus;
import io.aegisops.contracts.logging.LogContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The metrics' vocabulary: names CloudWatch and the log lines can hold apart, and few dimension values. */
class MetricTest {

    @Nested
    class Names {

        @Test
        void metricNamesAndDimensionKeysAreDistinctAndNeverALogLinesOwnField() {
            List<String> members = new ArrayList<>();
            Arrays.stream(Metric.values()).map(Metric::metricName).forEach(members::add);
            Arrays.stream(Dimension.values()).map(Dimension::key).forEach(members::add);

            assertThat(members).doesNotHaveDuplicates();
            // a log line's first writer of a name wins (JsonLineEncoder): a clash would lose the metric's value
            assertThat(members)
                    .doesNotContainAnyElementsOf(List.of(
                            "ts",
                            "level",
                            "event",
                            LogContext.INCIDENT_ID,
                            LogContext.REQUEST_ID,
                            "message",
                            "error",
                            "cause",
                            "_aws"));
        }
    }

    @Nested
    class DimensionSets {

        @Test
        void eachMetricIsKeptByItsOwnDimensionAndOnlyMttrAndRestartsAlsoPerService() {
            List<Dimension> none = List.of();
            Map<Metric, List<List<Dimension>>> expected = new EnumMap<>(Map.of(
                    Metric.MTTR, List.of(none, List.of(Dimension.SERVICE)),
                    Metric.INCIDENTS_CLOSED, List.of(List.of(Dimension.OUTCOME)),
                    Metric.DECISIONS, List.of(List.of(Dimension.MODE)),
                    Metric.MODEL_LATENCY, List.of(none),
                    Metric.MODEL_DISCARDS, List.of(List.of(Dimension.REASON)),
                    Metric.RUNBOOK_HITS, List.of(none),
                    Metric.RUNBOOK_MISSES, List.of(none),
                    Metric.RESTARTS, List.of(none, List.of(Dimension.SERVICE))));

            assertThat(expected).containsOnlyKeys(Metric.values());
            expected.forEach((metric, sets) ->
                    assertThat(metric.dimensionSets()).as(metric.name()).isEqualTo(sets));
        }

        @Test
        void aMeasurementHasItsMetricsOwnDimensionAndTheServiceOnlyWhenItHasOne() {
            assertThat(Measurement.modelDiscarded(ModelDiscard.NO_ANSWER, "buggy-app")
                            .dimensions())
                    .containsExactly(
                            Map.entry(Dimension.SERVICE, "buggy-app"), Map.entry(Dimension.REASON, "NO_ANSWER"));
            assertThat(Measurement.modelLatency(12, " ").dimensions()).isEmpty();
            assertThat(Measurement.runbookLookup(false, null).metric()).isEqualTo(Metric.RUNBOOK_MISSES);
        }
    }

    @Nested
    class Outcomes {

        @Test
        void aResolvedIncidentIsAutoFixedOrFixedAfterApproval() {
            assertThat(IncidentOutcome.of(IncidentStatus.RESOLVED, false)).isEqualTo(IncidentOutcome.RESOLVED_AUTO);
            assertThat(IncidentOutcome.of(IncidentStatus.RESOLVED, true)).isEqualTo(IncidentOutcome.RESOLVED_APPROVED);
        }

        @Test
        void everyOtherTerminalStatusIsItsOwnOutcome() {
            for (IncidentStatus status : List.of(
                    IncidentStatus.REJECTED, IncidentStatus.ESCALATED, IncidentStatus.NOOP, IncidentStatus.FAILED)) {
                assertThat(IncidentOutcome.of(status, true).name()).isEqualTo(status.name());
            }
        }

        @Test
        void anOpenIncidentHasNoOutcome() {
            assertThatThrownBy(() -> IncidentOutcome.of(IncidentStatus.VERIFYING, false))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
