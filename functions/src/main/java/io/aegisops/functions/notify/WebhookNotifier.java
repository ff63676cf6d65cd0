package io.aegisops.functions.notify;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.contracts.Json;
import io.aegisops.functions.pipeline.Log;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * POSTs a notification as JSON to a webhook (Slack's incoming webhook, or any JSON receiver) with the JDK
 * HTTP client, once, with a short timeout. The URL is a secret for Slack: only the sink's name is logged.
 */
public final class WebhookNotifier implements Notifier {

    private final String name;
    private final URI url;
    private final Function<Notification, JsonNode> body;
    private final HttpClient http;
    private final Duration timeout;

    public WebhookNotifier(
            String name, URI url, Function<Notification, JsonNode> body, HttpClient http, Duration timeout) {
        this.name = name;
        this.url = url;
        this.body = body;
        this.http = http;
        this.timeout = timeout;
    }

    public static WebhookNotifier slack(URI url, HttpClient http, Duration timeout) {
        return new WebhookNotifier("slack", url, SlackMessage::of, http, timeout);
    }

    public static WebhookNotifier json(URI url, HttpClient http, Duration timeout) {
        return new WebhookNotifier("webhook", url, n -> Json.mapper().valueToTree(n), http, timeout);
    }

    @Override
    public boolean send(Notification notification) {
        Map<String, Object> log = new LinkedHashMap<>();
        log.put("sink", name);
        log.put("incidentId", notification.incidentId());
        log.put("notification", notification.event());
        try {
            HttpRequest request = HttpRequest.newBuilder(url)
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Json.write(body.apply(notification))))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            log.put("httpStatus", response.statusCode());
            boolean delivered = response.statusCode() / 100 == 2;
            if (delivered) {
                Log.info("notify.delivered", log);
            } else {
                Log.warn("notify.refused", log);
            }
            return delivered;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.put("error", "interrupted");
            Log.warn("notify.failed", log);
            return false;
        } catch (Exception e) {
            log.put("error", e.getClass().getSimpleName());
            Log.warn("notify.failed", log);
            return false;
        }
    }
}
