package io.aegisops.functions.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.contracts.AgentLiveness;
import io.aegisops.contracts.dynamo.ItemMapper;
import io.aegisops.contracts.tables.Tables;
import io.aegisops.functions.ingest.IngestStack.Response;
import io.aegisops.testsupport.DynamoDbExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code GET /agents} through the Lambda handler: approvers only; each host's last liveness report with
 * {@code stale} set once it is older than the threshold (10 minutes by default).
 */
@ExtendWith({DynamoDbExtension.class, IngestStack.PerTestClass.class})
class AgentsApiDynamoDbTest {

    private final IngestStack stack;

    AgentsApiDynamoDbTest(IngestStack stack) {
        this.stack = stack;
    }

    private void reported(String host, Duration ago, long run) {
        Instant at = stack.clock.instant().minus(ago);
        AgentLiveness liveness = new AgentLiveness(
                host,
                host + "/agent-7",
                "0.9.0",
                "docker",
                at.minusSeconds(3600),
                at.minusSeconds(20),
                at,
                run,
                0,
                AgentLiveness.ttlFor(at));
        stack.dynamo
                .client()
                .putItem(b -> b.tableName(stack.dynamo.table(Tables.AGENTS)).item(ItemMapper.toItem(liveness)));
    }

    @Test
    void listsEveryAgentWithItsReportAndMarksTheOneThatStoppedReportingStale() {
        reported("web-1", Duration.ofMinutes(3), 5);
        reported("web-2", Duration.ofMinutes(11), 0);

        Response response = stack.get("/agents", Map.of(), IngestStack.ALICE_TOKEN);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().get("staleAfterSeconds").asLong()).isEqualTo(600);
        JsonNode agents = response.body().get("agents");
        assertThat(agents).hasSize(2);
        JsonNode live = agents.get(0);
        assertThat(live.get("hostId").asText()).isEqualTo("web-1");
        assertThat(live.get("agentVersion").asText()).isEqualTo("0.9.0");
        assertThat(live.get("runtime").asText()).isEqualTo("docker");
        assertThat(live.get("commandsRun").asLong()).isEqualTo(5);
        assertThat(live.get("lastPollAt").asText()).isNotEmpty();
        assertThat(live.get("stale").asBoolean()).isFalse();
        assertThat(live.get("silentSeconds").asLong()).isEqualTo(180);
        assertThat(agents.get(1).get("hostId").asText()).isEqualTo("web-2");
        assertThat(agents.get(1).get("stale").asBoolean()).isTrue();
    }

    @Test
    void refusesACallerWithoutAnApproverToken() {
        assertThat(stack.get("/agents", Map.of(), IngestStack.WEBHOOK_TOKEN).status())
                .isEqualTo(401);
        assertThat(stack.get("/agents", Map.of(), null).status()).isEqualTo(401);
    }
}
