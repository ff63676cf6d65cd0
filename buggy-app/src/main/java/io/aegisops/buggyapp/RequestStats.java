package io.aegisops.buggyapp;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the app's HTTP requests did: per-route latency histograms and status counts for /metrics
 * (cumulative since start), and a bounded window of recent business requests for the monitor's p95 and
 * error rate.
 */
final class RequestStats {

    /** Upper bounds of the latency histogram's buckets, in seconds (+Inf is implied). */
    static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    /** The route whose latency and errors the monitor watches: the app's own business endpoint. */
    static final String BUSINESS_ROUTE = "/api/orders";

    private static final int WINDOW_CAPACITY = 4096;

    private final Map<String, Histogram> histograms = new ConcurrentHashMap<>();
    private final Map<RouteStatus, LongAdder> responses = new ConcurrentHashMap<>();
    private final LongAdder serverErrors = new LongAdder();
    private final long[] windowAtMillis = new long[WINDOW_CAPACITY];
    private final long[] windowDurationMillis = new long[WINDOW_CAPACITY];
    private final boolean[] windowFailed = new boolean[WINDOW_CAPACITY];
    private int windowNext;
    private int windowSize;

    void record(String route, int status, long durationNanos, long finishedAtMillis) {
        histograms.computeIfAbsent(route, key -> new Histogram()).observe(durationNanos / 1e9);
        responses
                .computeIfAbsent(new RouteStatus(route, status), key -> new LongAdder())
                .increment();
        if (BUSINESS_ROUTE.equals(route)) {
            boolean failed = status >= 500;
            if (failed) {
                serverErrors.increment();
            }
            synchronized (this) {
                windowAtMillis[windowNext] = finishedAtMillis;
                windowDurationMillis[windowNext] = durationNanos / 1_000_000;
                windowFailed[windowNext] = failed;
                windowNext = (windowNext + 1) % WINDOW_CAPACITY;
                windowSize = Math.min(windowSize + 1, WINDOW_CAPACITY);
            }
        }
    }

    /** Business requests that finished in the last {@code windowMillis} before {@code nowMillis}. */
    synchronized Window window(long nowMillis, long windowMillis) {
        long[] durations = new long[windowSize];
        int count = 0;
        int failed = 0;
        for (int i = 0; i < windowSize; i++) {
            if (nowMillis - windowAtMillis[i] <= windowMillis) {
                durations[count++] = windowDurationMillis[i];
                if (windowFailed[i]) {
                    failed++;
                }
            }
        }
        Arrays.sort(durations, 0, count);
        long p95 = count == 0 ? 0 : durations[(int) Math.ceil(0.95 * count) - 1];
        return new Window(count, failed, p95);
    }

    Map<String, Histogram> histograms() {
        return Map.copyOf(histograms);
    }

    /** Response counts keyed by route and status, in a stable order. */
    Map<RouteStatus, Long> responses() {
        Map<RouteStatus, Long> counts = new TreeMap<>();
        responses.forEach((key, adder) -> counts.put(key, adder.sum()));
        return counts;
    }

    /** 5xx answers of the business route (a 503 from /health is an answer, not an error). */
    long serverErrors() {
        return serverErrors.sum();
    }

    record RouteStatus(String route, int status) implements Comparable<RouteStatus> {
        @Override
        public int compareTo(RouteStatus other) {
            int byRoute = route.compareTo(other.route);
            return byRoute != 0 ? byRoute : Integer.compare(status, other.status);
        }
    }

    /** Recent business requests: how many, how many failed (5xx), and the 95th percentile latency. */
    record Window(int requests, int failed, long p95Millis) {
        double errorRate() {
            return requests == 0 ? Double.NaN : (double) failed / requests;
        }
    }

    /** One route's latency histogram. Synchronized so a snapshot's buckets always agree with its count. */
    static final class Histogram {
        private final long[] buckets = new long[BUCKETS.length];
        private long count;
        private double sum;

        synchronized void observe(double seconds) {
            for (int i = 0; i < BUCKETS.length; i++) {
                if (seconds <= BUCKETS[i]) {
                    buckets[i]++;
                    break;
                }
            }
            count++;
            sum += seconds;
        }

        synchronized Snapshot snapshot() {
            long[] cumulative = new long[BUCKETS.length];
            long running = 0;
            for (int i = 0; i < BUCKETS.length; i++) {
                running += buckets[i];
                cumulative[i] = running;
            }
            return new Snapshot(cumulative, count, sum);
        }
    }

    /** Cumulative counts per bucket bound ({@code le}, "less or equal", as Prometheus wants them). */
    @SuppressWarnings("ArrayRecordComponent") // a snapshot is read, never compared
    record Snapshot(long[] cumulativeCounts, long count, double sum) {}
}
