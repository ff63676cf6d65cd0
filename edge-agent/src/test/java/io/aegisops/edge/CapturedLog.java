package io.aegisops.edge;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.contracts.logging.EventLog;
import io.aegisops.testsupport.LogCapture;
import java.time.Duration;
import java.util.List;

/** The agent's structured log, kept in memory and nowhere else, so a test can read what it wrote (and what it did not). */
public final class CapturedLog {

    private final LogCapture capture = LogCapture.isolated();

    public EventLog log() {
        return capture.log();
    }

    public String text() {
        return capture.text();
    }

    public List<JsonNode> lines() {
        return capture.lines();
    }

    public List<JsonNode> events(String event) {
        return capture.events(event);
    }

    /** Waits until the agent has logged {@code event}, for a test that must act after a step of the agent, not a request. */
    public JsonNode awaitEvent(String event, Duration timeout) {
        return await().alias(event + " logged")
                .atMost(timeout)
                .until(() -> events(event), found -> !found.isEmpty())
                .getFirst();
    }
}
