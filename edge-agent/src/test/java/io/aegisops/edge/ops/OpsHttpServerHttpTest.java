package io.aegisops.edge.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.contracts.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpsHttpServerHttpTest {

    private final AtomicReference<AgentHealth> health = new AtomicReference<>(new AgentHealth(
            AgentHealth.Status.UP, "edge-1", "edge-1/agent-1-abc", 1, Instant.parse("2026-11-21T10:00:00Z"), null));
    private final Metrics metrics = new Metrics().counter("aegis_edge_polls_total", "Queries.");
    private final OpsHttpServer server = OpsHttpServer.start(0, health::get, metrics);
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        server.close();
        http.close();
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthAnswers200WithTheAgentsStateWhileUp() throws Exception {
        HttpResponse<String> response = send("GET", "/health");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = Json.read(response.body(), JsonNode.class);
        assertThat(body.path("status").asText()).isEqualTo("UP");
        assertThat(body.path("hostId").asText()).isEqualTo("edge-1");
        assertThat(body.path("inFlight").asInt()).isEqualTo(1);
        assertThat(body.path("lastPollAt").asText()).isEqualTo("2026-11-21T10:00:00Z");
    }

    @Test
    void healthAnswers503WithTheReasonWhenTheControlPlaneIsUnreachable() throws Exception {
        health.set(new AgentHealth(
                AgentHealth.Status.DEGRADED, "edge-1", "a", 0, null, "SdkClientException: connection refused"));

        HttpResponse<String> response = send("GET", "/health");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(Json.read(response.body(), JsonNode.class)
                        .path("controlPlaneError")
                        .asText())
                .contains("connection refused");
    }

    @Test
    void metricsServesThePrometheusTextFormat() throws Exception {
        metrics.increment("aegis_edge_polls_total");

        HttpResponse<String> response = send("GET", "/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(response.body()).contains("# TYPE aegis_edge_polls_total counter\naegis_edge_polls_total 1\n");
    }

    @Test
    void acceptsOnlyGet() throws Exception {
        assertThat(send("POST", "/health").statusCode()).isEqualTo(405);
    }

    @Test
    void listensOnLoopbackOnly() {
        assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
    }
}
