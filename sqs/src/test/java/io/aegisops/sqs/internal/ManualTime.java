package io.aegisops.sqs.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A clock that moves only when a test says so, and the wakeups the queues book on it, run when they fall due. */
final class ManualTime extends Clock implements Wakeups {

    private record Booked(Instant when, Runnable action) {}

    private final List<Booked> booked = new ArrayList<>();
    private Instant now;

    ManualTime(Instant start) {
        this.now = start;
    }

    /** Moves the clock by {@code step} and runs every wakeup due by then, soonest first. */
    void advance(Duration step) {
        List<Booked> due;
        synchronized (this) {
            now = now.plus(step);
            due = booked.stream()
                    .filter(b -> !b.when().isAfter(now))
                    .sorted(Comparator.comparing(Booked::when))
                    .toList();
            booked.removeAll(due);
        }
        due.forEach(b -> b.action().run());
    }

    /** The instants booked and not yet run. */
    synchronized List<Instant> bookings() {
        return booked.stream().map(Booked::when).sorted().toList();
    }

    @Override
    public synchronized void at(Instant when, Runnable action) {
        booked.add(new Booked(when, action));
    }

    @Override
    public synchronized Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("UTC only");
    }
}
