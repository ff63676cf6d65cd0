package io.aegisops.buggyapp;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisops.buggyapp.AlertRules.Status;
import io.aegisops.buggyapp.AlertRules.Transition;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Unit: when the monitor's rules open and close alert episodes. */
class AlertRulesTest {

    private static final long MAX_HEAP = 100L << 20;
    private static final RequestStats.Window NO_REQUESTS = new RequestStats.Window(0, 0, 0);
    private static final Instant T0 = Instant.parse("2025-06-01T10:00:00Z");

    /** Heap held 2 s, CPU held 3 s, resolved after 2 s clear; window needs 5 requests. */
    private final AppConfig.Thresholds thresholds = AppConfig.fromEnvironment(Map.of(
                    "MONITOR_HEAP_FOR_SECONDS",
                    "2",
                    "MONITOR_CPU_RATIO",
                    "0.8",
                    "MONITOR_CPU_FOR_SECONDS",
                    "3",
                    "MONITOR_LATENCY_P95_MS",
                    "1000",
                    "MONITOR_ERROR_RATE",
                    "0.5",
                    "MONITOR_MIN_REQUESTS",
                    "5",
                    "MONITOR_CLEAR_SECONDS",
                    "2"))
            .thresholds();

    private final AlertRules rules = new AlertRules(thresholds, "orders");

    private static Signals heap(double ratio) {
        return new Signals((long) (ratio * MAX_HEAP), MAX_HEAP, 0.1, NO_REQUESTS);
    }

    private static Signals cpu(double load) {
        return new Signals(0, MAX_HEAP, load, NO_REQUESTS);
    }

    private static Signals requests(int count, int failed, long p95Millis) {
        return new Signals(0, MAX_HEAP, 0.1, new RequestStats.Window(count, failed, p95Millis));
    }

    private List<Transition> at(int second, Signals signals) {
        return rules.evaluate(signals, T0.plusSeconds(second));
    }

    @Nested
    class HeapAboveThreshold {

        @Test
        void firesOnceWhenHeldForItsDurationThenResolvesOnceWithTheSameIncident() {
            assertThat(at(0, heap(0.90))).isEmpty();
            assertThat(at(1, heap(0.90))).isEmpty();
            List<Transition> fired = at(2, heap(0.91));
            assertThat(fired).singleElement().satisfies(t -> {
                assertThat(t.status()).isEqualTo(Status.FIRING);
                assertThat(t.episode().type()).isEqualTo(AlertType.HighMemoryUsage);
                assertThat(t.summary()).contains("heap used 91% of max").contains("above 85% for 2 s");
            });
            assertThat(at(3, heap(0.95)))
                    .as("still the same episode: no second alert")
                    .isEmpty();
            assertThat(rules.firing()).containsExactly(AlertType.HighMemoryUsage);

            assertThat(at(4, heap(0.40))).as("clear, but not yet for 2 s").isEmpty();
            List<Transition> resolved = at(6, heap(0.40));
            assertThat(resolved).singleElement().satisfies(t -> {
                assertThat(t.status()).isEqualTo(Status.RESOLVED);
                assertThat(t.episode()).isEqualTo(fired.getFirst().episode());
            });
            assertThat(rules.firing()).isEmpty();
            assertThat(at(7, heap(0.40))).isEmpty();
        }

        @Test
        void aDipBelowTheThresholdRestartsTheHoldTime() {
            at(0, heap(0.90));
            at(1, heap(0.50));
            assertThat(at(2, heap(0.90))).isEmpty();
            assertThat(at(3, heap(0.90))).isEmpty();
            assertThat(at(4, heap(0.90))).hasSize(1);
        }

        @Test
        void aBriefReturnUnderTheThresholdDoesNotEndTheEpisode() {
            at(0, heap(0.9));
            at(2, heap(0.9));
            assertThat(at(3, heap(0.5))).isEmpty();
            assertThat(at(4, heap(0.9)))
                    .as("back above before clear-after passed: same episode")
                    .isEmpty();
            assertThat(at(7, heap(0.9))).isEmpty();
            assertThat(rules.firing()).containsExactly(AlertType.HighMemoryUsage);
        }

