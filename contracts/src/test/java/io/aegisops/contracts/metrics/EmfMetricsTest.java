package io.aegisops.contracts.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.contracts.DecisionMode;
import io.aegisops.contracts.logging.LogContext;
import io.aegisops.contracts.logging.StandardOutput;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * The metric lines as the runnables write them (the shared log configuration, on standard output), read back with
 * Jackson and held to CloudWatch's embedded metric format specification: a root object whose {@code _aws} has a
 * Timestamp in epoch milliseconds and MetricDirectives of Namespace, Dimensions (arrays of dimension names) and
 * Metrics (Name, Unit); each dimension a directive names and each metric it names is a member of the root, a
 * dimension's value a string and a metric's value a number.
 */
class EmfMetricsTest {

    static final Instant NOW = Instant.parse("2026-01-01T00:00:00.123Z");
    private static final Set<String> CLOUDWATCH_UNITS = Set.of(
            "Seconds",
            "Microseconds",
            "Milliseconds",
            "Bytes",
            "Kilobytes",
            "Megabytes",
            "Gigabytes",
            "Terabytes",
            "Bits",
            "Kilobits",
            "Megabits",
            "Gigabits",
            "Terabits",
            "Percent",
            "Count",
            "Bytes/Second",
            "Kilobytes/Second",
            "Megabytes/Second",
            "Gigabytes/Second",
            "Terabytes/Second",
            "Bits/Second",
            "Kilobits/Second",
            "Megabits/Second",
            "Gigabits/Second",
            "Terabits/Second",
            "Count/Second",
            "None");

    private final EmfMetrics metrics = EmfMetrics.standard(Clock.fixed(NOW, ZoneOffset.UTC));

    @RegisterExtension
    final StandardOutput stdout = new StandardOutput();

    private JsonNode onlyLine() {
        return stdout.onlyLine();
    }

    /** One measurement of every metric, the per-service ones with and without a service. */
    static Stream<Measurement> everyMetric() {
        return Stream.of(
                Measurement.mttr(95_000, "buggy-app"),
                Measurement.mttr(95_000, null),
                Measurement.incidentClosed(IncidentOutcome.RESOLVED_APPROVED, "buggy-app"),
                Measurement.decision(DecisionMode.APPROVAL, null),
                Measurement.modelLatency(840, "buggy-app"),
                Measurement.modelDiscarded(ModelDiscard.OUT_OF_CATALOG, "buggy-app"),
                Measurement.runbookLookup(true, "buggy-app"),
                Measurement.runbookLookup(false, "buggy-app"),
                Measurement.restart("buggy-app"),
                Measurement.restart(null));
    }

    @Test
    void everyMetricIsMeasuredAbove() {
        assertThat(everyMetric().map(Measurement::metric)).containsAll(List.of(Metric.values()));
    }

    @Nested
    class EachLine {

        @ParameterizedTest
        @MethodSource("io.aegisops.contracts.metrics.EmfMetricsTest#everyMetric")
        void isAnEmfDocumentCloudWatchExtractsTheMetricFrom(Measurement measurement) {
            metrics.record(measurement);

            JsonNode line = onlyLine();
            JsonNode aws = line.get("_aws");
            assertThat(aws.isObject()).isTrue();
            assertThat(aws.get("Timestamp").isIntegralNumber()).isTrue();
            assertThat(aws.get("Timestamp").asLong()).isEqualTo(NOW.toEpochMilli());
            JsonNode directives = aws.get("CloudWatchMetrics");
            assertThat(directives.isArray()).isTrue();
            assertThat(directives).hasSize(1);
            for (JsonNode directive : directives) {
                assertThat(fieldNames(directive)).containsExactly("Namespace", "Dimensions", "Metrics");
                assertThat(directive.get("Namespace").asText()).isEqualTo("AegisOps");
                assertThat(directive.get("Dimensions")).isNotEmpty().allSatisfy(set -> {
                    assertThat(set.isArray()).isTrue();
                    set.forEach(key -> assertThat(line.path(key.asText()).isTextual())
                            .as("dimension " + key + " has a text value")
                            .isTrue());
                });
                assertThat(directive.get("Metrics")).hasSize(1).allSatisfy(definition -> {
                    assertThat(fieldNames(definition)).containsExactly("Name", "Unit");
                    assertThat(CLOUDWATCH_UNITS).contains(definition.get("Unit").asText());
                    assertThat(line.path(definition.get("Name").asText()).isNumber())
                            .as("metric " + definition.get("Name") + " has a numeric value")
                            .isTrue();
                });
            }
            assertThat(line.get("event").asText()).isEqualTo(EmfMetrics.EVENT);
        }
    }

