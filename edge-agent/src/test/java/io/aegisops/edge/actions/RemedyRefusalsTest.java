package io.aegisops.edge.actions;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisops.contracts.Command;
import io.aegisops.contracts.CommandParams;
import io.aegisops.contracts.CommandType;
import io.aegisops.contracts.ScaleUpBounds;
import io.aegisops.edge.CommandTable;
import io.aegisops.edge.TestConfigs;
import io.aegisops.edge.config.ContainerConfig;
import io.aegisops.edge.runtime.InMemoryContainerRuntime;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Unit, on the in-memory runtime (which, like the process runtime, runs no images and sets no limits): how the agent
 * answers the remedies such a runtime cannot carry out, the bounds it applies, and a STOP it can.
 */
class RemedyRefusalsTest {

    private static final String HOST = "edge-test";

    private final InMemoryContainerRuntime runtime = new InMemoryContainerRuntime(Instant::now);
    private final CommandExecutor executor = new CommandExecutor(
            TestConfigs.agent(
                    HOST,
                    "unused-",
                    new ContainerConfig(
                            "app",
                            EnumSet.allOf(CommandType.class),
                            null,
                            2,
                            5,
                            1,
                            null,
                            new ScaleUpBounds(512, 128, null, null))),
            runtime,
            url -> {
                throw new AssertionError("no health URL is configured");
            },
            Duration.ofMillis(10),
            Duration.ofMillis(10));

    RemedyRefusalsTest() {
        runtime.add("app");
    }

    private Outcome run(CommandType type, Map<String, String> params) {
        Command command = CommandTable.pending(HOST, "app", type, "token", params, false);
        return executor.execute(command, false);
    }

    @Test
    void aRollbackTheRuntimeCannotDoIsNotAllowedAndSaysWhy() {
        Outcome outcome = run(CommandType.ROLLBACK, Map.of());

        assertThat(outcome.error()).isEqualTo(AegisError.NOT_ALLOWED);
        assertThat(outcome.cause())
                .isEqualTo("ROLLBACK of 'app' refused: this runtime runs no images, so it cannot roll 'app' back"
                        + " (ROLLBACK needs the docker runtime)");
    }

    @Test
    void aScaleUpTheRuntimeCannotDoIsNotAllowed() {
        Outcome outcome = run(CommandType.SCALE_UP, Map.of());

        assertThat(outcome.error()).isEqualTo(AegisError.NOT_ALLOWED);
        assertThat(outcome.cause()).contains("SCALE_UP needs the docker runtime");
    }

    @Test
    void aStopIsCarriedOutAndItsProbeFindsTheTargetStopped() {
        assertThat(run(CommandType.STOP, Map.of()).result().success()).isTrue();
        assertThat(runtime.inspect("app").status()).isEqualTo("exited");
        assertThat(run(CommandType.PROBE, Map.of(CommandParams.EXPECT, "stopped"))
                        .result()
                        .success())
                .isTrue();
    }

    @Test
    void aProbeExpectingSomethingElseIsAnInvalidCommand() {
        Outcome outcome = run(CommandType.PROBE, Map.of(CommandParams.EXPECT, "gone"));

        assertThat(outcome.error()).isEqualTo(AegisError.INVALID_COMMAND);
    }

    @Test
    void invalidBoundsInTheCommandAreAnInvalidCommand() {
        Outcome outcome = run(CommandType.SCALE_UP, Map.of(CommandParams.MAX_MEMORY_MB, "256"));

        assertThat(outcome.error()).isEqualTo(AegisError.INVALID_COMMAND);
        assertThat(outcome.cause()).contains("scale-up bounds are invalid");
    }

    @Test
    void theLowerOfTheAgentsAndTheCommandsBoundsApplyPerResource() {
        ScaleUpBounds agent = new ScaleUpBounds(512, 128, 2.0, 0.5);

        assertThat(CommandExecutor.lowerOf(agent, Optional.empty())).contains(agent);
        assertThat(CommandExecutor.lowerOf(agent, Optional.of(new ScaleUpBounds(1024, 64, null, null))))
                .as("the command bounds memory only: CPU is not raised")
                .contains(new ScaleUpBounds(512, 64, null, null));
        assertThat(CommandExecutor.lowerOf(
                        new ScaleUpBounds(512, 128, null, null), Optional.of(new ScaleUpBounds(null, null, 2.0, 1.0))))
                .as("no resource both bound")
                .isEmpty();
    }
}
