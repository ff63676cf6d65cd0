package io.aegisops.functions.policy;

import io.aegisops.contracts.RestartBudget;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Restart ledgers in memory, keeping the contract of {@link RestartBudgetStore} as {@link DynamoRestartBudgetStore}
 * keeps it ({@link RestartBudgetStoreContract} holds both to it): the policy decides on the very ledger that is then
 * written, and a command takes its restart once.
 */
public class InMemoryRestartBudgetStore implements RestartBudgetStore {

    private final Map<String, RestartLedger> ledgers = new HashMap<>();

    @Override
    public synchronized RestartLedger ledger(String service) {
        return ledgers.getOrDefault(service, RestartLedger.EMPTY);
    }

    @Override
    public synchronized Consumption consume(
            String service,
            RestartBudget budget,
            String commandId,
            Instant now,
            Function<RestartLedger, PolicyVerdict> decide) {
        Step step = RestartBudgetStore.consumeOn(ledger(service), budget, commandId, now, decide);
        if (step.next() != null) {
            ledgers.put(service, step.next());
        }
        return step.consumption();
    }
}
