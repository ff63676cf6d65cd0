package io.aegisops.functions.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aegisops.contracts.Incident;
import io.aegisops.contracts.IncidentStatus;
import io.aegisops.contracts.Json;
import io.aegisops.contracts.tables.TableDefinition;
import io.aegisops.contracts.tables.Tables;
import io.aegisops.functions.config.EnvSecretSource;
import io.aegisops.functions.config.SecretSource;
import io.aegisops.functions.store.DynamoIncidentStore;
import io.aegisops.functions.store.DynamoOpenIncidents;
import io.aegisops.functions.store.IncidentStore;
import io.aegisops.functions.store.OpenIncidents;
import io.aegisops.testsupport.DynamoDbExtension;
import io.aegisops.testsupport.LocalAws;
import io.aegisops.testsupport.LocalDynamoDb;
import io.aegisops.testsupport.RecordingStepFunctionsServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.support.TypeBasedParameterResolver;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The ingest functions wired to the DynamoDB engine and the recording Step Functions server, with the
 * configuration a deployment would give them, and helpers that call the handler with proxy events.
 * A test class gets one through {@link PerTestClass}.
 */
public final class IngestStack implements AutoCloseable {

    public static final String STATE_MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:aegis-pipeline";
    public static final String WEBHOOK_TOKEN = "webhook-token-primary-0001";
    public static final String ROTATED_TOKEN = "webhook-token-rotated-0002";
    public static final String HMAC_SECRET = "hmac-secret-for-tests-0001";
    public static final String ALICE_TOKEN = "approver-token-alice-0001";
    public static final String BOB_TOKEN = "approver-token-bob-000001";
    /** The console's origin on AWS, the one cross-origin page the API answers. */
    public static final String CONSOLE_ORIGIN = "https://d111111abcdef8.cloudfront.net";

    public static final Instant START = Instant.parse("2026-11-21T03:13:00Z");
    static final String TARGETS = """
            {"targets": [{"service": "buggy-app", "hostId": "edge-1", "container": "buggy-app",
                          "healthUrl": "http://127.0.0.1:8081/health", "allowedActions": ["RESTART"]}]}""";

    /** An answer: its status, its JSON body and its headers as the proxy response gives them. */
    public record Response(int status, JsonNode body, JsonNode headers) {}

    /**
     * One stack per test class (its nested classes share it), emptied before each test, closed after the class.
     * {@code @ExtendWith({DynamoDbExtension.class, IngestStack.PerTestClass.class})}, then take an
     * {@code IngestStack} in the constructor.
     */
    public static final class PerTestClass extends TypeBasedParameterResolver<IngestStack>
            implements BeforeEachCallback {

        @Override
        public IngestStack resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return stack(context);
        }

        @Override
        public void beforeEach(ExtensionContext context) {
            stack(context).clear();
        }

