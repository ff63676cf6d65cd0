package io.aegisops.functions.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aegisops.contracts.Json;
import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Structured logs: one JSON object per line on standard output, which Lambda sends to CloudWatch as is.
 * Callers pass ids, names and counts; never a secret, never raw log text (it may hold one).
 */
public final class Log {

    private static final PrintStream OUT = System.out;

    private Log() {}

    public static void info(String event, Map<String, ?> fields) {
        write("INFO", event, fields);
    }

    public static void warn(String event, Map<String, ?> fields) {
        write("WARN", event, fields);
    }

    public static void error(String event, Map<String, ?> fields) {
        write("ERROR", event, fields);
    }

    /** Fields from alternating names and values, in order; a null value is left out. */
    public static Map<String, Object> fields(Object... namesAndValues) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                fields.put(String.valueOf(namesAndValues[i]), namesAndValues[i + 1]);
            }
        }
        return fields;
    }

    private static void write(String level, String event, Map<String, ?> fields) {
        ObjectNode line = Json.mapper().createObjectNode();
        line.put("ts", Instant.now().toString());
        line.put("level", level);
        line.put("event", event);
        fields.forEach((k, v) -> {
            if (!line.has(k)) { // ts, level and event are the logger's own
                line.set(k, Json.mapper().valueToTree(v));
            }
        });
        OUT.println(line);
    }
}
