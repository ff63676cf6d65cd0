package io.aegisops.functions.store;

import io.aegisops.contracts.retry.Backoff;
import java.time.Duration;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The retry loop of an optimistic (compare-and-set) write: read, change, write on condition that nobody wrote
 * in between; on a lost race, wait a little and do it all again. The wait is exponential with full jitter, so
 * that writers who collided do not collide again in lockstep.
 */
public final class CompareAndSet {

    public static final int MAX_ATTEMPTS = 20;

    /** 10, 20, 40 … ms at most after the first, second, third … lost race; never more than 200 ms. */
    static final Backoff BACKOFF =
            Backoff.fullJitter(Duration.ofMillis(10), Duration.ofMillis(200)).attempts(MAX_ATTEMPTS);

    /** Thrown by an attempt that lost a race in a way other than a failed condition (a cancelled transaction). */
    public static final class Conflict extends RuntimeException {
        public Conflict(String message) {
            super(message, null, false, false);
        }
    }

    private CompareAndSet() {}

    /**
     * Runs {@code attempt} until it completes without a {@link ConditionalCheckFailedException} or {@link Conflict}.
     *
     * @param what names the item in the error when every attempt lost
     * @throws IllegalStateException after {@link #MAX_ATTEMPTS} lost races
     */
    public static <T> T retry(String what, Supplier<T> attempt) {
        return retry(what, attempt, BACKOFF);
    }

    static <T> T retry(String what, Supplier<T> attempt, Backoff backoff) {
        try {
            return backoff.retry(
                    e -> e instanceof ConditionalCheckFailedException || e instanceof Conflict, (n, e) -> {}, attempt);
        } catch (Backoff.GaveUp e) {
            throw new IllegalStateException(
                    e.interrupted()
                            ? "interrupted while waiting to retry a conditional write of " + what
                            : what + " kept changing; gave up after " + e.attempts() + " attempts",
                    e);
        }
    }
}
