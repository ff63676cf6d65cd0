package io.aegisops.functions.store;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The retry loop of an optimistic (compare-and-set) write: read, change, write on condition that nobody wrote
 * in between; on a lost race, wait a little and do it all again. The wait is exponential with full jitter, so
 * that writers who collided do not collide again in lockstep.
 */
public final class CompareAndSet {

    public static final int MAX_ATTEMPTS = 20;
    static final long BASE_DELAY_MS = 5;
    static final long MAX_DELAY_MS = 200;

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
        return retry(what, attempt, CompareAndSet::sleep);
    }

    static <T> T retry(String what, Supplier<T> attempt, LongConsumer sleeper) {
        for (int attemptNo = 1; attemptNo <= MAX_ATTEMPTS; attemptNo++) {
            try {
                return attempt.get();
            } catch (ConditionalCheckFailedException | Conflict raced) {
                if (attemptNo < MAX_ATTEMPTS) {
                    sleeper.accept(ThreadLocalRandom.current().nextLong(ceilingMs(attemptNo) + 1));
                }
            }
        }
        throw new IllegalStateException(what + " kept changing; gave up after " + MAX_ATTEMPTS + " attempts");
    }

    /** The longest wait after the {@code attemptNo}-th lost race: 10, 20, 40 … ms, at most 200 ms. */
    static long ceilingMs(int attemptNo) {
        return Math.min(MAX_DELAY_MS, BASE_DELAY_MS << Math.min(attemptNo, 16));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry a conditional write", e);
        }
    }
}
