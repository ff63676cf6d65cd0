package io.aegisops.edge.actions;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisops.contracts.Command;
import io.aegisops.contracts.CommandStatus;
import io.aegisops.contracts.CommandType;
import io.aegisops.edge.CommandTable;
import io.aegisops.edge.TestConfigs;
import io.aegisops.edge.config.AgentConfig;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AllowlistTest {

    private final AgentConfig config = TestConfigs.agent(
            "edge-1",
            "p-",
            TestConfigs.container("web", null, CommandType.PROBE, CommandType.INSPECT),
            TestConfigs.container("worker", null));

    private static Command command(String host, String container, CommandType type) {
        return CommandTable.pending(host, container, type, "t", Map.of(), false);
    }

    @Test
    void letsAnAllowedActionOnAListedContainerThrough() {
        assertThat(Allowlist.refusal(config, command("edge-1", "web", CommandType.PROBE)))
                .isEmpty();
        assertThat(Allowlist.refusal(config, command("edge-1", "worker", CommandType.RESTART)))
                .isEmpty();
    }

    @Test
    void refusesAnActionTheContainerDoesNotAllow() {
        assertThat(Allowlist.refusal(config, command("edge-1", "web", CommandType.RESTART)))
                .hasValue("RESTART is not allowed for container 'web' (allowed: [PROBE, INSPECT])");
    }

    @Test
    void refusesAContainerThatIsNotListed() {
        assertThat(Allowlist.refusal(config, command("edge-1", "database", CommandType.INSPECT)))
                .hasValue("container 'database' is not in the allowlist of agent for host 'edge-1'");
    }

    @Test
    void refusesACommandForAnotherHost() {
        assertThat(Allowlist.refusal(config, command("edge-2", "web", CommandType.PROBE)))
                .hasValue("command is for host 'edge-2', this agent serves 'edge-1'");
    }

    @Test
    void refusesACommandWithoutContainerOrAction() {
        Command noContainer = new Command(
                "c1",
                "edge-1",
                "i",
                CommandType.LOGS,
                " ",
                Map.of(),
                false,
                "t",
                CommandStatus.PENDING,
                null,
                null,
                Instant.now(),
                null,
                null);
        Command noAction = new Command(
                "c2",
                "edge-1",
                "i",
                null,
                "web",
                Map.of(),
                false,
                "t",
                CommandStatus.PENDING,
                null,
                null,
                Instant.now(),
                null,
                null);

        assertThat(Allowlist.refusal(config, noContainer)).hasValue("command names no container");
        assertThat(Allowlist.refusal(config, noAction)).hasValue("command names no action");
    }
}
