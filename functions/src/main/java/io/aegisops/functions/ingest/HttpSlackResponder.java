package io.aegisops.functions.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.contracts.Json;
import io.aegisops.contracts.logging.EventLog;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * POSTs the answer to the interaction's {@code response_url} with the JDK client, once. Slack wants the
 * interaction acknowledged within 3 seconds and the function answers after this call, so its timeout is short.
 * A response URL lets anyone post to the channel for 30 minutes: it is never logged.
 */
public final class HttpSlackResponder implements SlackResponder {

    private static final EventLog LOG = EventLog.of(HttpSlackResponder.class);
    static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final HttpClient http;

    public HttpSlackResponder(HttpClient http) {
        this.http = http;
    }

    public static HttpSlackResponder create() {
        return new HttpSlackResponder(
                HttpClient.newBuilder().connectTimeout(TIMEOUT).build());
    }

    @Override
    public boolean respond(URI responseUrl, JsonNode message) {
        try {
            HttpResponse<Void> response = http.send(
                    HttpRequest.newBuilder(responseUrl)
                            .timeout(TIMEOUT)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(Json.write(message)))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            boolean taken = response.statusCode() / 100 == 2;
            if (!taken) {
                LOG.warn("slack.responseRefused", "httpStatus", response.statusCode());
            }
            return taken;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("slack.responseFailed", "error", "interrupted");
            return false;
        } catch (Exception e) {
            LOG.warn("slack.responseFailed", "error", e.getClass().getSimpleName());
            return false;
        }
    }
}
