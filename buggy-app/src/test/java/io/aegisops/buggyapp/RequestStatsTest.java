package io.aegisops.buggyapp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Unit: latency histograms and the monitor's window of recent requests. */
class RequestStatsTest {

    private final RequestStats stats = new RequestStats();

    private void record(String route, int status, long millis, long atMillis) {
        stats.record(route, status, millis * 1_000_000, atMillis);
    }

    @Test
    void histogramBucketsAreCumulativeAndTheLastEqualsTheCount() {
        record("/api/orders", 200, 3, 0);
        record("/api/orders", 200, 40, 0);
        record("/api/orders", 200, 700, 0);
        record("/api/orders", 200, 30_000, 0);

        RequestStats.Snapshot snapshot = stats.histograms().get("/api/orders").snapshot();

        assertThat(snapshot.cumulativeCounts()).containsExactly(1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3);
        assertThat(snapshot.count()).isEqualTo(4);
        assertThat(snapshot.sum()).isCloseTo(30.743, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void theWindowHoldsOnlyRecentBusinessRequests() {
        record("/api/orders", 200, 10, 1_000);
        for (int i = 1; i <= 19; i++) {
            record("/api/orders", 200, 20, 10_000);
        }
        record("/api/orders", 500, 2_000, 11_000);
        record("/health", 503, 5_000, 11_000);

        RequestStats.Window window = stats.window(11_000, 5_000);

        assertThat(window.requests())
                .as("the request at 1 s is outside, /health does not count")
                .isEqualTo(20);
        assertThat(window.failed()).isEqualTo(1);
        assertThat(window.errorRate()).isEqualTo(0.05);
        assertThat(window.p95Millis()).as("19th of 20 sorted durations").isEqualTo(20);
        assertThat(stats.serverErrors())
                .as("a 503 from /health is not an error of the service")
                .isEqualTo(1);
    }

    @Test
    void p95IsTheSlowRequestsOnceTheyAreMoreThanOneIn20() {
        for (int i = 0; i < 18; i++) {
            record("/api/orders", 200, 10, 100);
        }
        record("/api/orders", 200, 1_500, 100);
        record("/api/orders", 200, 1_600, 100);

        assertThat(stats.window(100, 1_000).p95Millis()).isEqualTo(1_500);
    }

    @Test
    void anEmptyWindowHasNoErrorRate() {
        assertThat(stats.window(0, 1_000).errorRate()).isNaN();
    }
}
