package io.aegisops.functions.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** An incident's execution as the console draws it: the definition it runs and the states it has visited. */
public interface ExecutionViews {

    /** Empty when there is no such execution. */
    Optional<ExecutionView> view(String executionArn);

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
}
