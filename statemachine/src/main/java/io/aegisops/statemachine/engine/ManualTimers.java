package io.aegisops.statemachine.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Timers on a clock that only moves when told to: {@link #advance(Duration)} runs, in order and on
 * the calling thread, every action that falls due. With a same-thread worker executor this makes an
 * execution's timeouts, waits and retries deterministic and instant in tests.
 */
public final class ManualTimers implements Timers {

    @SuppressWarnings("ArrayRecordComponent") // the flag is shared with the cancel handle on purpose
    private record Entry(Instant due, long sequence, Runnable action, boolean[] cancelled) {}

    private final PriorityQueue<Entry> queue =
            new PriorityQueue<>((a, b) -> a.due().equals(b.due())
                    ? Long.compare(a.sequence(), b.sequence())
                    : a.due().compareTo(b.due()));
    private Instant now;
    private long sequence;

    public ManualTimers(Instant start) {
        this.now = start;
    }

    @Override
    public synchronized Instant now() {
        return now;
    }

    @Override
    public synchronized Timer schedule(Duration delay, Runnable action) {
        boolean[] cancelled = {false};
        queue.add(new Entry(now.plus(delay.isNegative() ? Duration.ZERO : delay), sequence++, action, cancelled));
        return () -> {
            synchronized (this) {
                cancelled[0] = true;
            }
        };
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
                if (next == null || next.due().isAfter(target)) {
                    now = target;
                    return;
                }
                queue.poll();
                now = next.due();
                if (next.cancelled()[0]) {
                    continue;
                }
            }
            next.action().run();
        }
    }

    /** When each action still pending is due, soonest first. */
    public synchronized List<Instant> pending() {
        List<Instant> due = new ArrayList<>();
        queue.stream().filter(e -> !e.cancelled()[0]).sorted(queue.comparator()).forEach(e -> due.add(e.due()));
        return due;
    }
}
