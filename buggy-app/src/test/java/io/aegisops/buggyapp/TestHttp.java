package io.aegisops.buggyapp;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/** Small helpers for talking to the app over real HTTP and waiting for what it should do. */
final class TestHttp {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    static final Duration POLL = Duration.ofMillis(25);

    private TestHttp() {}

    static HttpResponse<String> send(String method, String url) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(10))
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return send("GET", url);
    }

    static HttpResponse<String> post(String url) throws IOException, InterruptedException {
        return send("POST", url);
    }

    /**
     * Waits for {@code what}: {@code eventually("the exit hook ran", WAIT).until(() -> !exits.isEmpty())}. Polls
     * every 25 ms; a poll that fails (the app restarting, say) counts as not yet.
     */
    static ConditionFactory eventually(String what, Duration timeout) {
        return Awaitility.await(what).atMost(timeout).pollInterval(POLL).ignoreExceptions();
    }

    /**
     * Reads a Prometheus text page into {@code name{labels}} → value, failing on any line that is neither
     * a HELP/TYPE comment nor a well-formed sample.
     */
    static Map<String, Double> parseMetrics(String page) {
        Map<String, Double> samples = new HashMap<>();
        for (String line : page.lines().toList()) {
            if (line.startsWith("# HELP ")
                    || line.matches("# TYPE [a-zA-Z_:][a-zA-Z0-9_:]* (counter|gauge|histogram|summary|untyped)")) {
                continue;
            }
            if (!line.matches(
                    "[a-zA-Z_:][a-zA-Z0-9_:]*(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\]|\\\\.)*\",?)*})? [-+]?([0-9.eE+-]+|NaN|Inf)")) {
                throw new AssertionError("not Prometheus text format: " + line);
            }
            int space = line.lastIndexOf(' ');
            String value = line.substring(space + 1);
            samples.put(
                    line.substring(0, space),
                    value.endsWith("Inf")
                            ? (value.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY)
                            : Double.parseDouble(value));
        }
        return samples;
    }

    static Map<String, Double> metrics(String baseUrl) throws IOException, InterruptedException {
        HttpResponse<String> response = get(baseUrl + "/metrics");
        if (response.statusCode() != 200) {
            throw new AssertionError("/metrics answered " + response.statusCode());
        }
        return parseMetrics(response.body());
    }
}
