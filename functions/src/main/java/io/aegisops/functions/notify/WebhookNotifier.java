package io.aegisops.functions.notify;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.contracts.Json;
import io.aegisops.contracts.logging.EventLog;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Function;

/**
 * POSTs a notification as JSON to a webhook (Slack's incoming webhook, or any JSON receiver) with the JDK
 * HTTP client, once, with a short timeout. The URL is a secret for Slack: only the sink's name is logged.
 */
public final class WebhookNotifier implements Notifier {

    private static final EventLog LOG = EventLog.of(WebhookNotifier.class);

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

    /**
     * @param buttons approval requests with Approve and Reject buttons (the Slack app's interactivity is set up)
     * @param onCall  the Slack mention an escalation calls, null for none
     */
    public static WebhookNotifier slack(URI url, boolean buttons, String onCall, HttpClient http, Duration timeout) {
        return new WebhookNotifier("slack", url, n -> SlackMessage.of(n, buttons, onCall), http, timeout);
    }

    public static WebhookNotifier json(URI url, HttpClient http, Duration timeout) {
        return new WebhookNotifier("webhook", url, n -> Json.mapper().valueToTree(n), http, timeout);
    }

    @Override
    public boolean send(Notification notification) {
        try {
            HttpRequest request = HttpRequest.newBuilder(url)
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Json.write(body.apply(notification))))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            boolean delivered = response.statusCode() / 100 == 2;
            if (delivered) {
                LOG.info("notify.delivered", fields(notification, "httpStatus", response.statusCode()));
            } else {
                LOG.warn("notify.refused", fields(notification, "httpStatus", response.statusCode()));
            }
            return delivered;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("notify.failed", fields(notification, "error", "interrupted"));
            return false;
        } catch (Exception e) {
            LOG.warn("notify.failed", fields(notification, "error", e.getClass().getSimpleName()));
            return false;
        }
    }

    /** What every line about a delivery names, then {@code name} and {@code value}. */
    private Object[] fields(Notification notification, String name, Object value) {
        return new Object[] {
            "sink",
            this.name,
            "incidentId",
            notification.incidentId(),
            "notification",
            notification.event(),
            name,
            value
        };
    }
}
