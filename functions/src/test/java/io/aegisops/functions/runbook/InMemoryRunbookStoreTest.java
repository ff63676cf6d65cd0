package io.aegisops.functions.runbook;

/** Unit: the fake keeps the {@link RunbookStoreContract}, as the DynamoDB adapter does. */
class InMemoryRunbookStoreTest extends RunbookStoreContract {

    InMemoryRunbookStoreTest() {
        super(new InMemoryRunbookStore());
    }
}
