package io.aegisops.functions.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aegisops.contracts.Json;
import io.aegisops.contracts.redact.Redactor;
import io.aegisops.contracts.tables.Tables;
import io.aegisops.functions.ingest.IngestStack.Response;
import io.aegisops.testsupport.DynamoDbExtension;
import io.aegisops.testsupport.RecordingStepFunctionsServer.Execution;
import io.aegisops.testsupport.SecretCorpus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Local DynamoDB engine: an alert carrying every secret of the redaction corpus (the samples of
 * secret-rules.json) in every field leaves none of them in the stored incident, the execution input, the answer
 * or the incidents API.
 */
@ExtendWith({DynamoDbExtension.class, IngestStack.PerTestClass.class})
class IngestRedactionDynamoDbTest {

    private static final String SLACK_TOKEN = "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx";

    private final IngestStack stack;

    IngestRedactionDynamoDbTest(IngestStack stack) {
        this.stack = stack;
    }

    @Nested
    class AGenericAlert {
        @Test
        void leavesNoSecretInAnyExitOfIngest() {
            ObjectNode alert = Json.mapper()
                    .createObjectNode()
                    .put("container_name", "buggy-app")
                    .put("alert_type", "Crash " + SLACK_TOKEN)
                    .put(
                            "summary",
                            "DB_PASS=letmein9 and Authorization: Token 9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b")
                    .put("incident_id", "run-7 sk-proj-EXAMPLE0123456789abcdefghijklmnop")
                    .put("logs", SecretCorpus.asLog())
                    .put("timestamp", "2026-11-21T03:12:45Z");

            Response response = stack.postAlert(Json.write(alert));

            assertThat(response.status()).isEqualTo(202);
            String id = response.body().get("incidentId").asText();
            assertNoSecretIn(exits(response, id), SLACK_TOKEN, "letmein9", "9944b09199c62bcf", "sk-proj-EXAMPLE");
            assertThat(stack.incident(id).alert().logs())
                    .as("the words around the secrets are kept")
                    .contains("loading key", Redactor.MASK);
        }
    }

    @Nested
    class AnAlertmanagerAlert {
        @Test
        void leavesNoSecretInItsLabelsAnnotationsOrLinks() {
            ObjectNode payload = Json.read(
                    "{\"version\": \"4\", \"status\": \"firing\", \"receiver\": \"aegisops\", \"alerts\": []}",
                    ObjectNode.class);
            ArrayNode alerts = payload.withArray("alerts");
            ObjectNode alert = alerts.addObject();
            alert.put("status", "firing");
            alert.putObject("labels")
                    .put("alertname", "HighMemoryUsage")
                    .put("job", "buggy-app")
                    .put("db_url", "postgres://app:p@ss:w0rd@db:5432/orders")
                    .put("token", "glpat-EXAMPLE0123456789abcd");
            alert.putObject("annotations")
                    .put("summary", "AKIAIOSFODNN7EXAMPLE:wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY leaked")
                    .put("description", "Cookie: session=9f8e7d6c5b4a39281706; theme=dark");
            alert.put("startsAt", "2026-11-21T03:12:45Z");
            alert.put("generatorURL", "http://prometheus.example:9090/graph?api_key=7d8f9a0b1c2d3e4f5a6b");

            Response response = stack.postAlert(Json.write(payload));

            assertThat(response.status()).isEqualTo(202);
            String id = response.body().get("results").get(0).get("incidentId").asText();
            assertNoSecretIn(
                    exits(response, id),
                    "ss:w0rd",
                    "glpat-EXAMPLE",
                    "wJalrXUtnFEMI",
                    "9f8e7d6c5b4a39281706",
                    "7d8f9a0b1c2d3e4f5a6b");
        }
    }

    @Nested
    class AnAlertThatMatchesNoTarget {
        @Test
        void isListedInTheAnswerWithoutTheSecretsInItsNameOrLabels() {
            ObjectNode payload = Json.read(
                    "{\"version\": \"4\", \"status\": \"firing\", \"receiver\": \"aegisops\", \"alerts\": []}",
                    ObjectNode.class);
            ObjectNode alert = payload.withArray("alerts").addObject();
            alert.put("status", "firing");
            alert.putObject("labels")
                    .put("alertname", "Crash " + SLACK_TOKEN)
                    .put("job", "node DB_PASS=letmein9")
                    .put("instance", "10.0.0.9:9100");
            alert.put("startsAt", "2026-11-21T03:12:45Z");

            Response response = stack.postAlert(Json.write(payload));

            assertThat(response.body().get("unmatched")).hasSize(1);
            String id = response.body().at("/unmatched/0/incidentId").asText();
            assertNoSecretIn(exits(response, id), SLACK_TOKEN, "letmein9");
        }
    }

    /** Everything ingest writes or answers: the answer, the stored items, the execution input, GET /incidents/{id}. */
    private List<String> exits(Response response, String incidentId) {
        List<String> exits = new ArrayList<>();
        exits.add(response.body().toString());
        stack.dynamo
                .client()
                .scanPaginator(b -> b.tableName(stack.dynamo.table(Tables.INCIDENTS)))
                .items()
                .forEach(item -> exits.add(item.toString()));
        stack.sfn.executions().stream().map(Execution::input).forEach(exits::add);
        Response read = stack.get("/incidents/" + incidentId, Map.of(), IngestStack.ALICE_TOKEN);
        assertThat(read.status()).isEqualTo(200);
        exits.add(read.body().toString());
        return exits;
    }

    private static void assertNoSecretIn(List<String> exits, String... planted) {
        assertThat(exits).hasSizeGreaterThanOrEqualTo(4);
        for (String exit : exits) {
            assertThat(SecretCorpus.foundIn(exit))
                    .as("corpus secrets in %s", exit)
                    .isEmpty();
            for (String secret : planted) {
                assertThat(exit).doesNotContain(secret);
            }
        }
    }
}
