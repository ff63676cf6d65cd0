package io.aegisops.contracts.metrics;

import io.aegisops.contracts.DecisionMode;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * One value of one {@link Metric}, with its dimensions' values. Made only by the factories below, which take enums,
 * numbers and service names: nothing an alert's sender wrote (an alert type, a summary, a label) can become part of
 * a metric line.
 *
 * <p>{@code service} is always a configured target's name, or null when the incident's target is unknown (then the
 * service an alert named is its sender's text, and is not used). A measurement with a service carries it on its line
 * even when its metric is not kept per service (see {@link Metric}).
 */
public final class Measurement {

    private final Metric metric;
    private final long value;
    private final Map<Dimension, String> dimensions;

    private Measurement(Metric metric, long value, String service, Enum<?> splitValue) {
        this.metric = metric;
        this.value = value;
        Map<Dimension, String> values = new EnumMap<>(Dimension.class);
        metric.splitBy()
                .ifPresent(own -> values.put(
                        own, Objects.requireNonNull(splitValue, own.key()).name()));
        if (service != null && !service.isBlank()) {
            values.put(Dimension.SERVICE, service);
        }
        this.dimensions = Collections.unmodifiableMap(values);
    }

    /** An incident closed RESOLVED, {@code mttrMs} after it was created. */
    public static Measurement mttr(long mttrMs, String service) {
        return new Measurement(Metric.MTTR, mttrMs, service, null);
    }

    /** An incident closed with {@code outcome}. */
    public static Measurement incidentClosed(IncidentOutcome outcome, String service) {
        return new Measurement(Metric.INCIDENTS_CLOSED, 1, service, outcome);
    }

    /** The policy decided {@code mode} for an incident. */
    public static Measurement decision(DecisionMode mode, String service) {
        return new Measurement(Metric.DECISIONS, 1, service, mode);
    }

    /** One call to a model endpoint took {@code latencyMs}. */
    public static Measurement modelLatency(long latencyMs, String service) {
        return new Measurement(Metric.MODEL_LATENCY, latencyMs, service, null);
    }

    /** A model's answer was not acted on as given. */
    public static Measurement modelDiscarded(ModelDiscard reason, String service) {
        return new Measurement(Metric.MODEL_DISCARDS, 1, service, reason);
    }

    /** The runbook was asked for a configured target's diagnosis: {@code hit} when it decided alone. */
    public static Measurement runbookLookup(boolean hit, String service) {
        return new Measurement(hit ? Metric.RUNBOOK_HITS : Metric.RUNBOOK_MISSES, 1, service, null);
    }

    /** A RESTART command was queued for real. */
    public static Measurement restart(String service) {
        return new Measurement(Metric.RESTARTS, 1, service, null);
    }

    public Metric metric() {
        return metric;
    }

    public long value() {
        return value;
    }

    /** The values this measurement has, by dimension (its metric's own, and the service when known). */
    public Map<Dimension, String> dimensions() {
        return dimensions;
    }

    @Override
    public String toString() {
        return metric.metricName() + dimensions + "=" + value;
    }
}
