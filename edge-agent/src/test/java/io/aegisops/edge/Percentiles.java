package io.aegisops.edge;

import java.util.List;

/** What the benchmarks print of their samples: nearest-rank percentiles. */
public final class Percentiles {

    private Percentiles() {}

    /** {@code p50 N, p95 N, min N, max N (n=N)}. */
    public static String summary(List<Long> samples) {
        List<Long> sorted = samples.stream().sorted().toList();
        return "p50 %d, p95 %d, min %d, max %d (n=%d)"
                .formatted(at(sorted, 0.50), at(sorted, 0.95), sorted.getFirst(), sorted.getLast(), sorted.size());
    }

    /** The nearest-rank percentile {@code p} (0-1] of the samples, in any order. */
    public static long at(List<Long> samples, double p) {
        List<Long> sorted = samples.stream().sorted().toList();
        return sorted.get((int) Math.ceil(p * sorted.size()) - 1);
    }
}
