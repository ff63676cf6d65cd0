package io.aegisops.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.contracts.Incident;
import io.aegisops.contracts.IncidentStatus;
import io.aegisops.contracts.Json;
import io.aegisops.contracts.tables.Tables;
import io.aegisops.local.client.AegisClient;
import io.aegisops.local.stack.EmbeddedStack;
import io.aegisops.local.stack.StackOptions;
import io.aegisops.local.stack.StackSettings;
import io.aegisops.testsupport.LogCapture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The webhook under pressure: a storm of identical alerts, and alerts that are not what they claim. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlertIntakeEndToEndTest {

    private static final int STORM = 40;

    private EmbeddedStack stack;
    private AegisClient client;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() {
        stack = TestStack.start("intake", StackOptions.AppRuntime.PROCESS, Map.of());
        client = stack.client();
    }

    @AfterAll
    void stop() {
        client.close();
        stack.close();
    }

    private static String alert(String incidentId, String alertType, String summary, Instant startedAt) {
        return """
                {"incident_id":"%s","status":"firing","alert_type":"%s","severity":"HIGH","service":"buggy-app",
                 "container_name":"buggy-app","summary":"%s","timestamp":"%s"}""".formatted(incidentId, alertType, summary, startedAt);
    }

    private HttpResponse<String> post(String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(stack.endpoint().resolve("/alerts"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String signature(String secret, long unixSeconds, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String hex = HexFormat.of().formatHex(mac.doFinal((unixSeconds + "." + body).getBytes(StandardCharsets.UTF_8)));
        return "t=" + unixSeconds + ",v1=" + hex;
    }

    private List<Map<String, AttributeValue>> commands(String incidentId) {
        return stack
                .dynamo()
                .query(b -> b.tableName(Tables.named(stack.settings().get(StackSettings.TABLE_PREFIX), Tables.COMMANDS))
                        .keyConditionExpression("hostId = :h")
                        .expressionAttributeValues(Map.of(
                                ":h", AttributeValue.fromS(stack.settings().hostId()))))
                .items()
                .stream()
                .filter(item -> item.get("incidentId").s().equals(incidentId))
                .toList();
    }

    /** A counter of the edge agent's /metrics, e.g. RESTART commands that succeeded. */
    static double agentCounter(AegisClient client, URI opsUrl, String type, String outcome) {
        String metrics = client.get(opsUrl.resolve("/metrics")).body();
        Matcher m = Pattern.compile(
                        "aegis_edge_commands_total\\{type=\"" + type + "\",outcome=\"" + outcome + "\"} ([0-9.]+)")
                .matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @Nested
    class AStormOfIdenticalAlerts {
        @Test
        void makesOneIncidentOneExecutionAndOneRestart() throws Exception {
            String body = alert(
                    "storm-" + UUID.randomUUID(),
                    "HighMemoryUsage",
                    "heap used 95% of max above 85% for 1 s",
                    Instant.now());
            double restartsBefore = agentCounter(client, stack.agent().opsUrl(), "RESTART", "succeeded");
            LogCapture logs = LogCapture.everything();
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < STORM; i++) {
                    answers.add(senders.submit(() -> post(
                            body,
                            Map.of("Authorization", "Bearer " + stack.settings().webhookToken()))));
                }
            }
            List<String> incidentIds = new ArrayList<>();
            for (Future<HttpResponse<String>> answer : answers) {
                assertThat(answer.get().statusCode()).as(answer.get().body()).isEqualTo(202);
                incidentIds.add(Json.mapper()
                        .readTree(answer.get().body())
                        .get("incidentId")
                        .asText());
            }
            assertThat(incidentIds).containsOnly(incidentIds.getFirst());

            Incident incident = TestStack.awaitClosed(client, incidentIds.getFirst(), Duration.ofSeconds(90));
            logs.close();

            assertThat(incident.status()).isEqualTo(IncidentStatus.RESOLVED);
            assertThat(incident.alertCount()).isEqualTo(STORM);
            assertThat(client.incidents(null))
                    .filteredOn(i -> i.alert().alertType().equals("HighMemoryUsage"))
                    .hasSize(1);
            assertThat(TestStack.executions(stack)).containsOnlyOnce(incident.incidentId());
            assertThat(commands(incident.incidentId()))
                    .filteredOn(c -> c.get("type").s().equals("RESTART"))
                    .hasSize(1);
            assertThat(agentCounter(client, stack.agent().opsUrl(), "RESTART", "succeeded"))
                    .isEqualTo(restartsBefore + 1);
            everyLineOfTheRunNamesTheIncident(logs, incident.incidentId());
        }

        /**
         * Each function's lines (those that name a request) name the incident as soon as the function knows it:
         * every line of a request that is about the incident names it, and the only requests about none are
         * the listings of incidents.
         */
        private static void everyLineOfTheRunNamesTheIncident(LogCapture logs, String incidentId) {
            List<JsonNode> requestLines =
                    logs.lines().stream().filter(line -> line.has("requestId")).toList();
            Set<String> requestsOfTheIncident = requestLines.stream()
                    .filter(line -> incidentId.equals(line.path("incidentId").asText()))
                    .map(line -> line.get("requestId").asText())
                    .collect(Collectors.toSet());

            assertThat(requestLines)
                    .filteredOn(
                            line -> incidentId.equals(line.path("incidentId").asText()))
                    .extracting(line -> line.get("event").asText())
                    .contains(
                            "alerts.accepted",
                            "evidence.requested",
                            "diagnosis.decided",
                            "remediation.requested",
                            "incident.closed");
            assertThat(requestLines)
                    .filteredOn(line ->
                            requestsOfTheIncident.contains(line.get("requestId").asText()))
                    .allSatisfy(line -> assertThat(line.path("incidentId").asText())
                            .as(line.toString())
                            .isEqualTo(incidentId));
            assertThat(requestLines)
                    .filteredOn(line -> !line.has("incidentId"))
                    .allSatisfy(line -> assertThat(line.path("path").asText())
                            .as(line.toString())
                            .isEqualTo("/incidents"));
        }
    }

    @Nested
    class AForgedAlert {
        @Test
        void isRefusedWith401AndStartsNothing() throws Exception {
            List<String> before = TestStack.executions(stack);
            String secret = stack.settings().hmacSecret();
            long now = Instant.now().getEpochSecond();
            String body =
                    alert("forged-" + UUID.randomUUID(), "ForgedAlert", "whatever the sender claims", Instant.now());
            String tampered = body.replace("ForgedAlert", "ForgedAlert ");

            List<HttpResponse<String>> answers = List.of(
                    post(body, Map.of()),
                    post(body, Map.of("Authorization", "Bearer not-the-token-" + UUID.randomUUID())),
                    post(body, Map.of("X-Aegis-Signature", signature("another-secret-of-some-length", now, body))),
                    post(tampered, Map.of("X-Aegis-Signature", signature(secret, now, body))),
                    post(body, Map.of("X-Aegis-Signature", signature(secret, now - 600, body))),
                    // a valid token does not rescue a bad signature
                    post(
                            body,
                            Map.of(
                                    "Authorization",
                                    "Bearer " + stack.settings().webhookToken(),
                                    "X-Aegis-Signature",
                                    signature("another-secret-of-some-length", now, body))));

            assertThat(answers).allSatisfy(answer -> {
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(401);
                assertThat(answer.body())
                        .doesNotContain(secret)
                        .doesNotContain(stack.settings().webhookToken());
            });
            assertThat(client.incidents(null))
                    .noneMatch(i -> i.alert().alertType().startsWith("ForgedAlert"));
            assertThat(TestStack.executions(stack)).isEqualTo(before);

            // the same alert, signed with the real secret, is accepted: the refusals were about authenticity only
            HttpResponse<String> genuine = post(body, Map.of("X-Aegis-Signature", signature(secret, now, body)));
            assertThat(genuine.statusCode()).as(genuine.body()).isEqualTo(202);
        }
    }
}
