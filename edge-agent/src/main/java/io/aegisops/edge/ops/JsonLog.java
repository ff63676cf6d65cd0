package io.aegisops.edge.ops;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aegisops.contracts.Json;
import java.io.PrintStream;
import java.time.Clock;

/**
 * Structured logs: one JSON object per line ({@code ts}, {@code level}, {@code event}, then the given
 * fields). Callers never pass task tokens or credentials; command ids identify what a line is about.
 */
public final class JsonLog {

    private final PrintStream out;
    private final Clock clock;

    public JsonLog(PrintStream out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    public static JsonLog stdout() {
        return new JsonLog(System.out, Clock.systemUTC());
    }

    public void info(String event, Object... fields) {
        write("INFO", event, fields);
    }

    public void warn(String event, Object... fields) {
        write("WARN", event, fields);
    }

    public void error(String event, Object... fields) {
        write("ERROR", event, fields);
    }

    /** {@code fields} alternate names and values; null values are left out. */
    private void write(String level, String event, Object... fields) {
        if (fields.length % 2 != 0) {
            throw new IllegalArgumentException("fields must be name/value pairs");
        }
        ObjectNode line = Json.mapper().createObjectNode();
        line.put("ts", clock.instant().toString());
        line.put("level", level);
        line.put("event", event);
        for (int i = 0; i < fields.length; i += 2) {
            Object value = fields[i + 1];
            if (value != null) {
                line.set(
                        String.valueOf(fields[i]),
                        Json.mapper().valueToTree(value instanceof Throwable t ? describe(t) : value));
            }
        }
        String text = Json.write(line);
        synchronized (out) {
            out.println(text);
        }
    }

    private static String describe(Throwable t) {
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
