package io.aegisops.edge.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisops.edge.runtime.CpuReadings.Reading;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Unit: which earlier reading evidence measures CPU from, so that it need not wait out a window. */
class CpuReadingsTest {

    private static final long GROUP = 4242;
    private static final long MS = Duration.ofMillis(1).toNanos();

    private final CpuReadings<String> readings = new CpuReadings<>();

    @Test
    void measuresFromTheNewestReadingThatGivesAFairWindow() {
        readings.record(new Reading<>(GROUP, 0, "older"));
        readings.record(new Reading<>(GROUP, 1_000 * MS, "newer"));

        assertThat(readings.start(GROUP, 1_500 * MS)).map(Reading::sample).hasValue("newer");
    }

    @Test
    void takesTheReadingBeforeWhenTheNewestIsTooRecentForAFairWindow() {
        readings.record(new Reading<>(GROUP, 0, "older"));
        readings.record(new Reading<>(GROUP, 1_000 * MS, "newer"));

        assertThat(readings.start(GROUP, 1_100 * MS)).map(Reading::sample).hasValue("older");
    }

    @Test
    void readingsTooOldToDescribeNowAreNotUsed() {
        readings.record(new Reading<>(GROUP, 0, "stale"));

        assertThat(readings.start(GROUP, 3_001 * MS)).isEmpty();
    }

    @Test
    void aRestartedServiceIsAnotherRunTheOldRunsReadingsDoNotCount() {
        readings.record(new Reading<>(GROUP, 0, "before the restart"));

        assertThat(readings.start(GROUP + 1, 1_000 * MS)).isEmpty();
        assertThat(readings.start(GROUP, 1_000 * MS)).isPresent();
    }

    @Test
    void aReadingThatFinishesLateDoesNotDisplaceANewerOne() {
        readings.record(new Reading<>(GROUP, 1_000 * MS, "newer"));
        readings.record(new Reading<>(GROUP, 500 * MS, "late"));

        assertThat(readings.start(GROUP, 1_300 * MS)).map(Reading::sample).hasValue("newer");
        assertThat(readings.start(GROUP, 1_100 * MS)).isEmpty();
    }
}
