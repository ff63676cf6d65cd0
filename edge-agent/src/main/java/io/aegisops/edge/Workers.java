package io.aegisops.edge;

import io.aegisops.contracts.Command;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The agent's {@code concurrency} slots: a slot is reserved before a claim is tried, so the agent never claims more
 * than it can run, and freed when the command's work ends, whatever its end.
 */
final class Workers {

    private final int size;
    private final Semaphore slots;
    private final Executor threads;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    Workers(int size, Executor threads) {
        this.size = size;
        this.slots = new Semaphore(size);
        this.threads = threads;
    }

    boolean tryReserve() {
        return slots.tryAcquire();
    }

    boolean hasFreeSlot() {
        return slots.availablePermits() > 0;
    }

    /** Frees a slot reserved for a claim that was not won. */
    void unreserve() {
        slots.release();
    }

    /** Runs the work of a claimed command in its reserved slot. */
    void start(Command command, Runnable work) {
        inFlight.add(command.commandId());
        threads.execute(() -> {
            try {
                work.run();
            } finally {
                inFlight.remove(command.commandId());
                slots.release();
            }
        });
    }

    int inFlight() {
        return inFlight.size();
    }

    Set<String> running() {
        return Set.copyOf(inFlight);
    }

    /** Waits until no command runs; false if some still ran after {@code timeout}. */
    boolean awaitIdle(Duration timeout) {
        try {
            if (slots.tryAcquire(size, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                slots.release(size);
                return true;
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
