package io.aegisops.local.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aegisops.contracts.Incident;
import io.aegisops.contracts.IncidentStatus;
import io.aegisops.contracts.Json;
import io.aegisops.local.trace.ExecutionTrace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;

/**
 * What the CLI, the demo and the end-to-end tests use to talk to a running stack, over the same wire as
 * any user would: the REST API with the webhook and approver tokens, and the Step Functions API (the real
 * AWS SDK client) on the edge port.
 */
public final class AegisClient implements AutoCloseable {

    /** One HTTP answer: status and body. */
    public record Answer(int status, String body) {
        public JsonNode json() {
            try {
                return Json.mapper().readTree(body.isEmpty() ? "{}" : body);
            } catch (IOException e) {
                throw new IllegalStateException(
                        "the stack answered " + status + " with a body that is not JSON: " + body, e);
            }
        }

        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final ConnectionInfo connection;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final SfnClient sfn;

    public AegisClient(ConnectionInfo connection) {
        this.connection = connection;
        this.sfn = stepFunctions(connection.endpoint());
    }

    /** The real Step Functions client against an edge port (dummy credentials, as LocalStack takes them). */
    public static SfnClient stepFunctions(URI endpoint) {
        return SfnClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    public ConnectionInfo connection() {
        return connection;
    }

    /** Sends an alert as a sender would: {@code POST /alerts} with the webhook token. */
    public Answer postAlert(String json) {
        return send(HttpRequest.newBuilder(connection.endpoint().resolve("/alerts"))
                .header("Authorization", "Bearer " + connection.webhookToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** Newest first; all pages. */
    public List<Incident> incidents(IncidentStatus status) {
        return incidents(status == null ? "" : "&status=" + status);
    }

    /** The incidents of alerts that matched no configured target, newest first; all pages. */
    public List<Incident> unmatchedIncidents() {
        return incidents("&unmatched=true");
    }

    private List<Incident> incidents(String filter) {
        List<Incident> all = new ArrayList<>();
        String cursor = null;
        do {
            StringBuilder query = new StringBuilder("/incidents?limit=100").append(filter);
            if (cursor != null) {
                query.append("&cursor=").append(URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            }
            JsonNode page =
                    expectOk(approverGet(query.toString()), "GET /incidents").json();
            page.path("incidents").forEach(node -> all.add(Json.mapper().convertValue(node, Incident.class)));
            cursor =
                    page.path("nextCursor").isTextual() ? page.get("nextCursor").asText() : null;
        } while (cursor != null);
        return all;
    }

    public Optional<Incident> incident(String incidentId) {
        Answer answer = approverGet("/incidents/" + URLEncoder.encode(incidentId, StandardCharsets.UTF_8));
        if (answer.status() == 404) {
            return Optional.empty();
        }
        return Optional.of(
                Json.read(expectOk(answer, "GET /incidents/" + incidentId).body(), Incident.class));
    }

    /** {@code POST /incidents/{id}/approval} as the configured approver. */
    public Answer decide(String incidentId, boolean approve, String comment) {
        return decide(incidentId, approve, false, comment);
    }

    /** @param force approve even if the target is found healthy at approval (no re-check) */
    public Answer decide(String incidentId, boolean approve, boolean force, String comment) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("decision", approve ? "APPROVE" : "REJECT");
        body.put("approver", connection.approver());
        if (comment != null) {
            body.put("comment", comment);
        }
        if (force) {
            body.put("force", true);
        }
        return send(HttpRequest.newBuilder(connection
                        .endpoint()
                        .resolve("/incidents/" + URLEncoder.encode(incidentId, StandardCharsets.UTF_8) + "/approval"))
                .header("Authorization", "Bearer " + connection.approverToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    public DescribeExecutionResponse execution(String executionArn) {
        return sfn.describeExecution(b -> b.executionArn(executionArn));
    }

    /** The execution's history as a trace (every page of it). */
    public ExecutionTrace trace(String executionArn) {
        return ExecutionTrace.load(sfn, executionArn);
    }

    public SfnClient stepFunctions() {
        return sfn;
    }

    /** GET with nothing but the URL: for the stack's own routes and the service's. */
    public Answer get(URI url) {
        return send(HttpRequest.newBuilder(url).GET());
    }

    public Answer post(URI url) {
        return send(HttpRequest.newBuilder(url).POST(HttpRequest.BodyPublishers.noBody()));
    }

    private Answer approverGet(String pathAndQuery) {
        return send(HttpRequest.newBuilder(connection.endpoint().resolve(pathAndQuery))
                .header("Authorization", "Bearer " + connection.approverToken())
                .GET());
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response =
                    http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (ConnectException e) {
            throw new StackUnreachableException(connection.endpoint(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("request to " + connection.endpoint() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static Answer expectOk(Answer answer, String what) {
        if (!answer.ok()) {
            throw new IllegalStateException(what + " answered " + answer.status() + ": " + answer.body());
        }
        return answer;
    }

    @Override
    public void close() {
        sfn.close();
    }

    /** Nothing listens where the connection info says the stack is. */
    public static final class StackUnreachableException extends IllegalStateException {
        StackUnreachableException(URI endpoint, Throwable cause) {
            super("no AegisOps stack answers at " + endpoint + ": start one with ./aegis up", cause);
        }
    }
}
