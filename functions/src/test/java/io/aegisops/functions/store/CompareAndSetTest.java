package io.aegisops.functions.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** Unit: lost races are retried after a jittered, growing, bounded wait; other errors are not retried. */
class CompareAndSetTest {

    private final List<Long> waits = new ArrayList<>();

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
                waits::add);

        assertThat(result).isEqualTo("written");
        assertThat(attempts).hasValue(4);
        assertThat(waits).hasSize(3);
        for (int i = 0; i < waits.size(); i++) {
            assertThat(waits.get(i)).isBetween(0L, CompareAndSet.ceilingMs(i + 1));
        }
    }

    @Test
    void theWaitGrowsAndIsBounded() {
        assertThat(CompareAndSet.ceilingMs(1)).isEqualTo(10);
        assertThat(CompareAndSet.ceilingMs(2)).isEqualTo(20);
        assertThat(CompareAndSet.ceilingMs(5)).isEqualTo(160);
        assertThat(CompareAndSet.ceilingMs(6)).isEqualTo(CompareAndSet.MAX_DELAY_MS);
        assertThat(CompareAndSet.ceilingMs(CompareAndSet.MAX_ATTEMPTS)).isEqualTo(CompareAndSet.MAX_DELAY_MS);
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
                        waits::add))
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
                        waits::add))
                .isInstanceOf(IncidentNotFoundException.class);
        assertThat(attempts).hasValue(1);
    }
}
