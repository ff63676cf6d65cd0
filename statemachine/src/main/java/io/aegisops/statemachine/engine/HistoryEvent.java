package io.aegisops.statemachine.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * One event of an execution's history, shaped like GetExecutionHistory's: ids count from 1,
 * {@code previousEventId} is the event before it in the same branch, and {@code details} holds the
 * type's details object (input and output as JSON text), or null.
 */
public record HistoryEvent(
        long id, long previousEventId, Instant timestamp, HistoryEventType type, ObjectNode details) {

    /** A details field as text, or null: {@code detail("name")}, {@code detail("error")}, … */
    public String detail(String field) {
        JsonNode value = details == null ? null : details.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
