package io.aegisops.local.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.aegisops.contracts.Json;
import io.aegisops.local.lambda.LocalFunction;
import io.aegisops.local.lambda.LocalLambda;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** HTTP: requests become the REST proxy event AWS sends, and proxy responses become HTTP answers. */
class ApiGatewayProxyHttpTest {

    private final LocalLambda lambda = new LocalLambda(Clock.systemUTC());
    private final AtomicReference<JsonNode> lastEvent = new AtomicReference<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private HttpServer server;
    private URI base;

    @BeforeEach
    void start() throws Exception {
        lambda.register(new LocalFunction(
                "api",
                () -> (in, out, ctx) -> {
                    JsonNode event = Json.mapper().readTree(in);
                    lastEvent.set(event);
                    if (event.path("path").asText().endsWith("/explode")) {
                        throw new IllegalStateException("handler bug");
                    }
                    ObjectNode response = Json.mapper().createObjectNode();
                    response.put("statusCode", 202);
                    response.putObject("headers")
                            .put("Content-Type", "application/json")
                            .put("X-Test", "yes");
                    response.put("body", "{\"accepted\":true}");
                    out.write(Json.mapper().writeValueAsBytes(response));
                },
                512,
                Duration.ofSeconds(5)));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(
                "/",
                new ApiGatewayProxy(
                        lambda,
                        "api",
                        List.of(
                                new ApiGatewayProxy.Route("POST", "/alerts"),
                                new ApiGatewayProxy.Route("GET", "/incidents/{id}"),
                                new ApiGatewayProxy.Route("POST", "/incidents/{id}/explode")),
                        "local"));
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        server.stop(0);
        lambda.close();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Nested
    class Events {
        @Test
        void aPostBecomesAProxyEventWithBodyAndHeaders() throws Exception {
            HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/alerts"))
                    .header("Authorization", "Bearer t0k3n")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"alert\":1}")));

            assertThat(response.statusCode()).isEqualTo(202);
            assertThat(response.headers().firstValue("X-Test")).contains("yes");
            assertThat(response.body()).isEqualTo("{\"accepted\":true}");
            JsonNode event = lastEvent.get();
            assertThat(event.get("httpMethod").asText()).isEqualTo("POST");
            assertThat(event.get("resource").asText()).isEqualTo("/alerts");
            assertThat(event.get("body").asText()).isEqualTo("{\"alert\":1}");
            assertThat(event.get("isBase64Encoded").asBoolean()).isFalse();
            assertThat(event.at("/headers/Authorization").asText()).isEqualTo("Bearer t0k3n");
            assertThat(event.at("/requestContext/stage").asText()).isEqualTo("local");
        }

        @Test
        void pathParametersAndQueryStringAreExtracted() throws Exception {
            send(HttpRequest.newBuilder(base.resolve("/incidents/inc-generic-42?status=RESOLVED&limit=5"))
                    .GET());

            JsonNode event = lastEvent.get();
            assertThat(event.get("resource").asText()).isEqualTo("/incidents/{id}");
            assertThat(event.at("/pathParameters/id").asText()).isEqualTo("inc-generic-42");
            assertThat(event.at("/queryStringParameters/status").asText()).isEqualTo("RESOLVED");
            assertThat(event.at("/queryStringParameters/limit").asText()).isEqualTo("5");
            assertThat(event.get("body").isNull()).isTrue();
        }
    }

    @Nested
    class GatewayAnswers {
        @Test
        void anUnknownPathIsAnsweredLikeApiGateway() throws Exception {
            HttpResponse<String> response =
                    send(HttpRequest.newBuilder(base.resolve("/admin")).GET());
            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.body()).contains("Missing Authentication Token");
            assertThat(lastEvent.get()).isNull();
        }

        @Test
        void aKnownPathWithAnotherMethodIsRefused() throws Exception {
            HttpResponse<String> response =
                    send(HttpRequest.newBuilder(base.resolve("/alerts")).GET());
            assertThat(response.statusCode()).isEqualTo(405);
            assertThat(lastEvent.get()).isNull();
        }

        @Test
        void aFailingFunctionIsA502() throws Exception {
            HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/incidents/x/explode"))
                    .POST(HttpRequest.BodyPublishers.noBody()));
            assertThat(response.statusCode()).isEqualTo(502);
            assertThat(response.body()).contains("Internal server error");
        }
    }
}
