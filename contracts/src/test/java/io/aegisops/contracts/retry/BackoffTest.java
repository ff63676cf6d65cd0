package io.aegisops.contracts.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.retries.api.BackoffStrategy;

class BackoffTest {

    private static final Duration BASE = Duration.ofSeconds(2);
    private static final Duration MAX = Duration.ofSeconds(60);

    @Nested
    class ThePauses {

        @Test
        void doubleFromTheBaseUpToTheMaximumAndNoneComesBeforeTheFirstAttempt() {
            Backoff ceilings = Backoff.of(BackoffStrategy.exponentialDelayWithoutJitter(BASE, MAX));

            assertThat(IntStream.rangeClosed(1, 8)
                            .mapToObj(ceilings::delayBefore)
                            .map(Duration::toSeconds))
                    .containsExactly(0L, 2L, 4L, 8L, 16L, 32L, 60L, 60L);
        }

        @Test
        void withHalfJitterAreDrawnFromTheUpperHalfSoClientsDoNotRetryInStep() {
            Backoff backoff = Backoff.halfJitter(BASE, MAX);

            for (int attempt = 2; attempt <= 8; attempt++) {
                long ceiling = Math.min(MAX.toMillis(), BASE.toMillis() << (attempt - 2));
                for (int draw = 0; draw < 50; draw++) {
                    assertThat(backoff.delayBefore(attempt).toMillis()).isBetween(ceiling / 2, ceiling);
                }
            }
        }

        @Test
        void withFullJitterAreDrawnFromZeroToTheCeiling() {
            Backoff backoff = Backoff.fullJitter(Duration.ofMillis(10), Duration.ofMillis(200));

            for (int attempt = 2; attempt <= 8; attempt++) {
                long ceiling = Math.min(200, 10L << (attempt - 2));
                for (int draw = 0; draw < 50; draw++) {
                    assertThat(backoff.delayBefore(attempt).toMillis()).isBetween(0L, ceiling);
                }
            }
        }

        @Test
        void neverOverflowAfterManyFailures() {
            Backoff backoff = Backoff.of(BackoffStrategy.exponentialDelayWithoutJitter(BASE, MAX));

            assertThat(backoff.delayBefore(100)).isEqualTo(MAX);
            assertThat(backoff.delayBefore(Integer.MAX_VALUE)).isEqualTo(MAX);
        }
    }

    @Nested
    class Retry {

        private final List<Duration> pauses = new ArrayList<>();
        private final List<Integer> failures = new ArrayList<>();
        private final Backoff backoff = Backoff.of(BackoffStrategy.exponentialDelayWithoutJitter(BASE, MAX))
                .attempts(5)
                .pausing(pauses::add);

        @AfterEach
        void clearInterrupt() {
            Thread.interrupted();
        }

        @Test
        void returnsTheFirstValueAndPausesBeforeEachRetry() {
            AtomicInteger calls = new AtomicInteger();

            String value = backoff.retry(e -> true, (attempt, e) -> failures.add(attempt), () -> {
                if (calls.incrementAndGet() < 3) {
                    throw new IllegalStateException("unreachable");
                }
                return "answered";
            });

            assertThat(value).isEqualTo("answered");
            assertThat(failures).containsExactly(1, 2);
            assertThat(pauses).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4));
        }

        @Test
        void givesUpAfterTheLastAttemptWithoutPausingAfterIt() {
            assertThatThrownBy(() -> backoff.retry(e -> true, (attempt, e) -> failures.add(attempt), () -> {
                        throw new IllegalStateException("unreachable");
                    }))
                    .isInstanceOfSatisfying(Backoff.GaveUp.class, gaveUp -> {
                        assertThat(gaveUp.attempts()).isEqualTo(5);
                        assertThat(gaveUp.interrupted()).isFalse();
                    })
                    .hasRootCauseMessage("unreachable");
            assertThat(failures).containsExactly(1, 2, 3, 4, 5);
            assertThat(pauses).hasSize(4);
        }

        @Test
        void throwsAFailureItMustNotRetryAtOnce() {
            AtomicInteger calls = new AtomicInteger();

            assertThatThrownBy(() -> backoff.retry(e -> !(e instanceof IllegalArgumentException), (a, e) -> {}, () -> {
                        calls.incrementAndGet();
                        throw new IllegalArgumentException("bad request");
                    }))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(calls).hasValue(1);
            assertThat(pauses).isEmpty();
        }

        @Test
        void stopsWhenInterruptedWhilePausingAndKeepsTheInterrupt() {
            Backoff interrupted = backoff.pausing(duration -> {
                throw new InterruptedException();
            });

            assertThatThrownBy(() -> interrupted.retry(e -> true, (a, e) -> {}, () -> {
                        throw new IllegalStateException("unreachable");
                    }))
                    .isInstanceOfSatisfying(Backoff.GaveUp.class, gaveUp -> {
                        assertThat(gaveUp.interrupted()).isTrue();
                        assertThat(gaveUp.attempts()).isEqualTo(1);
                    });
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        }

        @Test
        void needsAtLeastOneAttempt() {
            assertThatThrownBy(() -> backoff.attempts(0)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
