package io.aegisops.buggyapp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A webhook endpoint on loopback that checks what a real AegisOps ingest checks (bearer token, HMAC
 * signature over {@code t.body} within 5 minutes), written independently of the app's signing code, and
 * keeps every alert it accepted. It can answer errors for a while, or be stopped and started again on the
 * same port, to play a webhook that is briefly down.
 */
final class WebhookReceiver implements AutoCloseable {

    static final String SECRET = "test-hmac-secret-5f2a";
    static final String TOKEN = "test-bearer-token-9c1e";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One POST that reached the receiver, accepted or not. */
    record Delivery(int answeredWith, JsonNode alert, String failure) {}

    private final List<Delivery> deliveries = new ArrayList<>();
    private final AtomicInteger failNext = new AtomicInteger();
    private volatile int failWith = 503;
    private HttpServer server;
    private int port;

    WebhookReceiver() throws IOException {
        start(0);
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + port + "/alerts");
    }

    /** Answers the next {@code count} deliveries with {@code status} before accepting again. */
    void failNext(int count, int status) {
        failWith = status;
        failNext.set(count);
    }

    /** Stops listening: deliveries meet a closed port. */
    synchronized void stop() {
        server.stop(0);
    }

    /** Listens again, on the same port. */
    synchronized void restart() throws IOException {
        start(port);
    }

    synchronized List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** The alerts accepted (2xx), in the order they arrived. */
    synchronized List<JsonNode> accepted() {
        return deliveries.stream()
                .filter(d -> d.answeredWith() == 202)
                .map(Delivery::alert)
                .toList();
    }

    List<JsonNode> accepted(String alertType, String status) {
        return accepted().stream()
                .filter(alert -> alertType.equals(alert.path("alert_type").asText())
                        && status.equals(alert.path("status").asText()))
                .toList();
    }

    /** Waits until an accepted alert matches, and returns it. */
    JsonNode await(Predicate<JsonNode> match, Duration timeout) {
        try {
            return Awaitility.await()
                    .atMost(timeout)
                    .pollInterval(TestHttp.POLL)
                    .until(() -> accepted().stream().filter(match).findFirst(), Optional::isPresent)
                    .orElseThrow();
        } catch (ConditionTimeoutException none) {
            throw new AssertionError(
                    "no matching alert within " + timeout + "; received "
                            + deliveries().stream()
                                    .map(d -> d.answeredWith() + " "
                                            + d.alert().path("alert_type").asText() + "/"
                                            + d.alert().path("status").asText()
                                            + (d.failure() == null ? "" : " (" + d.failure() + ")"))
                                    .toList(),
                    none);
        }
    }

    JsonNode await(String alertType, String status, Duration timeout) {
        return await(
                alert -> alertType.equals(alert.path("alert_type").asText())
                        && status.equals(alert.path("status").asText()),
                timeout);
    }

    @Override
    public void close() {
        stop();
    }

    private void start(int onPort) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 0);
        port = server.getAddress().getPort();
        server.createContext("/alerts", exchange -> {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                String failure = check(
                        exchange.getRequestHeaders().getFirst("Authorization"),
                        exchange.getRequestHeaders().getFirst("X-Aegis-Signature"),
                        body);
                int status =
                        failure != null ? 401 : failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? failWith : 202;
                synchronized (this) {
                    deliveries.add(new Delivery(status, JSON.readTree(body), failure));
                }
                exchange.sendResponseHeaders(status, -1);
            }
        });
        server.start();
    }

    /** Null when the request is authentic, else why not. */
    private static String check(String authorization, String signature, String body) {
        if (!("Bearer " + TOKEN).equals(authorization)) {
            return "bad Authorization header: " + authorization;
        }
        if (signature == null || !signature.matches("t=\\d+,v1=[0-9a-f]{64}")) {
            return "bad signature header: " + signature;
        }
        String timestamp = signature.substring(2, signature.indexOf(','));
        if (Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp)) > 300) {
            return "signature timestamp outside the 5-minute window";
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] expected = mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            byte[] given = java.util.HexFormat.of().parseHex(signature.substring(signature.indexOf("v1=") + 3));
            return MessageDigest.isEqual(expected, given) ? null : "signature does not match the body";
        } catch (Exception e) {
            return e.toString();
        }
    }
}