    @Nested
    class TheMetricAndItsDimensions {

        @Test
        void anMttrWithItsServiceIsKeptOverallAndPerService() {
            metrics.record(Measurement.mttr(95_000, "buggy-app"));

            JsonNode line = onlyLine();
            JsonNode directive = line.at("/_aws/CloudWatchMetrics/0");
            assertThat(directive.get("Dimensions").toString()).isEqualTo("[[],[\"Service\"]]");
            assertThat(directive.get("Metrics").toString())
                    .isEqualTo("[{\"Name\":\"MTTR\",\"Unit\":\"Milliseconds\"}]");
            assertThat(line.get("MTTR").asLong()).isEqualTo(95_000);
            assertThat(line.get("Service").asText()).isEqualTo("buggy-app");
        }

        @Test
        void withoutAServiceOnlyTheOverallSetIsNamed() {
            metrics.record(Measurement.restart(null));

            JsonNode line = onlyLine();
            assertThat(line.at("/_aws/CloudWatchMetrics/0/Dimensions").toString())
                    .isEqualTo("[[]]");
            assertThat(line.has("Service")).isFalse();
            assertThat(line.get("Restarts").asLong()).isEqualTo(1);
        }

        @Test
        void aCountSplitByItsEnumNamesTheValueAndCarriesTheServiceWithoutAMetricPerService() {
            metrics.record(Measurement.incidentClosed(IncidentOutcome.ESCALATED, "billing"));

            JsonNode line = onlyLine();
            assertThat(line.at("/_aws/CloudWatchMetrics/0/Dimensions").toString())
                    .isEqualTo("[[\"Outcome\"]]");
            assertThat(line.get("Outcome").asText()).isEqualTo("ESCALATED");
            assertThat(line.get("Service").asText()).isEqualTo("billing");
            assertThat(line.get("IncidentsClosed").asLong()).isEqualTo(1);
        }

        @Test
        void namesTheRequestAndTheIncidentLikeEveryOtherLine() {
            LogContext.Scope request = LogContext.request("req-1");
            try {
                LogContext.incident("inc-1");
                metrics.record(Measurement.decision(DecisionMode.AUTO, "buggy-app"));
            } finally {
                request.close();
            }

            JsonNode line = onlyLine();
            assertThat(line.get("requestId").asText()).isEqualTo("req-1");
            assertThat(line.get("incidentId").asText()).isEqualTo("inc-1");
            assertThat(line.get("Mode").asText()).isEqualTo("AUTO");
        }
    }

    @Nested
    class Writing {

        @Test
        void staysOnWhenAegisOpsLogsAreQuietedToWarnings() {
            Logger aegis = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger("io.aegisops");
            Level before = aegis.getLevel();
            aegis.setLevel(Level.WARN);
            try {
                metrics.record(Measurement.restart("buggy-app"));
            } finally {
                aegis.setLevel(before);
            }

            assertThat(onlyLine().get("Restarts").asLong()).isEqualTo(1);
        }

        @Test
        void neverThrowsIntoTheCaller() {
            Clock broken = new Clock() {
                @Override
                public ZoneId getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(ZoneId zone) {
                    return this;
                }

                @Override
                public Instant instant() {
                    throw new IllegalStateException("no time");
                }
            };

            assertThatCode(() -> EmfMetrics.standard(broken).record(Measurement.restart("buggy-app")))
                    .doesNotThrowAnyException();
            JsonNode line = onlyLine();
            assertThat(line.get("event").asText()).isEqualTo("metric.notWritten");
            assertThat(line.get("metric").asText()).isEqualTo("Restarts");
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
