package io.aegisops.cdk;

import io.aegisops.contracts.tables.IndexDefinition;
import io.aegisops.contracts.tables.KeyAttribute;
import io.aegisops.contracts.tables.TableDefinition;
import io.aegisops.contracts.tables.Tables;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableProps;
import software.constructs.Construct;

/** The DynamoDB tables, built from the shared {@link Tables} definitions (on demand, TTL, PITR as defined). */
public final class AegisTables extends Construct {

    private final Map<TableDefinition, Table> tables = new LinkedHashMap<>();

    public AegisTables(Construct scope, String id, String prefix) {
        super(scope, id);
        for (TableDefinition definition : Tables.ALL) {
            TableProps.Builder props = TableProps.builder()
                    .tableName(Tables.named(prefix, definition))
                    .partitionKey(attribute(definition.partitionKey()))
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                            .pointInTimeRecoveryEnabled(definition.pointInTimeRecovery())
                            .build())
                    .removalPolicy(definition.pointInTimeRecovery() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY);
            if (definition.sortKey() != null) {
                props.sortKey(attribute(definition.sortKey()));
            }
            if (definition.ttlAttribute() != null) {
                props.timeToLiveAttribute(definition.ttlAttribute());
            }
            Table table = new Table(this, definition.baseName(), props.build());
            for (IndexDefinition index : definition.indexes()) {
                GlobalSecondaryIndexProps.Builder gsi = GlobalSecondaryIndexProps.builder()
                        .indexName(index.name())
                        .partitionKey(attribute(index.partitionKey()));
                if (index.sortKey() != null) {
                    gsi.sortKey(attribute(index.sortKey()));
                }
                table.addGlobalSecondaryIndex(gsi.build());
            }
            if (!definition.pointInTimeRecovery()) {
                AegisStack.suppress(
                        table,
                        "AwsSolutions-DDB3",
                        "operational state only (pending commands, open-incident and lesson markers, restart ledgers,"
                                + " the agents' liveness),"
                                + " most of it expiring by TTL: a restore would bring back stale commands; the history"
                                + " (incidents, runbook) has point-in-time recovery");
            }
            tables.put(definition, table);
        }
    }

    public Table table(TableDefinition definition) {
        return tables.get(definition);
    }

    private static Attribute attribute(KeyAttribute key) {
        AttributeType type = switch (key.type()) {
            case STRING -> AttributeType.STRING;
            case NUMBER -> AttributeType.NUMBER;
        };
        return Attribute.builder().name(key.name()).type(type).build();
    }
}
