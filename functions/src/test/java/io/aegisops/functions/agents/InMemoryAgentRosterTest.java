package io.aegisops.functions.agents;

import io.aegisops.contracts.AgentLiveness;

/** Unit: the fake keeps the {@link AgentRosterContract}, as the DynamoDB adapter does. */
class InMemoryAgentRosterTest extends AgentRosterContract {

    InMemoryAgentRosterTest() {
        super(new InMemoryAgentRoster());
    }

    @Override
    void report(AgentLiveness liveness) {
        ((InMemoryAgentRoster) roster).report(liveness);
    }
}
