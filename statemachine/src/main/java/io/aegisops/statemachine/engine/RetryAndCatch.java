package io.aegisops.statemachine.engine;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aegisops.statemachine.asl.State.Catcher;
import io.aegisops.statemachine.asl.State.Retrier;
import io.aegisops.statemachine.asl.StatesError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What the Retry and Catch of one visit to a Task, Parallel or Map state make of each error. The first
 * retrier whose ErrorEquals matches retries, unless it has used up its MaxAttempts for that error: then
 * Catch decides, and later retriers are not asked. Else the first matching catcher; else the error is
 * uncaught. As the Step Functions developer guide describes it, a retrier's backoff grows with every retry
 * it has made in this visit, while its MaxAttempts counts the retries of each error name separately;
 * entering the state again starts afresh.
 */
final class RetryAndCatch {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    sealed interface Decision permits Retry, Catch, Uncaught {}

    /** Start the next attempt after {@code delay}. */
    record Retry(Duration delay) implements Decision {}

    /** Go on to the catcher's Next with the error output at its ResultPath. */
    record Catch(Catcher catcher) implements Decision {}

    /** Nothing handles the error: the strand fails with it. */
    record Uncaught() implements Decision {}

    private static final Uncaught UNCAUGHT = new Uncaught();

    private final List<Retrier> retriers;
    private final List<Catcher> catchers;
    private final int[] retries;
    private final List<Map<String, Integer>> retriesByError;
    private int retryCount;

    RetryAndCatch(List<Retrier> retriers, List<Catcher> catchers) {
        this.retriers = retriers;
        this.catchers = catchers;
        this.retries = new int[retriers.size()];
        this.retriesByError = new ArrayList<>();
        for (int i = 0; i < retriers.size(); i++) {
            retriesByError.add(new HashMap<>());
        }
    }

    /** The retries made so far in this visit: {@code $$.State.RetryCount}. */
    int retryCount() {
        return retryCount;
    }

    /** Decides what {@code error} leads to; a retry is counted at once. */
    Decision onError(String error) {
        if (StatesError.isTerminal(error)) {
            return UNCAUGHT;
        }
        for (int i = 0; i < retriers.size(); i++) {
            Retrier retrier = retriers.get(i);
            if (StatesError.matches(retrier.errorEquals(), error)) {
                Map<String, Integer> byError = retriesByError.get(i);
                if (byError.getOrDefault(error, 0) < retrier.maxAttempts()) {
                    Duration delay = backoff(retrier, retries[i]);
                    byError.merge(error, 1, Integer::sum);
                    retries[i]++;
                    retryCount++;
                    return new Retry(delay);
                }
                break;
            }
        }
        for (Catcher catcher : catchers) {
            if (StatesError.matches(catcher.errorEquals(), error)) {
                return new Catch(catcher);
            }
        }
        return UNCAUGHT;
    }

    /** IntervalSeconds × BackoffRate^n, capped by MaxDelaySeconds, drawn from [0, that] with FULL jitter. */
    static Duration backoff(Retrier retrier, int retriesSoFar) {
        double seconds = retrier.intervalSeconds() * Math.pow(retrier.backoffRate(), retriesSoFar);
        if (retrier.maxDelaySeconds() != null) {
            seconds = Math.min(seconds, retrier.maxDelaySeconds());
        }
        if (retrier.fullJitter()) {
            seconds = ThreadLocalRandom.current().nextDouble() * seconds;
        }
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    /** What a catcher places at its ResultPath: {@code {"Error": …, "Cause": …}}, without Cause when there is none. */
    static ObjectNode errorOutput(String error, String cause) {
        ObjectNode output = NODES.objectNode().put("Error", error);
        if (cause != null) {
            output.put("Cause", cause);
        }
        return output;
    }
}
