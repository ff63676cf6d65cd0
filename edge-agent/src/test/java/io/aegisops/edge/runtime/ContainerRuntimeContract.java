package io.aegisops.edge.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aegisops.contracts.ContainerState;
import io.aegisops.contracts.ResourceUsage;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ContainerRuntime} does that the agent relies on: a restart gives a new start, counted; a stop
 * lasts until a restart; the last
 * lines of output; the same evidence (state, exit code, OOM kill, uptime, memory and CPU in use); and a missing
 * container is a {@link ContainerNotFoundException}, never some other failure. Run against the process runtime (real
 * child processes) and the in-memory fake the agent's unit tests use.
 */
abstract class ContainerRuntimeContract {

    /**
     * The runtime under test, with one running container named "app" that printed "one", "two", "three", and one
     * named "done" that exited with code 3.
     */
    abstract ContainerRuntime runtime();

    @Test
    void inspectsARunningContainer() {
        ContainerState state = runtime().inspect("app");

        assertThat(state.status()).isEqualTo("running");
        assertThat(state.exitCode()).isNull();
        assertThat(state.oomKilled()).isFalse();
        assertThat(state.restartCount()).isZero();
        assertThat(state.startedAt()).isNotNull();
        assertThat(state.uptimeAt(state.startedAt().plusSeconds(90))).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void inspectsAnExitedContainerWithItsExitCode() {
        ContainerState state = runtime().inspect("done");

        assertThat(state.status()).isEqualTo("exited");
        assertThat(state.exitCode()).isEqualTo(3);
        assertThat(state.oomKilled()).as("an exit with a code is no OOM kill").isFalse();
        assertThat(state.uptimeAt(state.startedAt().plusSeconds(90))).isNull();
    }

    @Test
    void reportsTheMemoryAndCpuARunningContainerUses() {
        ResourceUsage usage = runtime().resources("app");

        assertThat(usage).isNotNull();
        assertThat(usage.memoryBytes()).isPositive();
        assertThat(usage.cpuCores()).isNotNull().isNotNegative();
    }

    @Test
    void reportsNoResourcesForAContainerThatDoesNotRun() {
        assertThat(runtime().resources("done")).isNull();
    }

    @Test
    void restartsAContainerIntoANewStartAndCountsIt() {
        ContainerState before = runtime().inspect("app");

        runtime().restart("app", Duration.ofSeconds(2));

        ContainerState after = runtime().inspect("app");
        assertThat(after.status()).isEqualTo("running");
        assertThat(after.startedAt()).isAfter(before.startedAt());
        assertThat(after.restartCount()).isEqualTo(1);
    }

    @Test
    void stopsAContainerUntilARestartStartsItAgain() {
        runtime().stop("app", Duration.ofSeconds(2));

        assertThat(runtime().inspect("app").status()).isEqualTo("exited");
        runtime().stop("app", Duration.ofSeconds(2));
        assertThat(runtime().inspect("app").status())
                .as("stopping a stopped container")
                .isEqualTo("exited");

        runtime().restart("app", Duration.ofSeconds(2));
        assertThat(runtime().inspect("app").status()).isEqualTo("running");
    }

    @Test
    void readsTheLastLinesOfOutput() {
        assertThat(runtime().logs("app", 2)).isEqualTo("two\nthree\n");
        assertThat(runtime().logs("app", 100)).isEqualTo("one\ntwo\nthree\n");
    }

    @Test
    void reportsAMissingContainerAsNotFound() {
        assertThatThrownBy(() -> runtime().inspect("missing")).isInstanceOf(ContainerNotFoundException.class);
        assertThatThrownBy(() -> runtime().resources("missing")).isInstanceOf(ContainerNotFoundException.class);
        assertThatThrownBy(() -> runtime().restart("missing", Duration.ZERO))
                .isInstanceOf(ContainerNotFoundException.class);
        assertThatThrownBy(() -> runtime().logs("missing", 5)).isInstanceOf(ContainerNotFoundException.class);
        assertThatThrownBy(() -> runtime().stop("missing", Duration.ZERO))
                .isInstanceOf(ContainerNotFoundException.class);
    }
}
