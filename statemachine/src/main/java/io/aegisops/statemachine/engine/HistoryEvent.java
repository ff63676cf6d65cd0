package io.aegisops.statemachine.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aegisops.statemachine.asl.JsonValues;
import java.time.Instant;
import java.util.Objects;

/**
 * One event of an execution's history, shaped like GetExecutionHistory's: ids count from 1,
 * {@code previousEventId} is the event before it in the same branch, and {@code details} holds the
 * type's details object (input and output as JSON text), or null.
 *
 * <p>A state's entered and exited events, most of any history, keep the state's name and the JSON value
 * it received or produced and write their details only when first read: a chain of states that nobody
 * inspects costs no serialisation. The value is the one the state saw: the engine never changes a JSON
 * value in place (ResultPath and templates build new nodes), so the text is the same whenever it is written.
 */
public final class HistoryEvent {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final long id;
    private final long previousEventId;
    private final Instant timestamp;
    private final HistoryEventType type;
    private final String stateName;
    private final JsonNode stateData;
    private ObjectNode details;

    public HistoryEvent(long id, long previousEventId, Instant timestamp, HistoryEventType type, ObjectNode details) {
        this(id, previousEventId, timestamp, type, null, null, details);
    }

    private HistoryEvent(
            long id,
            long previousEventId,
            Instant timestamp,
            HistoryEventType type,
            String stateName,
            JsonNode stateData,
            ObjectNode details) {
        this.id = id;
        this.previousEventId = previousEventId;
        this.timestamp = timestamp;
        this.type = type;
        this.stateName = stateName;
        this.stateData = stateData;
        this.details = details;
    }

    /** A StateEntered ({@code input}) or StateExited ({@code output}) event, its details written when read. */
    static HistoryEvent state(
            long id, long previousEventId, Instant timestamp, HistoryEventType type, String name, JsonNode data) {
        return new HistoryEvent(id, previousEventId, timestamp, type, name, Objects.requireNonNull(data), null);
    }

    public long id() {
        return id;
    }

    public long previousEventId() {
        return previousEventId;
    }

    public Instant timestamp() {
        return timestamp;
    }

    public HistoryEventType type() {
        return type;
    }

    /** The details object; for a state's event written on first read, then kept. */
    public synchronized ObjectNode details() {
        if (details == null && stateData != null) {
            String field = type.isStateEntered() ? "input" : "output";
            details = NODES.objectNode().put("name", stateName).put(field, JsonValues.write(stateData));
            details.putObject(field + "Details").put("truncated", false);
        }
        return details;
    }

    /** A details field as text, or null: {@code detail("name")}, {@code detail("error")}, … */
    public String detail(String field) {
        ObjectNode all = details();
        JsonNode value = all == null ? null : all.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    @Override
    public String toString() {
        return "HistoryEvent[id=" + id + ", previousEventId=" + previousEventId + ", timestamp=" + timestamp + ", type="
                + type + ", details=" + details() + "]";
    }
}
