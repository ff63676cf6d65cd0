package io.aegisops.functions.policy;

import io.aegisops.contracts.RestartBudget;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The remedies of one target that still count against its budget, each with the command that did it, so that
 * consuming the budget twice for the same command (a retried Remediate) counts once. Every action that changes the
 * container is one entry (a rollback, a scale-up, a stop as well as a restart); the names are from when RESTART was
 * the only one.
 */
public record RestartLedger(List<Restart> restarts) {

    /** One restart: which command, and when the budget was taken for it. */
    public record Restart(String commandId, Instant at) {}

    public static final RestartLedger EMPTY = new RestartLedger(List.of());

    public RestartLedger {
        restarts = restarts == null
                ? List.of()
                : restarts.stream().sorted(Comparator.comparing(Restart::at)).toList();
    }

    /** Restarts inside the sliding window ending at {@code now}. */
    public int usedIn(RestartBudget budget, Instant now) {
        Instant windowStart = now.minus(Duration.ofMinutes(budget.windowMinutes()));
        return (int) restarts.stream().filter(r -> r.at().isAfter(windowStart)).count();
    }

    public Optional<Instant> lastRestart() {
        return restarts.isEmpty()
                ? Optional.empty()
                : Optional.of(restarts.getLast().at());
    }

    public boolean contains(String commandId) {
        return restarts.stream().anyMatch(r -> r.commandId().equals(commandId));
    }

    /** This ledger as it was before {@code commandId} took its restart. */
    public RestartLedger without(String commandId) {
        return new RestartLedger(
                restarts.stream().filter(r -> !r.commandId().equals(commandId)).toList());
    }

    /**
     * This ledger with one more restart, forgetting those older than the window (they no longer count,
     * and the item must not grow without bound).
     */
    public RestartLedger with(String commandId, Instant now, RestartBudget budget) {
        Instant windowStart = now.minus(Duration.ofMinutes(budget.windowMinutes()));
        List<Restart> kept = new ArrayList<>(
                restarts.stream().filter(r -> r.at().isAfter(windowStart)).toList());
        kept.add(new Restart(commandId, now));
        return new RestartLedger(kept);
    }
}
