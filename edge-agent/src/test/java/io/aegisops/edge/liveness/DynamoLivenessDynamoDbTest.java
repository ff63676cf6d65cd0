package io.aegisops.edge.liveness;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisops.contracts.AgentLiveness;
import io.aegisops.contracts.dynamo.ItemMapper;
import io.aegisops.contracts.tables.Tables;
import io.aegisops.testsupport.DynamoDbExtension;
import io.aegisops.testsupport.LocalDynamoDb;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** DynamoDB engine: the agent's report is one item per host, replaced by the next, in the functions' shape. */
@ExtendWith(DynamoDbExtension.class)
class DynamoLivenessDynamoDbTest {

    private static final Instant STARTED = Instant.parse("2026-12-06T10:00:00Z");

    private final LocalDynamoDb dynamo;
    private final DynamoLiveness liveness;

    DynamoLivenessDynamoDbTest(LocalDynamoDb dynamo) {
        this.dynamo = dynamo;
        this.liveness = new DynamoLiveness(dynamo.client(), dynamo.table(Tables.AGENTS));
    }

    private static AgentLiveness report(String host, Instant at, long run) {
        return new AgentLiveness(
                host,
                host + "/a1",
                "1.2.3",
                "docker",
                STARTED,
                at.minusSeconds(5),
                at,
                run,
                0,
                AgentLiveness.ttlFor(at));
    }

    @Test
    void aLaterReportReplacesTheHostsItem() {
        liveness.report(report("web-1", STARTED.plusSeconds(10), 0));
        AgentLiveness later = report("web-1", STARTED.plusSeconds(250), 3);
        liveness.report(later);

        Map<String, AttributeValue> item = dynamo.client()
                .getItem(b ->
                        b.tableName(dynamo.table(Tables.AGENTS)).key(Map.of("hostId", AttributeValue.fromS("web-1"))))
                .item();
        assertThat(ItemMapper.fromItem(item, AgentLiveness.class)).isEqualTo(later);
        assertThat(item.get("ttl").n()).isEqualTo(Long.toString(later.ttl()));
    }
}
