package io.aegisops.buggyapp;

import static io.aegisops.buggyapp.TestHttp.eventually;
import static io.aegisops.buggyapp.TestHttp.get;
import static io.aegisops.buggyapp.TestHttp.metrics;
import static io.aegisops.buggyapp.TestHttp.post;
import static io.aegisops.buggyapp.TestHttp.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * HTTP: the app in-process on a free loopback port, its alerts going to a real webhook endpoint. Each
 * fault must show in /health, /metrics and a signed alert within seconds, once per episode, and resolve.
 * (The memory leak and real process exits are in {@link BuggyAppProcessHttpTest}: they need their own JVM.)
 */
class BuggyAppHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String ORDERS_BUCKET =
            "http_server_request_duration_seconds_bucket{route=\"/api/orders\",le=\"%s\"}";

    private WebhookReceiver receiver;
    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final List<Integer> exits = new CopyOnWriteArrayList<>();
    private final List<String> alertsAcceptedAtExit = new CopyOnWriteArrayList<>();
    private BuggyApp app;
    private String base;

    @BeforeEach
    void start() throws Exception {
        receiver = new WebhookReceiver();
        app = start(Map.of());
    }

    /** Fast polls and a short window, so that every episode starts and ends within seconds. */
    private BuggyApp start(Map<String, String> overrides) throws Exception {
        Map<String, String> env = new HashMap<>(Map.ofEntries(
                Map.entry("PORT", "0"),
                Map.entry("SERVICE_NAME", "orders"),
                Map.entry("CONTAINER_NAME", "orders-1"),
                Map.entry("AEGIS_WEBHOOK_URL", receiver.url().toString()),
                Map.entry("AEGIS_WEBHOOK_TOKEN", WebhookReceiver.TOKEN),
                Map.entry("AEGIS_WEBHOOK_HMAC_SECRET", WebhookReceiver.SECRET),
                Map.entry("WEBHOOK_FIRST_BACKOFF_MS", "50"),
                Map.entry("MONITOR_INTERVAL_MS", "100"),
                Map.entry("MONITOR_WINDOW_SECONDS", "2"),
                Map.entry("MONITOR_MIN_REQUESTS", "3"),
                Map.entry("MONITOR_CLEAR_SECONDS", "1"),
                Map.entry("MONITOR_LATENCY_P95_MS", "200"),
                // The in-process CPU reading is the whole test JVM's: only the CPU tests lower this.
                Map.entry("MONITOR_CPU_RATIO", "0.95"),
                Map.entry("MONITOR_CPU_FOR_SECONDS", "5"),
                Map.entry("SELF_TRAFFIC_PER_SECOND", "20")));
        env.putAll(overrides);
        BuggyApp started = BuggyApp.start(
                AppConfig.fromEnvironment(env),
                status -> {
                    receiver.accepted()
                            .forEach(alert -> alertsAcceptedAtExit.add(
                                    alert.get("alert_type").asText()));
                    exits.add(status);
                },
                new PrintStream(logBytes, true, StandardCharsets.UTF_8));
        base = "http://127.0.0.1:" + started.port();
        return started;
    }

    @AfterEach
    void stop() {
        app.close();
        receiver.close();
    }

    private JsonNode health() throws Exception {
        return JSON.readTree(get(base + "/health").body());
    }

    private int healthStatus() throws Exception {
        return get(base + "/health").statusCode();
    }

    private static String bucket(String le) {
        return ORDERS_BUCKET.formatted(le);
    }

    /** Waits for the episode to resolve, then checks it fired exactly once, and resolved exactly once, as one incident. */
    private void assertOneEpisode(String alertType, JsonNode firing) throws Exception {
        JsonNode resolved = receiver.await(alertType, "resolved", WAIT);
        assertThat(resolved.get("incident_id")).isEqualTo(firing.get("incident_id"));
        assertThat(resolved.get("timestamp"))
                .as("the episode's start, unchanged")
                .isEqualTo(firing.get("timestamp"));
        assertThat(resolved.has("ended_at")).isTrue();
        assertThat(receiver.accepted(alertType, "firing"))
                .as("once per episode, not once per poll")
                .hasSize(1);
        assertThat(receiver.accepted(alertType, "resolved")).hasSize(1);
        assertThat(receiver.deliveries())
                .as("every delivery was authentic")
                .allSatisfy(d -> assertThat(d.failure()).isNull());
    }

    @Nested
    class WhenHealthy {

        @Test
        void healthIsUpAndMetricsCoverHeapCpuLatencyErrorsUptimeAndFaults() throws Exception {
            eventually("self traffic shows in the latency histogram", WAIT)
                    .until(() -> metrics(base).getOrDefault(bucket("+Inf"), 0.0) >= 5);

            assertThat(healthStatus()).isEqualTo(200);
            assertThat(health().get("status").asText()).isEqualTo("UP");
            var response = get(base + "/metrics");
            assertThat(response.headers().firstValue("Content-Type")).hasValue(PrometheusText.CONTENT_TYPE);
            Map<String, Double> samples = TestHttp.parseMetrics(response.body());
            assertThat(samples.get("jvm_memory_heap_used_bytes")).isPositive();
            assertThat(samples.get("jvm_memory_heap_max_bytes"))
                    .isEqualTo((double) Runtime.getRuntime().maxMemory());
            assertThat(samples.get("process_cpu_seconds_total")).isPositive();
            assertThat(samples.get("process_cpu_usage")).isBetween(0.0, 1.0);
            assertThat(samples.get("process_uptime_seconds")).isPositive();
            assertThat(samples.get("http_server_errors_total")).isZero();
            assertThat(samples.get("buggy_app_faults_active")).isZero();
            assertThat(samples.get("buggy_app_alert_firing{alert_type=\"HighMemoryUsage\"}"))
                    .isZero();
            double previous = 0;
            for (double le : RequestStats.BUCKETS) {
                double count = samples.get(bucket(PrometheusText.number(le)));
                assertThat(count).as("buckets are cumulative").isGreaterThanOrEqualTo(previous);
                previous = count;
            }
            assertThat(samples.get(bucket("+Inf")))
                    .isEqualTo(samples.get("http_server_request_duration_seconds_count{route=\"/api/orders\"}"));
            assertThat(receiver.deliveries()).as("a healthy app raises nothing").isEmpty();
        }

        @Test
        void everyLogLineIsAJsonObjectAndNoneCarriesTheTokenOrSecret() throws Exception {
            post(base + "/faults/errors?seconds=1");
            receiver.await("HighErrorRate", "firing", WAIT);

            String[] lines = logBytes.toString(StandardCharsets.UTF_8).strip().split("\n", -1);
            assertThat(lines.length).isGreaterThan(3);
            for (String line : lines) {
                JsonNode entry = JSON.readTree(line);
                assertThat(entry.hasNonNull("ts") && entry.hasNonNull("level") && entry.hasNonNull("event"))
                        .as(line)
                        .isTrue();
            }
            assertThat(logBytes.toString(StandardCharsets.UTF_8))
                    .doesNotContain(WebhookReceiver.TOKEN, WebhookReceiver.SECRET);
        }
    }

    @Nested
    class DependencyLatency {

        @Test
        void requestsSlowDownHealthTurnsAndOneSignedAlertCarriesTheLogs() throws Exception {
            double slowBefore = metrics(base).getOrDefault(bucket("0.5"), 0.0)
                    - metrics(base).getOrDefault(bucket("0.25"), 0.0);

            assertThat(post(base + "/faults/latency?ms=400").statusCode()).isEqualTo(202);

            assertThat(healthStatus()).isEqualTo(503);
            assertThat(health().get("failing")).containsExactly(JSON.valueToTree("dependency"));
            JsonNode firing = receiver.await("DependencyLatency", "firing", WAIT);
            assertThat(firing.get("severity").asText()).isEqualTo("MEDIUM");
            assertThat(firing.get("service").asText()).isEqualTo("orders");
            assertThat(firing.get("container_name").asText()).isEqualTo("orders-1");
            assertThat(firing.get("summary").asText())
                    .startsWith("p95 latency of /api/orders 4")
                    .endsWith("above 200 ms");
            assertThat(firing.get("logs").asText())
                    .contains("slow dependency call")
                    .contains("\"durationMs\":4");
            Map<String, Double> samples = metrics(base);
            assertThat(samples.get(bucket("0.5")) - samples.get(bucket("0.25")))
                    .as("requests between 250 and 500 ms")
                    .isGreaterThan(slowBefore);

            assertThat(send("DELETE", base + "/faults").body()).contains("\"cleared\":[\"latency\"]");
            assertThat(healthStatus()).isEqualTo(200);
            assertOneEpisode("DependencyLatency", firing);
        }

        @Test
        void theSeedProjectsGetAliasTriggersIt() throws Exception {
            assertThat(get(base + "/trigger_db_latency?ms=300&seconds=2").statusCode())
                    .isEqualTo(202);

            assertThat(healthStatus()).isEqualTo(503);
            JsonNode firing = receiver.await("DependencyLatency", "firing", WAIT);
            eventually("the fault ends by itself after 2 s", WAIT).until(() -> healthStatus() == 200);
            assertOneEpisode("DependencyLatency", firing);
        }
    }

    @Nested
    class ErrorBurst {

        @Test
        void requestsAnswer500HealthTurnsTheErrorCountMovesAndTheAlertResolvesWhenCleared() throws Exception {
            assertThat(post(base + "/faults/errors").statusCode()).isEqualTo(202);

            assertThat(get(base + "/api/orders").statusCode()).isEqualTo(500);
            assertThat(healthStatus()).isEqualTo(503);
            assertThat(health().get("failing")).containsExactly(JSON.valueToTree("errors"));
            JsonNode firing = receiver.await("HighErrorRate", "firing", WAIT);
            assertThat(firing.get("severity").asText()).isEqualTo("HIGH");
            assertThat(firing.get("logs").asText()).contains("request failed: dependency unavailable");
            assertThat(metrics(base).get("http_server_errors_total")).isGreaterThanOrEqualTo(3);
            assertThat(metrics(base).get("buggy_app_fault_active{fault=\"errors\"}"))
                    .isEqualTo(1);

            assertThat(post(base + "/faults/clear").statusCode()).isEqualTo(200);
            assertThat(get(base + "/api/orders").statusCode()).isEqualTo(200);
            assertThat(healthStatus()).isEqualTo(200);
            assertOneEpisode("HighErrorRate", firing);
        }
    }

    /** The bad release's image sets BUGGY_APP_RELEASE=bad: it fails from its first request, and nothing clears it. */
    @Nested
    class BadRelease {

        @Test
        void failsItsHealthCheckAndEveryOrderFromTheStartRaisesHighErrorRateAndCannotBeCleared() throws Exception {
            app.close();
            app = start(Map.of("BUGGY_APP_RELEASE", "bad"));

            assertThat(healthStatus()).isEqualTo(503);
            assertThat(health().get("failing")).containsExactly(JSON.valueToTree("release"));
            assertThat(get(base + "/api/orders").statusCode()).isEqualTo(500);
            JsonNode firing = receiver.await("HighErrorRate", "firing", WAIT);
            assertThat(firing.get("logs").asText()).contains("bad release: the orders client is built against");
            assertThat(metrics(base).get("buggy_app_fault_active{fault=\"bad-release\"}"))
                    .isEqualTo(1);

            assertThat(post(base + "/faults/clear").statusCode()).isEqualTo(200);
            assertThat(healthStatus())
                    .as("only another image heals a bad release")
                    .isEqualTo(503);
            assertThat(get(base + "/api/orders").statusCode()).isEqualTo(500);
        }
    }

    @Nested
    class CpuSpike {

        @BeforeEach
        void lowerTheCpuThreshold() throws Exception {
            app.close();
            app = start(Map.of("MONITOR_CPU_RATIO", "0.25", "MONITOR_CPU_FOR_SECONDS", "1"));
        }

        @Test
        void busyThreadsRaiseCpuAndOneAlertUntilCleared() throws Exception {
            assertThat(post(base + "/faults/cpu?seconds=60&threads=4").statusCode())
                    .isEqualTo(202);
            assertThat(metrics(base).get("buggy_app_fault_active{fault=\"cpu\"}"))
                    .isEqualTo(1);

            JsonNode firing = receiver.await("HighCpuUsage", "firing", WAIT);
            assertThat(firing.get("summary").asText()).contains("above 25% for 1 s");
            eventually("process_cpu_usage above 25%", WAIT)
                    .until(() -> metrics(base).get("process_cpu_usage") > 0.25);
            assertThat(healthStatus())
                    .as("a busy service still answers: health stays up")
                    .isEqualTo(200);

            assertThat(send("DELETE", base + "/faults").body()).contains("\"cleared\":[\"cpu\"]");
            assertThat(metrics(base).get("buggy_app_fault_active{fault=\"cpu\"}"))
                    .isZero();
            assertOneEpisode("HighCpuUsage", firing);
        }

        @Test
        void theSeedProjectsAliasStartsASpikeThatEndsByItself() throws Exception {
            assertThat(get(base + "/trigger_cpu?seconds=1&threads=1").statusCode())
                    .isEqualTo(202);
            assertThat(metrics(base).get("buggy_app_fault_active{fault=\"cpu\"}"))
                    .isEqualTo(1);

            eventually("the spike ends after its second", Duration.ofSeconds(5))
                    .until(() -> metrics(base).get("buggy_app_fault_active{fault=\"cpu\"}") == 0);
        }
    }

    @Nested
    class Crash {

        @Test
        void answersThenSendsALastGaspAlertThenExitsWithTheStatusOnce() throws Exception {
            assertThat(post(base + "/faults/crash?exitCode=7").statusCode()).isEqualTo(202);

            eventually("the exit hook ran", WAIT).until(() -> !exits.isEmpty());
            assertThat(exits).containsExactly(7);
            assertThat(alertsAcceptedAtExit)
                    .as("the alert was delivered before the process ended")
                    .contains("ServiceCrashed");
            JsonNode crashed = receiver.accepted("ServiceCrashed", "firing").getFirst();
            assertThat(crashed.get("severity").asText()).isEqualTo("CRITICAL");
            assertThat(crashed.get("summary").asText())
                    .isEqualTo("process exiting with code 7: crash requested through the fault API");
            assertThat(crashed.get("logs").asText()).contains("service crashing");

            post(base + "/faults/crash");
            // nothing marks a crash that does not happen: the one exit must stay the only one for a while
            await("a process exits once")
                    .during(Duration.ofMillis(200))
                    .atMost(Duration.ofSeconds(2))
                    .until(() -> exits.size() == 1);
            assertThat(exits).containsExactly(7);
        }
    }

    @Nested
    class BadInput {

        @Test
        void aBadParameterIsA400ThatNamesItAndStartsNothing() throws Exception {
            var response = post(base + "/faults/cpu?seconds=abc");

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(response.body()).get("error").asText())
                    .isEqualTo("seconds must be a whole number from 1 to 600, got 'abc'");
            assertThat(post(base + "/faults/latency?ms=0").statusCode()).isEqualTo(400);
            assertThat(post(base + "/faults/errors?ratio=2").statusCode()).isEqualTo(400);
            assertThat(post(base + "/faults/memory?holdAtHeapRatio=1.5").statusCode())
                    .isEqualTo(400);
            assertThat(post(base + "/faults/crash?exitCode=0").statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(get(base + "/faults").body()).get("activeFaults"))
                    .isEmpty();
            assertThat(exits).isEmpty();
        }

        @Test
        void unknownRoutesAndMethodsAreRefused() throws Exception {
            assertThat(get(base + "/faults/cpu").statusCode()).isEqualTo(405);
            assertThat(send("PUT", base + "/trigger_cpu").statusCode()).isEqualTo(405);
            assertThat(post(base + "/faults/disk").statusCode()).isEqualTo(404);
            assertThat(get(base + "/nowhere").statusCode()).isEqualTo(404);
            assertThat(get(base + "/healthz").statusCode())
                    .as("no prefix matches")
                    .isEqualTo(404);
            assertThat(get(base + "/metrics").body())
                    .contains("http_server_requests_total{route=\"other\",status=\"404\"} 2");
            assertThat(JSON.readTree(get(base + "/faults").body()).get("activeFaults"))
                    .isEmpty();
        }
    }
}
