package io.aegisops.functions.store;

import io.aegisops.functions.pipeline.InMemoryStores;

/** Unit: the fake keeps the {@link OpenIncidentsContract}, as the DynamoDB adapter does. */
class InMemoryOpenIncidentsTest extends OpenIncidentsContract {

    InMemoryOpenIncidentsTest() {
        super(InMemoryStores.create().stores());
    }
}
