package io.aegisops.contracts.retry;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;
import software.amazon.awssdk.retries.api.BackoffStrategy;

/**
 * The pauses between attempts of a call that may fail for a while (a control plane that does not answer, a
 * conditional write that lost a race), on the AWS SDK's {@link BackoffStrategy}: the pause before the n-th attempt
 * is the strategy's {@code computeDelay(n)}, none before the first. {@link #retry} runs the loop; callers that keep
 * their own count of failures (a poll loop) ask {@link #delayBefore(int)}.
 *
 * <p>The Step Functions engine's Retry (IntervalSeconds × BackoffRate, MaxDelaySeconds, JitterStrategy) is not
 * this: the ASL defines it.
 */
public final class Backoff {

    /** Waits out a pause: {@link Thread#sleep} in production, a manual clock in tests. */
    @FunctionalInterface
    public interface Pause {
        void pause(Duration duration) throws InterruptedException;
    }

    /** Told of each failed attempt (numbered from 1), before the pause that follows it. */
    @FunctionalInterface
    public interface FailureListener {
        void failed(int attempt, RuntimeException error);
    }

    private final BackoffStrategy strategy;
    private final int maxAttempts;
    private final Pause pause;

    private Backoff(BackoffStrategy strategy, int maxAttempts, Pause pause) {
        this.strategy = strategy;
        this.maxAttempts = maxAttempts;
        this.pause = pause;
    }

    /**
     * Doubles from {@code base} up to {@code max}, each pause drawn from the upper half of that ceiling: clients
     * started together do not retry in step, and none retries much sooner than planned.
     */
    public static Backoff halfJitter(Duration base, Duration max) {
        return of(BackoffStrategy.exponentialDelayHalfJitter(base, max));
    }

    /** Doubles from {@code base} up to {@code max}, each pause drawn from zero to that ceiling ("full jitter"). */
    public static Backoff fullJitter(Duration base, Duration max) {
        return of(BackoffStrategy.exponentialDelay(base, max));
    }

    /** Any strategy, for instance one without jitter in a test; 3 attempts, sleeping the calling thread. */
    public static Backoff of(BackoffStrategy strategy) {
        return new Backoff(strategy, 3, Thread::sleep);
    }

    /** The same pauses, for at most {@code attempts} attempts of a call in {@link #retry}. */
    public Backoff attempts(int attempts) {
        if (attempts < 1) {
            throw new IllegalArgumentException("at least one attempt, not " + attempts);
        }
        return new Backoff(strategy, attempts, pause);
    }

    /** The same pauses, waited out by {@code pause} instead of sleeping the calling thread. */
    public Backoff pausing(Pause pause) {
        return new Backoff(strategy, maxAttempts, pause);
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    /** The pause before attempt {@code attempt} (from 1; the first waits nothing). */
    public Duration delayBefore(int attempt) {
        return strategy.computeDelay(attempt);
    }

    /**
     * Runs {@code call} until it returns, at most {@link #maxAttempts()} times, pausing {@link #delayBefore} the
     * attempt between two. A failure {@code retryable} does not accept is thrown at once.
     *
     * @throws GaveUp when every attempt failed, or when the thread was interrupted while pausing (its interrupt flag
     *     set again)
     */
    public <T> T retry(Predicate<? super RuntimeException> retryable, FailureListener onFailure, Supplier<T> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (RuntimeException e) {
                if (!retryable.test(e)) {
                    throw e;
                }
                onFailure.failed(attempt, e);
                if (attempt >= maxAttempts) {
                    throw new GaveUp(attempt, false, e);
                }
                try {
                    pause.pause(delayBefore(attempt + 1));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new GaveUp(attempt, true, e);
                }
            }
        }
    }

    /** {@link #retry} stopped without a value; the cause is the last attempt's failure. */
    public static final class GaveUp extends RuntimeException {
        private final int attempts;
        private final boolean interrupted;

        GaveUp(int attempts, boolean interrupted, RuntimeException last) {
            super(
                    (interrupted ? "interrupted after " : "gave up after ") + attempts + " attempt(s): "
                            + last.getMessage(),
                    last);
            this.attempts = attempts;
            this.interrupted = interrupted;
        }

        public int attempts() {
            return attempts;
        }

        /** Stopped because the thread was interrupted while pausing, not because the attempts ran out. */
        public boolean interrupted() {
            return interrupted;
        }
    }
}
