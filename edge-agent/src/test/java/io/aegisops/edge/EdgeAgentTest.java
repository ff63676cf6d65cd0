package io.aegisops.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The command line: what it accepts, and how it refuses to start. */
class EdgeAgentTest {

    private final CapturedLog log = new CapturedLog();

    @Test
    void printsItsUsageOnRequest() {
        assertThat(EdgeAgent.run(new String[] {"--help"}, Map.of(), log.log())).isZero();
    }

    @Test
    void refusesToStartWithoutAConfiguration() {
        assertThat(EdgeAgent.run(new String[] {"--once"}, Map.of(), log.log())).isEqualTo(EdgeAgent.EXIT_USAGE);
    }

    @Test
    void refusesAnArgumentItDoesNotKnow() {
        assertThat(EdgeAgent.run(new String[] {"--config", "x.json", "--shell"}, Map.of(), log.log()))
                .isEqualTo(EdgeAgent.EXIT_USAGE);
    }

    @Test
    void refusesToStartOnAnInvalidConfigurationAndLogsEveryProblem() {
        int exit = EdgeAgent.run(
                new String[] {"--config", "src/test/resources/config/invalid-many.json"}, Map.of(), log.log());

        assertThat(exit).isEqualTo(EdgeAgent.EXIT_USAGE);
        assertThat(log.events("config.invalid")).singleElement().satisfies(line -> {
            assertThat(line.path("level").asText()).isEqualTo("ERROR");
            assertThat(line.path("problems")).hasSize(10);
        });
    }

    @Test
    void takesTheConfigurationPathFromTheEnvironment() {
        int exit = EdgeAgent.run(
                new String[0], Map.of("AEGIS_AGENT_CONFIG", "src/test/resources/config/unknown-field.json"), log.log());

        assertThat(exit).isEqualTo(EdgeAgent.EXIT_USAGE);
        assertThat(log.events("config.invalid").getFirst().path("file").asText())
                .endsWith("unknown-field.json");
    }

    @Test
    void namesEachRunUniquelySoARestartedAgentNeverOwnsItsPredecessorsClaims() {
        String first = EdgeAgent.newAgentId("edge-1");
        String second = EdgeAgent.newAgentId("edge-1");

        assertThat(first)
                .startsWith("edge-1/agent-" + ProcessHandle.current().pid() + "-")
                .isNotEqualTo(second);
    }
}
