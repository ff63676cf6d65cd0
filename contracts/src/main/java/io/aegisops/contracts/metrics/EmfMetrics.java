package io.aegisops.contracts.metrics;

import io.aegisops.contracts.logging.EventLog;
import io.aegisops.contracts.logging.LogConfiguration;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Metrics as CloudWatch embedded-metric-format (EMF) documents, one per measurement, written as ordinary log lines
 * (event {@value #EVENT}). On Lambda a log line is a JSON object on standard output, and CloudWatch Logs turns every
 * such line that has an {@code _aws} member into metric values: no agent, no SDK call, no permission beyond the
 * log group. The line's other members ({@code ts}, {@code level}, {@code incidentId}, {@code requestId}) are
 * allowed by the format and let Logs Insights find the incident behind a value.
 *
 * <pre>{@code
 * {"ts": "...", "level": "INFO", "event": "metric", "incidentId": "inc-...", "requestId": "...",
 *  "_aws": {"Timestamp": 1767225600000, "CloudWatchMetrics": [{"Namespace": "AegisOps",
 *           "Dimensions": [[], ["Service"]], "Metrics": [{"Name": "MTTR", "Unit": "Milliseconds"}]}]},
 *  "Service": "buggy-app", "MTTR": 95000}
 * }</pre>
 *
 * <p>The embedded stack runs the same handlers, so the same lines land in its {@code stack.log}: nothing to turn off,
 * and a developer sees there what AWS would graph. Writing never throws: a failure is logged as
 * {@code metric.notWritten} and the measurement is lost.
 */
public final class EmfMetrics implements Metrics {

    public static final String EVENT = "metric";

    private static final EventLog LOG = EventLog.of(EmfMetrics.class);

    private final EventLog lines;
    private final Clock clock;

    /** Writes to {@code lines}, stamped by {@code clock}. */
    public EmfMetrics(EventLog lines, Clock clock) {
        this.lines = lines;
        this.clock = clock;
    }

    /** The runnables' metrics: on the log that stays at INFO whatever the configured levels ({@link LogConfiguration}). */
    public static EmfMetrics standard(Clock clock) {
        return new EmfMetrics(EventLog.named(LogConfiguration.METRICS_LOGGER), clock);
    }

    @Override
    public void record(Measurement measurement) {
        try {
            Map<String, Object> document = document(measurement, clock.instant());
            List<Object> fields = new ArrayList<>(document.size() * 2);
            document.forEach((name, value) -> {
                fields.add(name);
                fields.add(value);
            });
            lines.info(EVENT, fields.toArray());
        } catch (RuntimeException notWritten) {
            LOG.warn("metric.notWritten", "metric", measurement.metric().metricName(), "error", notWritten);
        }
    }

    /**
     * The EMF document of {@code measurement}: the {@code _aws} metadata (timestamp in epoch milliseconds, one
     * metric directive), then the dimensions' values, then the metric's value. The directive names every dimension
     * set of the metric whose values the measurement has: the metric's own always, the per-service one only with a
     * service.
     */
    static Map<String, Object> document(Measurement measurement, Instant at) {
        Metric metric = measurement.metric();
        Map<Dimension, String> values = measurement.dimensions();
        List<List<String>> dimensionSets = new ArrayList<>();
        for (List<Dimension> set : metric.dimensionSets()) {
            if (values.keySet().containsAll(set)) {
                dimensionSets.add(set.stream().map(Dimension::key).toList());
            }
        }
        Map<String, Object> definition = new LinkedHashMap<>();
        definition.put("Name", metric.metricName());
        definition.put("Unit", metric.unit().cloudWatchName());
        Map<String, Object> directive = new LinkedHashMap<>();
        directive.put("Namespace", Metric.NAMESPACE);
        directive.put("Dimensions", dimensionSets);
        directive.put("Metrics", List.of(definition));
        Map<String, Object> aws = new LinkedHashMap<>();
        aws.put("Timestamp", at.toEpochMilli());
        aws.put("CloudWatchMetrics", List.of(directive));

        Map<String, Object> document = new LinkedHashMap<>();
        document.put("_aws", aws);
        values.forEach((dimension, value) -> document.put(dimension.key(), value));
        document.put(metric.metricName(), measurement.value());
        return document;
    }
}
