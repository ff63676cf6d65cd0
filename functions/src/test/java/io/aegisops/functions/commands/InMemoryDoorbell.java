package io.aegisops.functions.commands;

import java.util.ArrayList;
import java.util.List;

/** {@link Doorbell} in memory: the rings in order, as "hostId commandId"; it can be made to fail as SQS can. */
public final class InMemoryDoorbell implements Doorbell {

    private final List<String> rings = new ArrayList<>();
    private boolean failing;

    @Override
    public synchronized void ring(String hostId, String commandId) {
        if (failing) {
            throw new IllegalStateException("the queue of " + hostId + " does not answer");
        }
        rings.add(hostId + " " + commandId);
    }

    /** Every ring from now on fails. */
    public synchronized void fail() {
        failing = true;
    }

    public synchronized List<String> rings() {
        return List.copyOf(rings);
    }
}
