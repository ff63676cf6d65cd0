package io.aegisops.functions.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An incident's execution as the console draws it: the definition it runs and the states it has visited, and, one
 * visit at a time, what went into a state and what came out.
 */
public interface ExecutionViews {

    /** Empty when there is no such execution. */
    Optional<ExecutionView> view(String executionArn);

    /**
     * The {@code index}-th state entered (0 first, as {@link ExecutionView#visits} lists them) with its input and its
     * output, both {@link StateDocuments#shown shown} (redacted, tokens masked, long text cut); empty when the
     * execution or the visit does not exist.
     */
    Optional<StateIo> visit(String executionArn, int index);

    /**
     * @param definition the state machine's ASL, as JSON
     * @param visits     the states entered, in order; a state entered again (a retry loop) is visited again
     */
    record ExecutionView(
            String executionArn,
            String status,
            Instant startedAt,
            Instant stoppedAt,
            JsonNode definition,
            List<StateVisit> visits) {

        public ExecutionView {
            visits = List.copyOf(visits);
        }
    }

    /** One state entered; {@code exitedAt} is null while the execution is in it (or when it failed there). */
    record StateVisit(String state, Instant enteredAt, Instant exitedAt) {}

    /** One visit's documents; {@code output} is null until the state is left. */
    record StateIo(int index, String state, Instant enteredAt, Instant exitedAt, JsonNode input, JsonNode output) {}
}
