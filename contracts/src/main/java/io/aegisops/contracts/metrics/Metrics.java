package io.aegisops.contracts.metrics;

/**
 * Where the handlers record what they measured. Recording never fails the caller: a metric lost is better than an
 * incident whose step failed for it.
 */
@FunctionalInterface
public interface Metrics {

    void record(Measurement measurement);
}
