package io.aegisops.functions.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.contracts.metrics.Dimension;
import io.aegisops.contracts.metrics.EmfMetrics;
import io.aegisops.contracts.metrics.Metric;
import io.aegisops.contracts.metrics.Metrics;
import io.aegisops.testsupport.LogCapture;
import java.time.Clock;
import java.util.List;

/**
 * The metrics a handler recorded, as the EMF lines it wrote (contracts' {@link EmfMetrics}) into a log of the test's
 * own: what a test hands the handler, and how it reads back each metric's values and dimensions.
 */
public final class MetricLines {

    private final LogCapture capture;

    public MetricLines(LogCapture capture) {
        this.capture = capture;
    }

    /** The metrics to hand the handler: EMF lines on the captured log, stamped by {@code clock}. */
    public Metrics metrics(Clock clock) {
        return new EmfMetrics(capture.log(), clock);
    }

    /** Every metric line, oldest first. */
    public List<JsonNode> all() {
        return capture.events(EmfMetrics.EVENT);
    }

    /** The lines that carry a value of {@code metric}, oldest first. */
    public List<JsonNode> of(Metric metric) {
        return all().stream().filter(line -> line.has(metric.metricName())).toList();
    }

    /** The values of {@code metric}, oldest first. */
    public List<Long> values(Metric metric) {
        return of(metric).stream()
                .map(line -> line.get(metric.metricName()).asLong())
                .toList();
    }

    /** The value of {@code dimension} on each line of {@code metric} (empty text where the line has none). */
    public List<String> dimension(Metric metric, Dimension dimension) {
        return of(metric).stream()
                .map(line -> line.path(dimension.key()).asText())
                .toList();
    }
}
