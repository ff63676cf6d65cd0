package io.aegisops.functions.pipeline;

import io.aegisops.functions.commands.InMemoryCommandQueue;
import io.aegisops.functions.policy.InMemoryRestartBudgetStore;
import io.aegisops.functions.runbook.InMemoryRunbookStore;
import io.aegisops.functions.store.InMemoryIncidentStore;
import io.aegisops.functions.store.InMemoryOpenIncidents;

/**
 * The pipeline's stores in memory, for fast unit tests of the handlers: {@link #stores()} is what a handler takes,
 * the fakes are what a test arranges and reads back. Each fake keeps its port's contract as the DynamoDB adapter
 * does (the {@code *Contract} tests hold both to it).
 */
public record InMemoryStores(
        InMemoryIncidentStore incidents,
        InMemoryCommandQueue commands,
        InMemoryRunbookStore runbook,
        InMemoryRestartBudgetStore budgets,
        InMemoryOpenIncidents openIncidents) {

    /** Empty stores. */
    public static InMemoryStores create() {
        return over(new InMemoryIncidentStore());
    }

    /** Empty stores over {@code incidents} (a test's subclass that fails, say). */
    public static InMemoryStores over(InMemoryIncidentStore incidents) {
        return new InMemoryStores(
                incidents,
                new InMemoryCommandQueue(),
                new InMemoryRunbookStore(),
                new InMemoryRestartBudgetStore(),
                new InMemoryOpenIncidents(incidents));
    }

    public Stores stores() {
        return new Stores(incidents, commands, runbook, budgets, openIncidents);
    }
}
