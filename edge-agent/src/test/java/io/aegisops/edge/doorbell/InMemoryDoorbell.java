package io.aegisops.edge.doorbell;

import io.aegisops.edge.time.ManualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link Doorbell} in memory on a {@link ManualScheduler}: a wait with no ring pending runs its course on the manual
 * clock (what an empty long poll does), a wait with rings returns them at once. Rings taken but not answered stay
 * hidden until {@link #redeliver()}, as SQS messages do until their visibility timeout. Every call is counted as the
 * request it would be.
 */
public final class InMemoryDoorbell implements Doorbell {

    private final ManualScheduler clock;
    private final List<Ring> waiting = new ArrayList<>();
    private final Map<String, Ring> hidden = new LinkedHashMap<>();
    private final List<Duration> waits = new ArrayList<>();
    private int answered;
    private int receipts;
    private boolean failing;

    public InMemoryDoorbell(ManualScheduler clock) {
        this.clock = clock;
    }

    /** The pipeline rings for {@code commandId}. */
    public synchronized void ring(String commandId) {
        waiting.add(new Ring(commandId, "receipt-" + ++receipts));
    }

    /** Rings taken and not answered ring again (their visibility timeout ran out). */
    public synchronized void redeliver() {
        hidden.values().forEach(ring -> waiting.add(new Ring(ring.commandId(), "receipt-" + ++receipts)));
        hidden.clear();
    }

    /** Every wait from now on fails, as an unreachable queue does; false: they answer again. */
    public synchronized void failing(boolean failing) {
        this.failing = failing;
    }

    @Override
    public List<Ring> await(Duration wait) {
        synchronized (this) {
            waits.add(wait);
            if (failing) {
                throw new IllegalStateException("queue unreachable");
            }
            if (!waiting.isEmpty()) {
                List<Ring> rings = List.copyOf(waiting);
                waiting.clear();
                rings.forEach(ring -> hidden.put(ring.receipt(), ring));
                return rings;
            }
        }
        clock.advance(wait);
        return List.of();
    }

    @Override
    public synchronized void answered(Ring ring) {
        answered++;
        hidden.remove(ring.receipt());
    }

    /** How long each wait asked for, in order. */
    public synchronized List<Duration> waits() {
        return List.copyOf(waits);
    }

    /** Rings taken and not answered. */
    public synchronized List<String> unanswered() {
        return hidden.values().stream().map(Ring::commandId).toList();
    }

    /** The requests made of the queue: waits (ReceiveMessage) and answers (DeleteMessage). */
    public synchronized int requests() {
        return waits.size() + answered;
    }
}
