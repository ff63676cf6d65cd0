package io.aegisops.functions.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aegisops.contracts.retry.Backoff;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** Unit: lost races are retried after a jittered, growing, bounded wait; other errors are not retried. */
class CompareAndSetTest {

    private final List<Duration> waits = new ArrayList<>();
    private final Backoff recorded = CompareAndSet.BACKOFF.pausing(waits::add);

    /** The longest wait after the {@code lost}-th lost race. */
    private static long ceilingMs(int lost) {
        return Math.min(200, 10L << Math.min(lost - 1, 20));
    }

    @Test
    void aLostRaceIsRetriedUntilTheWriteLands() {
        AtomicInteger attempts = new AtomicInteger();
        String result = CompareAndSet.retry(
                "item",
                () -> {
                    if (attempts.incrementAndGet() < 4) {
                        throw attempts.get() % 2 == 0
                                ? new CompareAndSet.Conflict("cancelled")
                                : ConditionalCheckFailedException.builder()
                                        .message("version moved")
                                        .build();
                    }
                    return "written";
                },
                recorded);

        assertThat(result).isEqualTo("written");
        assertThat(attempts).hasValue(4);
        assertThat(waits).hasSize(3);
        for (int i = 0; i < waits.size(); i++) {
            assertThat(waits.get(i).toMillis()).isBetween(0L, ceilingMs(i + 1));
        }
    }

    @Test
    void theWaitGrowsAndIsBounded() {
        for (int lost = 1; lost < CompareAndSet.MAX_ATTEMPTS; lost++) {
            for (int draw = 0; draw < 20; draw++) {
                assertThat(CompareAndSet.BACKOFF.delayBefore(lost + 1).toMillis())
                        .as("after lost race %d", lost)
                        .isBetween(0L, ceilingMs(lost));
            }
        }
        assertThat(ceilingMs(1)).isEqualTo(10);
        assertThat(ceilingMs(5)).isEqualTo(160);
        assertThat(ceilingMs(CompareAndSet.MAX_ATTEMPTS)).isEqualTo(200);
    }

    @Test
    void aWriteThatAlwaysLosesGivesUpWithTheItemsName() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> CompareAndSet.retry(
                        "runbook entry X",
                        () -> {
                            attempts.incrementAndGet();
                            throw ConditionalCheckFailedException.builder()
                                    .message("version moved")
                                    .build();
                        },
                        recorded))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("runbook entry X");
        assertThat(attempts).hasValue(CompareAndSet.MAX_ATTEMPTS);
        assertThat(waits).hasSize(CompareAndSet.MAX_ATTEMPTS - 1);
    }

    @Test
    void otherErrorsAreNotRetried() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> CompareAndSet.retry(
                        "item",
                        () -> {
                            attempts.incrementAndGet();
                            throw new IncidentNotFoundException("inc-1");
                        },
                        recorded))
                .isInstanceOf(IncidentNotFoundException.class);
        assertThat(attempts).hasValue(1);
    }
}
