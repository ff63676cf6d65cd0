package io.aegisops.functions.policy;

/** Unit: the fake keeps the {@link RestartBudgetStoreContract}, as the DynamoDB adapter does. */
class InMemoryRestartBudgetStoreTest extends RestartBudgetStoreContract {

    InMemoryRestartBudgetStoreTest() {
        super(new InMemoryRestartBudgetStore());
    }
}
