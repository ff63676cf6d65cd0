package io.aegisops.functions.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisops.contracts.Action;
import io.aegisops.contracts.Command;
import io.aegisops.contracts.CommandType;
import io.aegisops.contracts.ContainerState;
import io.aegisops.contracts.Diagnosis;
import io.aegisops.contracts.DiagnosisSource;
import io.aegisops.contracts.Evidence;
import io.aegisops.contracts.IncidentStatus;
import io.aegisops.contracts.tables.Tables;
import io.aegisops.functions.pipeline.Events;
import io.aegisops.functions.pipeline.Fixtures;
import io.aegisops.functions.pipeline.Stores;
import io.aegisops.testsupport.DynamoDbExtension;
import io.aegisops.testsupport.LocalDynamoDb;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** DynamoDB engine: each Verify attempt writes its own PROBE command, once. */
@ExtendWith(DynamoDbExtension.class)
class VerifyHandlerDynamoDbTest {

    private final LocalDynamoDb dynamo;
    private final Stores stores;
    private final VerifyHandler handler;

    VerifyHandlerDynamoDbTest(LocalDynamoDb dynamo) {
        this.dynamo = dynamo;
        this.stores = Fixtures.stores(dynamo);
        this.handler = new VerifyHandler(Fixtures.settings(), stores, Fixtures.CLOCK);
    }

    @Test
    void eachAttemptIsOneProbeCommandAndARetryAddsNone() throws Exception {
        String id = Fixtures.newIncidentId();
        stores.incidents().create(Fixtures.received(id));

        Events.invoke(handler, Events.load("verify.json", Map.of("incidentId", id, "attempt", "1")));
        Events.invoke(handler, Events.load("verify.json", Map.of("incidentId", id, "attempt", "1")));
        var second = Events.invoke(handler, Events.load("verify.json", Map.of("incidentId", id, "attempt", "2")));

        assertThat(second.get("commandId").asText()).isEqualTo(id + "#probe#2");
        assertThat(second.get("submission").asText()).isEqualTo("WRITTEN");
        int probes = dynamo.client()
                .query(b -> b.tableName(dynamo.table(Tables.COMMANDS))
                        .keyConditionExpression("hostId = :h AND begins_with(commandId, :i)")
                        .expressionAttributeValues(Map.of(
                                ":h", AttributeValue.fromS("edge-1"), ":i", AttributeValue.fromS(id + "#probe"))))
                .count();
        assertThat(probes).isEqualTo(2);

        Command probe = Fixtures.command(dynamo, "edge-1", id + "#probe#2").orElseThrow();
        assertThat(probe.type()).isEqualTo(CommandType.PROBE);
        assertThat(probe.taskToken()).endsWith("-2");
        assertThat(probe.params())
                .containsEntry("healthUrl", "http://127.0.0.1:8080/health")
                .containsEntry("attempts", "3");

        var incident = stores.incidents().get(id).orElseThrow();
        assertThat(incident.status()).isEqualTo(IncidentStatus.VERIFYING);
        assertThat(incident.timeline())
                .extracting(t -> t.detail())
                .containsExactly("health probe 1 sent to edge-1", "health probe 2 sent to edge-1");
    }

    /** An incident diagnosed with {@code action}, whose evidence saw the image before the current one. */
    private String diagnosedWith(Action action) {
        String id = Fixtures.newIncidentId();
        stores.incidents()
                .create(Fixtures.received(id).toBuilder()
                        .evidence(new Evidence(
                                true,
                                new ContainerState("running", null, false, 0, null, Fixtures.NOW)
                                        .withPreviousImage("app:1"),
                                "",
                                null,
                                Fixtures.NOW))
                        .diagnosis(new Diagnosis("why", action, 0.9, "", List.of(), DiagnosisSource.RULES, null, 0))
                        .build());
        return id;
    }

    private Command probeAfter(Action action) throws Exception {
        String id = diagnosedWith(action);
        Events.invoke(handler, Events.load("verify.json", Map.of("incidentId", id, "attempt", "1")));
        return Fixtures.command(dynamo, "edge-1", id + "#probe#1").orElseThrow();
    }

    @Test
    void afterAStopTheProbePassesOnlyForAStoppedContainer() throws Exception {
        assertThat(probeAfter(Action.STOP).params()).containsEntry("expect", "stopped");
    }

    @Test
    void afterARollbackTheProbeAlsoWantsTheImageRolledBackTo() throws Exception {
        assertThat(probeAfter(Action.ROLLBACK).params())
                .containsEntry("expectImage", "app:1")
                .doesNotContainKey("expect");
    }

    @Test
    void afterARestartOrScaleUpTheProbeWantsHealthOnly() throws Exception {
        assertThat(probeAfter(Action.RESTART).params()).doesNotContainKeys("expect", "expectImage");
        assertThat(probeAfter(Action.SCALE_UP).params()).doesNotContainKeys("expect", "expectImage");
    }
}
