package io.aegisops.edge;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.contracts.Json;
import io.aegisops.edge.ops.JsonLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** The agent's structured log, kept in memory so a test can read what it wrote (and what it did not). */
public final class CapturedLog {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final JsonLog log = new JsonLog(new PrintStream(bytes, true, StandardCharsets.UTF_8), Clock.systemUTC());

    public JsonLog log() {
        return log;
    }

    public String text() {
        synchronized (bytes) {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    public List<JsonNode> lines() {
        return text().lines().map(line -> Json.read(line, JsonNode.class)).toList();
    }

    public List<JsonNode> events(String event) {
        return lines().stream()
                .filter(line -> event.equals(line.path("event").asText()))
                .toList();
    }

    /** Waits until the agent has logged {@code event}, for a test that must act after a step of the agent, not a request. */
    public JsonNode awaitEvent(String event, Duration timeout) {
        return await().alias(event + " logged")
                .atMost(timeout)
                .until(() -> events(event), found -> !found.isEmpty())
                .getFirst();
    }
}
