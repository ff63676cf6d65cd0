package io.aegisops.functions.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisops.contracts.RestartBudget;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Unit: the restart history counts a sliding window and forgets what is outside it. */
class RestartLedgerTest {

    static final Instant NOW = Instant.parse("2026-11-21T03:15:00Z");

    @Test
    void addingARestartDropsTheOnesOutsideTheWindow() {
        RestartLedger ledger = new RestartLedger(List.of(
                new RestartLedger.Restart("a", NOW.minus(Duration.ofMinutes(45))),
                new RestartLedger.Restart("b", NOW.minus(Duration.ofMinutes(5)))));

        RestartLedger next = ledger.with("c", NOW, RestartBudget.DEFAULT);

        assertThat(next.restarts()).extracting(RestartLedger.Restart::commandId).containsExactly("b", "c");
        assertThat(next.usedIn(RestartBudget.DEFAULT, NOW)).isEqualTo(2);
        assertThat(next.lastRestart()).contains(NOW);
        assertThat(next.contains("c")).isTrue();
        assertThat(next.contains("a")).isFalse();
    }

    @Test
    void restartsAreKeptInTimeOrder() {
        RestartLedger ledger = new RestartLedger(List.of(
                new RestartLedger.Restart("late", NOW), new RestartLedger.Restart("early", NOW.minusSeconds(60))));
        assertThat(ledger.lastRestart()).contains(NOW);
        assertThat(ledger.restarts().getFirst().commandId()).isEqualTo("early");
    }
}
