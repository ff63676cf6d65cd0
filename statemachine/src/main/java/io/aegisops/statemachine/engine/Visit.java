package io.aegisops.statemachine.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.statemachine.asl.State;
import io.aegisops.statemachine.asl.State.Catcher;
import io.aegisops.statemachine.asl.State.Retrier;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * One entry into a Task, Parallel or Map state, across its attempts: the input it was entered with and
 * when, its Retry and Catch, and how to start an attempt.
 */
final class Visit {

    final State state;
    final JsonNode rawInput;
    final Instant entered;
    final long enteredEventId;
    final RetryAndCatch retryAndCatch;
    private final Consumer<Visit> attempt;

    Visit(
            State state,
            List<Retrier> retriers,
            List<Catcher> catchers,
            JsonNode rawInput,
            Instant entered,
            long enteredEventId,
            Consumer<Visit> attempt) {
        this.state = state;
        this.rawInput = rawInput;
        this.entered = entered;
        this.enteredEventId = enteredEventId;
        this.retryAndCatch = new RetryAndCatch(retriers, catchers);
        this.attempt = attempt;
    }

    /** Starts an attempt: the first, or the next one a retrier asked for. */
    void attempt() {
        attempt.accept(this);
    }
}