        @Test
        void theNextEpisodeHasANewIncidentId() {
            at(0, heap(0.9));
            String first = at(2, heap(0.9)).getFirst().episode().incidentId();
            at(3, heap(0.1));
            at(5, heap(0.1));
            at(6, heap(0.9));
            String second = at(8, heap(0.9)).getFirst().episode().incidentId();

            assertThat(second).isNotEqualTo(first);
            assertThat(List.of(first, second))
                    .allSatisfy(id ->
                            assertThat(id).startsWith("orders-HighMemoryUsage-").matches("[0-9A-Za-z_-]{1,80}"));
        }

        @Test
        void anUndefinedMaximumNeitherFiresNorResolves() {
            at(0, heap(0.9));
            at(2, heap(0.9));
            assertThat(at(10, new Signals(5, -1, 0.1, NO_REQUESTS))).isEmpty();
            assertThat(rules.firing()).containsExactly(AlertType.HighMemoryUsage);
        }
    }

    @Nested
    class CpuSustained {

        @Test
        void firesOnlyAfterTheWholeWindowAboveTheThreshold() {
            assertThat(at(0, cpu(0.95))).isEmpty();
            assertThat(at(2, cpu(0.95))).isEmpty();
            assertThat(at(3, cpu(0.95)))
                    .singleElement()
                    .satisfies(t -> assertThat(t.summary()).isEqualTo("process CPU 95% above 80% for 3 s"));
        }

        @Test
        void aShortSpikeRaisesNothing() {
            at(0, cpu(0.99));
            at(2, cpu(0.99));
            assertThat(at(3, cpu(0.30))).isEmpty();
            assertThat(at(4, cpu(0.99))).isEmpty();
            assertThat(rules.firing()).isEmpty();
        }

        @Test
        void noReadingYetIsNotABreach() {
            assertThat(at(0, cpu(Double.NaN))).isEmpty();
            assertThat(at(5, cpu(Double.NaN))).isEmpty();
        }
    }

    @Nested
    class RequestWindow {

        @Test
        void p95LatencyAboveTheThresholdIsADependencyLatencyAlert() {
            assertThat(at(0, requests(20, 0, 1500))).singleElement().satisfies(t -> {
                assertThat(t.episode().type()).isEqualTo(AlertType.DependencyLatency);
                assertThat(t.summary())
                        .isEqualTo("p95 latency of /api/orders 1500 ms over the last 10 s (20 requests) above 1000 ms");
            });
        }

        @Test
        void errorRateAboveTheThresholdIsAHighErrorRateAlert() {
            assertThat(at(0, requests(10, 6, 5)))
                    .singleElement()
                    .satisfies(t -> assertThat(t.episode().type()).isEqualTo(AlertType.HighErrorRate));
            assertThat(at(1, requests(10, 5, 5)))
                    .as("exactly at the threshold is not above it, but clear-after not passed")
                    .isEmpty();
            assertThat(at(3, requests(10, 1, 5)))
                    .singleElement()
                    .satisfies(t -> assertThat(t.status()).isEqualTo(Status.RESOLVED));
        }

        @Test
        void tooFewRequestsToJudgeNeitherFireNorResolve() {
            assertThat(at(0, requests(4, 4, 5000))).isEmpty();
            at(1, requests(20, 20, 5000));
            assertThat(rules.firing()).containsExactlyInAnyOrder(AlertType.DependencyLatency, AlertType.HighErrorRate);
            assertThat(at(10, requests(0, 0, 0)))
                    .as("traffic stopped: nothing known, nothing resolved")
                    .isEmpty();
            assertThat(rules.firing()).containsExactlyInAnyOrder(AlertType.DependencyLatency, AlertType.HighErrorRate);
        }
    }

    @Test
    void aLongServiceNameIsCutSoTheIdStaysWithin80SafeCharacters() {
        AlertRules longName = new AlertRules(thresholds, "a very/long service name ".repeat(5));
        String id = longName.newEpisode(AlertType.ServiceCrashed, T0).incidentId();
        assertThat(id)
                .hasSizeLessThanOrEqualTo(80)
                .matches("[0-9A-Za-z_-]+")
                .contains("-ServiceCrashed-" + T0.toEpochMilli() + "-");
    }
}
