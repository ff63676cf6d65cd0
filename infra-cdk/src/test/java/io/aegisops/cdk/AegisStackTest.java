package io.aegisops.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisops.contracts.tables.TableDefinition;
import io.aegisops.contracts.tables.Tables;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** CDK synthesis: the tables in the template are the shared definitions, key for key. */
class AegisStackTest {

    private static Template template;

    @BeforeAll
    static void synthesise() {
        template = Template.fromStack(new AegisStack(new App(), "AegisOpsTest", StackProps.builder().build()));
    }

    @Test
    void everySharedTableIsDeployedWithItsKeys() {
        template.resourceCountIs("AWS::DynamoDB::Table", Tables.ALL.size());
        for (TableDefinition definition : Tables.ALL) {
            List<Map<String, String>> keys = new ArrayList<>();
            keys.add(Map.of("AttributeName", definition.partitionKey().name(), "KeyType", "HASH"));
            if (definition.sortKey() != null) {
                keys.add(Map.of("AttributeName", definition.sortKey().name(), "KeyType", "RANGE"));
            }
            template.hasResourceProperties("AWS::DynamoDB::Table", Map.of(
                    "TableName", Tables.named(Tables.DEFAULT_PREFIX, definition),
                    "KeySchema", keys,
                    "BillingMode", "PAY_PER_REQUEST"));
        }
    }

    @Test
    void ttlAndPointInTimeRecoveryFollowTheDefinitions() {
        for (TableDefinition definition : Tables.ALL) {
            Map<String, Object> expected = new java.util.HashMap<>();
            expected.put("TableName", Tables.named(Tables.DEFAULT_PREFIX, definition));
            expected.put("PointInTimeRecoverySpecification",
                    Map.of("PointInTimeRecoveryEnabled", definition.pointInTimeRecovery()));
            expected.put("TimeToLiveSpecification", definition.ttlAttribute() == null ? Match.absent()
                    : Map.of("AttributeName", definition.ttlAttribute(), "Enabled", true));
            template.hasResourceProperties("AWS::DynamoDB::Table", expected);
        }
    }

    @Test
    void incidentIndexesAreDeployed() {
        Map<String, Map<String, Object>> tables = template.findResources("AWS::DynamoDB::Table",
                Map.of("Properties", Map.of("TableName", "aegis-incidents")));
        assertThat(tables).hasSize(1);
        assertThat(tables.values().iterator().next().toString()).contains("byStatus").contains("byCreated");
    }
}