        private static IngestStack stack(ExtensionContext context) {
            return DynamoDbExtension.perTestClass(context, IngestStack.class, IngestStack::new);
        }
    }

    public final LocalDynamoDb dynamo;
    public final RecordingStepFunctionsServer sfn = RecordingStepFunctionsServer.start();
    public final MutableClock clock = new MutableClock(START);
    public final IncidentStore store;
    public final OpenIncidents open;
    private final IngestSettings settings;
    /** Rebuilt by {@link #clear}, as a new execution environment: no test inherits what another's warmed up. */
    private IngestHandler handler;

    private SnsAlarmHandler snsHandler;
    /** The DynamoDB and Step Functions calls the handlers make (not the stack's own reads and clean-ups). */
    public final SdkCalls calls = new SdkCalls();

    private final SfnClient sfnClient = LocalAws.sfn(sfn.endpoint(), calls);
    private final DynamoDbClient handlerDynamo;

    /** With the test secrets in the environment. */
    public IngestStack(LocalDynamoDb dynamo) {
        this(
                dynamo,
                new EnvSecretSource(Map.of(
                        Credentials.WEBHOOK_TOKENS,
                        WEBHOOK_TOKEN + "," + ROTATED_TOKEN,
                        Credentials.HMAC_SECRETS,
                        HMAC_SECRET,
                        Credentials.APPROVER_TOKENS,
                        "alice:" + ALICE_TOKEN + ", bob:" + BOB_TOKEN)));
    }

    /** With the secrets of {@code secrets}, kept for the default TTL of {@link #clock}. */
    public IngestStack(LocalDynamoDb dynamo, SecretSource secrets) {
        this.dynamo = dynamo;
        this.handlerDynamo = LocalAws.dynamo(dynamo.endpoint(), calls);
        Map<String, String> env = Map.of(
                IngestSettings.TABLE_PREFIX,
                dynamo.tablePrefix(),
                IngestSettings.STATE_MACHINE_ARN,
                STATE_MACHINE,
                "AEGIS_TARGETS",
                TARGETS,
                ConsoleOrigin.VARIABLE,
                CONSOLE_ORIGIN);
        this.settings = IngestSettings.load(env, secrets);
        newExecutionEnvironment();
        this.store = new DynamoIncidentStore(dynamo.client(), dynamo.table(Tables.INCIDENTS));
        this.open =
                new DynamoOpenIncidents(dynamo.client(), dynamo.table(Tables.INCIDENTS), dynamo.table(Tables.CONTROL));
    }

    /** A POST of JSON to /alerts with the primary webhook token. */
    public Response postAlert(String json) {
        return call(
                "POST",
                "/alerts",
                Map.of("authorization", "Bearer " + WEBHOOK_TOKEN, "content-type", "application/json"),
                json);
    }

    /**
     * What ingest and RequestApproval leave for a decision: an incident of {@code severity} (from a generic alert
     * of its own type, named after the token, so none attaches to another), AWAITING_APPROVAL, with its execution's
     * task {@code taskToken} open and stored on it.
     */
    public String awaitingApproval(String severity, String taskToken) {
        ObjectNode alert = Fixtures.tree("generic.json")
                .put("alert_type", "NeedsApproval-" + taskToken)
                .put("incident_id", taskToken)
                .put("severity", severity);
        String id = postAlert(Json.write(alert)).body().get("incidentId").asText();
        store.update(
                id, i -> i.toBuilder().status(IncidentStatus.AWAITING_APPROVAL).build());
        store.putApprovalToken(id, sfn.openTask(taskToken));
        return id;
    }

    public Response get(String path, Map<String, String> query, String bearer) {
        return call("GET", path, Map.of("Authorization", "Bearer " + bearer), null, query);
    }

    public Response decide(String incidentId, String token, String json) {
        return call(
                "POST",
                "/incidents/" + incidentId + "/approval",
                Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json"),
                json);
    }

    public Response call(String method, String path, Map<String, String> headers, String body) {
        return call(method, path, headers, body, Map.of());
    }

    public Response call(
            String method, String path, Map<String, String> headers, String body, Map<String, String> query) {
        ObjectNode event = Json.mapper().createObjectNode();
        event.put("resource", "/{proxy+}");
        event.put("path", path);
        event.put("httpMethod", method);
        event.set("headers", Json.mapper().valueToTree(headers));
        event.set(
                "queryStringParameters", query.isEmpty() ? null : Json.mapper().valueToTree(query));
        event.put("body", body);
        event.put("isBase64Encoded", false);
        return invoke(Json.write(event).getBytes(StandardCharsets.UTF_8));
    }

    /** A request whose body is exactly {@code body}, sent base64-encoded as API Gateway does for binary bodies. */
    public Response callRaw(String method, String path, Map<String, String> headers, byte[] body) {
        ObjectNode event = Json.mapper().createObjectNode();
        event.put("path", path);
        event.put("httpMethod", method);
        event.set("headers", Json.mapper().valueToTree(headers));
        event.put("body", Base64.getEncoder().encodeToString(body));
        event.put("isBase64Encoded", true);
        return invoke(Json.write(event).getBytes(StandardCharsets.UTF_8));
    }

    /** Any bytes as the Lambda runtime would pass them. */
    public Response invoke(byte[] event) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(event), out, null);
            JsonNode response = Json.mapper().readTree(out.toByteArray());
            return new Response(
                    response.get("statusCode").asInt(),
                    Json.mapper().readTree(response.get("body").asText()),
                    response.path("headers"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public JsonNode sns(String event) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            snsHandler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
            return Json.mapper().readTree(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Incident incident(String incidentId) {
        return store.get(incidentId).orElseThrow();
    }

    public int count(TableDefinition table) {
        return dynamo.client()
                .scan(b -> b.tableName(dynamo.table(table)).select("COUNT").consistentRead(true))
                .count();
    }

    /** Empties the incidents, control and agents tables, forgets recorded calls and starts the handlers afresh: each test
     * starts from nothing. */
    public void clear() {
        newExecutionEnvironment();
        sfn.reset();
        calls.reset();
        for (TableDefinition table : new TableDefinition[] {Tables.INCIDENTS, Tables.CONTROL, Tables.AGENTS}) {
            String name = dynamo.table(table);
            String keyName = table.partitionKey().name();
            dynamo.client()
                    .scanPaginator(b -> b.tableName(name)
                            .projectionExpression("#k")
                            .expressionAttributeNames(Map.of("#k", keyName)))
                    .items()
                    .forEach(item -> dynamo.client()
                            .deleteItem(b -> b.tableName(name).key(new HashMap<String, AttributeValue>(item))));
        }
    }

    private void newExecutionEnvironment() {
        IngestComponents components = new IngestComponents(settings, handlerDynamo, sfnClient, clock);
        this.handler = new IngestHandler(components);
        this.snsHandler = new SnsAlarmHandler(components);
    }

    @Override
    public void close() {
        sfnClient.close();
        handlerDynamo.close();
        sfn.close();
    }
}
