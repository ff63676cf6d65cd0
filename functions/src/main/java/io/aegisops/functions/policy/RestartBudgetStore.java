package io.aegisops.functions.policy;

import io.aegisops.contracts.RestartBudget;
import java.time.Instant;
import java.util.function.Function;

/**
 * The remediation history of each target (every action that changes its container, not only restarts), consumed
 * atomically by the one who remediates.
 */
public interface RestartBudgetStore {

    RestartLedger ledger(String service);

    /**
     * Takes one action from the budget of {@code service} for {@code commandId}, if {@code decide} permits the
     * action on the very ledger that is then written (compare-and-set: a concurrent consumer makes it re-read
     * and decide again). Consuming twice for the same command takes the budget once. Restarts older than the
     * {@code budget}'s window are dropped from the item as it is written.
     */
    Consumption consume(
            String service,
            RestartBudget budget,
            String commandId,
            Instant now,
            Function<RestartLedger, PolicyVerdict> decide);

    /** What {@link #consume} did, and the verdict on the ledger it saw. */
    record Consumption(Result result, PolicyVerdict verdict) {}

    /** What consuming does to the ledger a store read: the consumption, and the ledger to write (null: none). */
    record Step(Consumption consumption, RestartLedger next) {}

    /**
     * {@link #consume} on {@code ledger}, the restart history a store read, without the writing: a store writes
     * {@link Step#next()}, on condition that nobody wrote in between. Pure.
     */
    static Step consumeOn(
            RestartLedger ledger,
            RestartBudget budget,
            String commandId,
            Instant now,
            Function<RestartLedger, PolicyVerdict> decide) {
        if (ledger.contains(commandId)) {
            return new Step(new Consumption(Result.ALREADY_CONSUMED, decide.apply(ledger.without(commandId))), null);
        }
        PolicyVerdict verdict = decide.apply(ledger);
        if (!verdict.permitsAction()) {
            return new Step(new Consumption(Result.REFUSED, verdict), null);
        }
        return new Step(new Consumption(Result.CONSUMED, verdict), ledger.with(commandId, now, budget));
    }

    enum Result {
        CONSUMED,
        ALREADY_CONSUMED,
        REFUSED
    }
}
