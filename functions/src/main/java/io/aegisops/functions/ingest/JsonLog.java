package io.aegisops.functions.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aegisops.contracts.Json;
import java.time.Instant;

/**
 * One JSON object per line on standard output (CloudWatch Logs keeps it searchable). Callers pass only
 * what is safe to keep: never a header, a token, a body or an exception message from a token call.
 */
final class JsonLog {

    private JsonLog() {
    }

    static void info(String event, Object... keyValues) {
        write("INFO", event, keyValues);
    }

    static void warn(String event, Object... keyValues) {
        write("WARN", event, keyValues);
    }

    static void error(String event, Object... keyValues) {
        write("ERROR", event, keyValues);
    }

    private static void write(String level, String event, Object... keyValues) {
        ObjectNode line = Json.mapper().createObjectNode();
        line.put("time", Instant.now().toString());
        line.put("level", level);
        line.put("logger", "ingest");
        line.put("event", event);
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            line.set(String.valueOf(keyValues[i]), Json.mapper().valueToTree(keyValues[i + 1]));
        }
        System.out.println(Json.write(line));
    }
}
