package io.aegisops.edge.time;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A {@link Scheduler} whose clock moves only when told: {@link #advance} runs, in order and on the calling thread,
 * every repeating action that falls due, and {@link #sleep} advances the clock by the pause (recorded for
 * {@link #sleeps()}) instead of parking the thread. With work run on the test's own thread, the agent's leases,
 * heartbeats and retries then happen at exact, instant, repeatable times.
 */
public final class ManualScheduler implements Scheduler {

    private static final class Entry {
        final Duration every;
        final Runnable action;
        final long sequence;
        Instant due;

        Entry(Duration every, Runnable action, long sequence, Instant due) {
            this.every = every;
            this.action = action;
            this.sequence = sequence;
            this.due = due;
        }
    }

    private final PriorityQueue<Entry> queue =
            new PriorityQueue<>(Comparator.<Entry, Instant>comparing(e -> e.due).thenComparingLong(e -> e.sequence));
    private final List<Duration> sleeps = new ArrayList<>();
    private Instant now;
    private long sequence;

    public ManualScheduler(Instant start) {
        this.now = start;
    }

    @Override
    public synchronized Instant now() {
        return now;
    }

    @Override
    public synchronized Repeating repeat(Duration every, Runnable action) {
        if (!every.isPositive()) {
            throw new IllegalArgumentException("a repeating action needs a positive period, not " + every);
        }
        Entry entry = new Entry(every, action, sequence++, now.plus(every));
        queue.add(entry);
        return () -> {
            synchronized (this) {
                queue.remove(entry);
            }
        };
    }

    /** Advances the clock by the pause, running what falls due meanwhile. */
    @Override
    public void sleep(Duration duration) {
        synchronized (this) {
            sleeps.add(duration);
        }
        advance(duration);
    }

    /** Moves the clock forward, running what falls due (including what those actions schedule within the span). */
    public void advance(Duration duration) {
        Instant target;
        synchronized (this) {
            target = now.plus(duration);
        }
        while (true) {
            Entry next;
            synchronized (this) {
                next = queue.peek();
                if (next == null || next.due.isAfter(target)) {
                    now = target;
                    return;
                }
                queue.poll();
                now = next.due;
                next.due = next.due.plus(next.every);
                queue.add(next);
            }
            next.action.run();
        }
    }

    /** Every pause slept through so far, in order. */
    public synchronized List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }

    /** How many repeating actions are scheduled (not cancelled). */
    public synchronized int repeating() {
        return queue.size();
    }
}
