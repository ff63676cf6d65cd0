package io.aegisops.functions.store;

/** Unit: the fake the handler tests run on keeps the {@link IncidentStoreContract}, as the DynamoDB adapter does. */
class InMemoryIncidentStoreTest extends IncidentStoreContract {

    InMemoryIncidentStoreTest() {
        super(new InMemoryIncidentStore());
    }

    @Override
    IncidentStore emptyStore() {
        return new InMemoryIncidentStore();
    }
}
