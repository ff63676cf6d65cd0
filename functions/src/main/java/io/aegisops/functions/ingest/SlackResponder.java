package io.aegisops.functions.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;

/** Answers a Slack interaction through its {@code response_url}: replaces the message, or tells the clicker alone. */
public interface SlackResponder {

    /** Best effort: false (and logged, never the URL) when Slack did not take it. Never throws. */
    boolean respond(URI responseUrl, JsonNode message);
}
