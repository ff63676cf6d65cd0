package io.aegisops.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisops.contracts.dynamo.ItemMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Unit: records survive the trip to a DynamoDB item and back, with native attribute types. */
class ItemMapperTest {

    @Test
    void incidentFixtureSurvivesTheItemMapping() throws Exception {
        Incident incident =
                Json.mapper().treeToValue(ContractsRoundTripTest.readFixture("incident.json"), Incident.class);

        Map<String, AttributeValue> item = ItemMapper.toItem(incident);

        assertThat(ItemMapper.fromItem(item, Incident.class)).isEqualTo(incident);
        assertThat(item.get("status").s()).isEqualTo("RESOLVED");
        assertThat(item.get("version").n()).isEqualTo("7");
        assertThat(item.get("diagnosis").m().get("confidence").n()).isEqualTo("0.9");
        assertThat(item.get("timeline").l()).hasSize(2);
        assertThat(item.get("evidence").m().get("available").bool()).isTrue();
    }

    @Test
    void nullFieldsAreLeftOutOfTheItem() {
        Decision decision = new Decision(DecisionMode.NOOP, null, false);
        Evidence evidence = Evidence.unavailable("agent timed out", null);

        assertThat(ItemMapper.toItem(decision)).containsOnlyKeys("mode", "reasons", "dryRun");
        assertThat(ItemMapper.toItem(evidence)).containsOnlyKeys("available", "note");
    }
}
