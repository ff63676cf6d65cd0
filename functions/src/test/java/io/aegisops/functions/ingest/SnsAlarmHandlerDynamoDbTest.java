package io.aegisops.functions.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aegisops.contracts.Incident;
import io.aegisops.contracts.Json;
import io.aegisops.contracts.TargetRef;
import io.aegisops.contracts.tables.Tables;
import io.aegisops.testsupport.DynamoDbExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.exception.SdkException;

/** CloudWatch alarms through SNS reach the same intake as {@code POST /alerts}. */
@ExtendWith({DynamoDbExtension.class, IngestStack.PerTestClass.class})
class SnsAlarmHandlerDynamoDbTest {

    private final IngestStack stack;

    SnsAlarmHandlerDynamoDbTest(IngestStack stack) {
        this.stack = stack;
    }

    /** The SNS event fixture with its alarm message changed by {@code change}. */
    private static String withMessage(java.util.function.Consumer<ObjectNode> change) {
        ObjectNode event = Fixtures.tree("sns-alarm-event.json");
        ObjectNode sns = (ObjectNode) event.at("/Records/0/Sns");
        ObjectNode message = (ObjectNode) Fixtures.parse(sns.get("Message").asText());
        change.accept(message);
        sns.put("Message", Json.write(message));
        return Json.write(event);
    }

    @Test
    void anAlarmStartsAnIncidentForTheConfiguredService() {
        JsonNode answer = stack.sns(Fixtures.text("sns-alarm-event.json"));

        JsonNode result = answer.at("/results/0");
        Incident incident = stack.incident(result.get("incidentId").asText());
        assertThat(incident.incidentId()).startsWith("inc-cloudwatch-");
        assertThat(incident.target()).isEqualTo(new TargetRef("buggy-app", "buggy-app", "edge-1"));
        assertThat(incident.alert().alertType()).isEqualTo("buggy-app-memory");
        assertThat(stack.sfn.executions()).singleElement()
                .satisfies(e -> assertThat(Fixtures.parse(e.input()).get("service").asText()).isEqualTo("buggy-app"));
    }

    @Test
    void theSameAlarmThroughSnsAndEventBridgeIsOneIncident() {
        String viaSns = stack.sns(Fixtures.text("sns-alarm-event.json")).at("/results/0/incidentId").asText();

        IngestStack.Response viaEventBridge = stack.postAlert(Fixtures.text("eventbridge-alarm.json"));

        assertThat(viaEventBridge.body().get("incidentId").asText()).isEqualTo(viaSns);
        assertThat(viaEventBridge.body().get("duplicate").asBoolean()).isTrue();
        assertThat(stack.sfn.executions()).hasSize(1);
    }

    @Test
    void anOkResolvesTheOpenIncident() {
        String id = stack.sns(Fixtures.text("sns-alarm-event.json")).at("/results/0/incidentId").asText();

        stack.sns(withMessage(m -> m.put("NewStateValue", "OK").put("StateChangeTime", "2026-11-21T03:40:00.000+0000")));

        assertThat(stack.incident(id).timeline()).anySatisfy(e -> assertThat(e.stage()).isEqualTo("ALERT_RESOLVED"));
        assertThat(stack.count(Tables.INCIDENTS)).isEqualTo(1);
    }

    @Test
    void messagesThatAreNoAlarmAreSkippedAndStoreNothing() {
        JsonNode answer = stack.sns(withMessage(m -> m.put("NewStateValue", "INSUFFICIENT_DATA")));
        ObjectNode notAlarm = Fixtures.tree("sns-alarm-event.json");
        ((ObjectNode) notAlarm.at("/Records/0/Sns")).put("Message", "hello, not JSON");

        stack.sns(Json.write(notAlarm));
        stack.sns("{\"Records\":[{\"Sns\":{\"Message\":\"{\\\"some\\\":\\\"thing\\\"}\"}}]}");
        stack.sns("{}");

        assertThat(answer.get("results")).isEmpty();
        assertThat(stack.count(Tables.INCIDENTS)).isZero();
        assertThat(stack.sfn.startCalls()).isEmpty();
    }

    @Test
    void aFailedStartThrowsSoLambdaRetriesAndTheRetryFinishesIt() {
        stack.sfn.failStartExecutions(100);

        assertThatThrownBy(() -> stack.sns(Fixtures.text("sns-alarm-event.json"))).isInstanceOf(SdkException.class);
        stack.sfn.failStartExecutions(0);
        JsonNode retried = stack.sns(Fixtures.text("sns-alarm-event.json"));

        assertThat(retried.at("/results/0/executionArn").asText()).endsWith(retried.at("/results/0/incidentId").asText());
        assertThat(stack.sfn.executions()).hasSize(1);
    }
}
