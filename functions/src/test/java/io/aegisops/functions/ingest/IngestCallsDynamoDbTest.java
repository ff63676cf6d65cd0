package io.aegisops.functions.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aegisops.contracts.Incident;
import io.aegisops.contracts.IncidentStatus;
import io.aegisops.contracts.Json;
import io.aegisops.functions.ingest.IngestStack.Response;
import io.aegisops.testsupport.DynamoDbExtension;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What {@code POST /alerts} costs in calls to DynamoDB and Step Functions, counted by an SDK interceptor on the
 * handler's own clients: two for a new alert, and for a repeat never an update that is bound to fail.
 */
@ExtendWith({DynamoDbExtension.class, IngestStack.PerTestClass.class})
class IngestCallsDynamoDbTest {

    private static final String TRANSACT = "DynamoDb.TransactWriteItems";
    private static final String UPDATE = "DynamoDb.UpdateItem";
    private static final String START = "Sfn.StartExecution";

    private final IngestStack stack;

    IngestCallsDynamoDbTest(IngestStack stack) {
        this.stack = stack;
    }

    private Response post(String json) {
        Response response = stack.postAlert(json);
        assertThat(response.status()).isEqualTo(202);
        return response;
    }

    /** The calls one more post of {@code json} makes. */
    private Map<String, Long> callsOf(String json) {
        stack.calls.reset();
        post(json);
        return stack.calls.counted();
    }

    /** The incident as the pipeline's first task leaves it: taken up, no longer {@code RECEIVED}. */
    private void takenUpByThePipeline(String incidentId) {
        stack.store.update(
                incidentId, i -> i.toBuilder().status(IncidentStatus.DIAGNOSING).build());
    }

    private static String otherAlertForTheSameTarget() {
        ObjectNode other = Fixtures.tree("generic.json").put("incident_id", "buggy-app-mem-2");
        return Json.write(other);
    }

    @Nested
    class ANewAlert {
        @Test
        void costsOneTransactionAndOneStart() {
            assertThat(callsOf(Fixtures.text("generic.json"))).isEqualTo(Map.of(TRANSACT, 1L, START, 1L));
            assertThat(stack.sfn.executions()).hasSize(1);
        }

        @Test
        void storesTheArnOfTheExecutionItStarts() {
            Response response = post(Fixtures.text("generic.json"));

            String arn = stack.sfn.executions().get(0).executionArn();
            assertThat(response.body().get("executionArn").asText()).isEqualTo(arn);
            assertThat(stack.incident(response.body().get("incidentId").asText())
                            .executionArn())
                    .isEqualTo(arn);
        }
    }

    @Nested
    class ARepeat {
        @Test
        void ofAnIncidentThePipelineHasTakenUpCostsTheFailedTransactionAndOneUpdate() {
            String id =
                    post(Fixtures.text("generic.json")).body().get("incidentId").asText();
            takenUpByThePipeline(id);

            assertThat(callsOf(Fixtures.text("generic.json"))).isEqualTo(Map.of(TRANSACT, 1L, UPDATE, 1L));
        }

        @Test
        void ofAnIncidentThisInstanceStartedCostsNoSecondStart() {
            post(Fixtures.text("generic.json"));

            assertThat(callsOf(Fixtures.text("generic.json"))).isEqualTo(Map.of(TRANSACT, 1L, UPDATE, 1L));
        }

        @Test
        void ofAnIncidentWhoseStartFailedStartsItsExecution() {
            stack.sfn.failStartExecutions(100);
            assertThat(stack.postAlert(Fixtures.text("generic.json")).status()).isEqualTo(503);
            stack.sfn.failStartExecutions(0);

            assertThat(callsOf(Fixtures.text("generic.json"))).isEqualTo(Map.of(TRANSACT, 1L, UPDATE, 1L, START, 1L));
            assertThat(stack.sfn.executions()).hasSize(1);
        }

        @Test
        void pastTheTimelinesBoundIsOneUpdateThatSucceeds() {
            String id =
                    post(Fixtures.text("generic.json")).body().get("incidentId").asText();
            takenUpByThePipeline(id);
            int repeats = AlertIntake.DUPLICATES_ON_TIMELINE + 5;

            stack.calls.reset();
            for (int i = 0; i < repeats; i++) {
                post(Fixtures.text("generic.json"));
            }

            assertThat(stack.calls.counted()).isEqualTo(Map.of(TRANSACT, (long) repeats, UPDATE, (long) repeats));
            Incident incident = stack.incident(id);
            assertThat(incident.alertCount()).isEqualTo(1 + repeats);
            assertThat(incident.timeline())
                    .filteredOn(e -> e.stage().equals("DUPLICATE"))
                    .hasSize(AlertIntake.DUPLICATES_ON_TIMELINE - 1);
        }

        @Test
        void ofAnotherAlertForTheSameTargetAndTypeCostsTheFailedTransactionAndOneUpdate() {
            String id =
                    post(Fixtures.text("generic.json")).body().get("incidentId").asText();
            takenUpByThePipeline(id);

            assertThat(callsOf(otherAlertForTheSameTarget())).isEqualTo(Map.of(TRANSACT, 1L, UPDATE, 1L));
            assertThat(stack.incident(id).alertCount()).isEqualTo(2);
        }
    }
}
