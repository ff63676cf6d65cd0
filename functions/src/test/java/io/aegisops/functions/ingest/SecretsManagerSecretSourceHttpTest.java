package io.aegisops.functions.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.aegisops.contracts.Json;
import io.aegisops.functions.config.SecretsManagerSecretSource;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The Secrets Manager source against the service's wire protocol (AWS JSON 1.1,
 * {@code X-Amz-Target: secretsmanager.GetSecretValue}) served on loopback, through the real SDK client.
 */
class SecretsManagerSecretSourceHttpTest {

    private static final String ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:aegis-ingest-AbCdEf";

    private final List<String> requestedIds = new ArrayList<>();
    private HttpServer server;
    private SecretsManagerClient client;

    private void serve(String secretString) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                JsonNode request =
                        Json.mapper().readTree(exchange.getRequestBody().readAllBytes());
                boolean known = "secretsmanager.GetSecretValue"
                        .equals(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
                requestedIds.add(request.path("SecretId").asText());
                ObjectNode body = Json.mapper().createObjectNode();
                if (known) {
                    body.put("ARN", ARN)
                            .put("Name", "aegis-ingest")
                            .put("SecretString", secretString)
                            .put("VersionId", "v1");
                } else {
                    body.put("__type", "UnknownOperationException");
                }
                byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
                exchange.sendResponseHeaders(known ? 200 : 400, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        });
        server.start();
        client = SecretsManagerClient.builder()
                .endpointOverride(
                        URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.stop(0);
    }

    @Test
    void theSecretIsReadOnceAndGivesTheCredentials() throws IOException {
        serve(Json.write(Map.of(
                Credentials.WEBHOOK_TOKENS,
                "webhook-token-0000001",
                Credentials.APPROVER_TOKENS,
                "alice:approver-token-0001")));

        SecretsManagerSecretSource source = new SecretsManagerSecretSource(client, ARN);
        Credentials credentials = Credentials.from(source);
        source.get(Credentials.WEBHOOK_TOKENS);

        assertThat(requestedIds).containsExactly(ARN);
        assertThat(credentials.isWebhookToken("webhook-token-0000001")).isTrue();
        assertThat(credentials.approverFor("approver-token-0001")).contains("alice");
        assertThat(source.get(Credentials.HMAC_SECRETS)).isEmpty();
    }

    @Test
    void aSecretThatIsNotAJsonObjectIsRefusedWithoutShowingIt() throws IOException {
        serve("plain-secret-text-0001");

        assertThatThrownBy(() -> new SecretsManagerSecretSource(client, ARN))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(ARN)
                .hasMessageNotContaining("plain-secret-text");
    }
}
