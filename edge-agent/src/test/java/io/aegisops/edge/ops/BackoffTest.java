package io.aegisops.edge.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesThePauseAfterEachFailureUpToTheMaximum() {
        Backoff highest = new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(60), () -> 1.0);

        assertThat(java.util.stream.Stream.generate(highest::next).limit(7).map(Duration::toSeconds))
                .containsExactly(2L, 4L, 8L, 16L, 32L, 60L, 60L);
    }

    @Test
    void drawsThePauseFromTheUpperHalfSoAgentsDoNotRetryInStep() {
        Backoff lowest = new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(60), () -> 0.0);

        assertThat(lowest.next()).isEqualTo(Duration.ofSeconds(1));
        assertThat(lowest.next()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void startsOverAfterASuccess() {
        Backoff backoff = new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(60), () -> 1.0);
        backoff.next();
        backoff.next();

        backoff.reset();

        assertThat(backoff.failures()).isZero();
        assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void neverOverflowsAfterManyFailures() {
        Backoff backoff = new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(60), () -> 1.0);
        for (int i = 0; i < 100; i++) {
            backoff.next();
        }
        assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(60));
    }
}
