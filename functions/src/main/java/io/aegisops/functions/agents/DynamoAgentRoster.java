package io.aegisops.functions.agents;

import io.aegisops.contracts.AgentLiveness;
import io.aegisops.contracts.dynamo.ItemMapper;
import io.aegisops.contracts.logging.EventLog;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * The {@code agents} table read whole by Scan: one small item per edge host, so a page holds hundreds of hosts.
 * At most {@link #MAX_PAGES} pages are read a request.
 */
public final class DynamoAgentRoster implements AgentRoster {

    private static final EventLog LOG = EventLog.of(DynamoAgentRoster.class);

    static final int MAX_PAGES = 10;

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoAgentRoster(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public List<AgentLiveness> all() {
        List<AgentLiveness> agents = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            Map<String, AttributeValue> from = start;
            ScanResponse response = dynamo.scan(b -> b.tableName(table).exclusiveStartKey(from));
            for (Map<String, AttributeValue> item : response.items()) {
                try {
                    agents.add(ItemMapper.fromItem(item, AgentLiveness.class));
                } catch (RuntimeException unreadable) {
                    // each host writes its own item: one it wrote wrong must not hide the others
                    LOG.warn(
                            "agents.unreadable",
                            "hostId",
                            item.containsKey("hostId") ? item.get("hostId").s() : null,
                            "error",
                            unreadable.getClass().getSimpleName());
                }
            }
            if (!response.hasLastEvaluatedKey() || response.lastEvaluatedKey().isEmpty()) {
                break;
            }
            start = response.lastEvaluatedKey();
        }
        agents.sort(Comparator.comparing(AgentLiveness::hostId));
        return agents;
    }
}
