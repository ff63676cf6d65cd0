package io.aegisops.functions.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.aegisops.contracts.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Secrets Manager's wire protocol (AWS JSON 1.1, {@code X-Amz-Target: secretsmanager.GetSecretValue}) served on
 * loopback, for the real SDK client: one secret whose text a test can change (a rotation) or withdraw (an
 * outage, answered as AccessDenied, which the SDK does not retry).
 */
public final class FakeSecretsManager implements AutoCloseable {

    public static final String ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:aegis-ingest-AbCdEf";

    private final List<String> requestedIds = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final SecretsManagerClient client;
    private volatile String secretString;
    private final AtomicInteger version = new AtomicInteger(1);

    public FakeSecretsManager(String secretString) {
        this.secretString = secretString;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            try (exchange) {
                JsonNode request =
                        Json.mapper().readTree(exchange.getRequestBody().readAllBytes());
                boolean known = "secretsmanager.GetSecretValue"
                        .equals(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
                requestedIds.add(request.path("SecretId").asText());
                String current = this.secretString;
                ObjectNode body = Json.mapper().createObjectNode();
                int status = 400;
                if (!known) {
                    body.put("__type", "UnknownOperationException");
                } else if (current == null) {
                    body.put("__type", "AccessDeniedException").put("message", "not authorized");
                } else {
                    status = 200;
                    body.put("ARN", ARN)
                            .put("Name", "aegis-ingest")
                            .put("SecretString", current)
                            .put("VersionId", "v" + version.get());
                }
                byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
                exchange.sendResponseHeaders(status, bytes.length);
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

    /** A new version of the secret: what a rotation does. */
    public void rotate(String secretString) {
        this.secretString = secretString;
        version.incrementAndGet();
    }

    /** Every read from now on is refused, until the next {@link #rotate}. */
    public void refuseReads() {
        this.secretString = null;
    }

    public SecretsManagerClient client() {
        return client;
    }

    /** The secret ids read so far, one per GetSecretValue call. */
    public List<String> requestedIds() {
        return List.copyOf(requestedIds);
    }

    @Override
    public void close() {
        client.close();
        server.stop(0);
    }
}
