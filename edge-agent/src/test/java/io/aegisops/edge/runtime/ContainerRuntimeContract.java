package io.aegisops.edge.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aegisops.contracts.ContainerState;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ContainerRuntime} does that the agent relies on: a restart gives a new start, counted; the last
 * lines of output; and a missing container is a {@link ContainerNotFoundException}, never some other failure. Run
 * against the process runtime (real child processes) and the in-memory fake the agent's unit tests use.
 */
abstract class ContainerRuntimeContract {

    /** The runtime under test, with one running container named "app" that printed "one", "two", "three". */
    abstract ContainerRuntime runtime();

    @Test
    void inspectsARunningContainer() {
        ContainerState state = runtime().inspect("app");

        assertThat(state.status()).isEqualTo("running");
        assertThat(state.restartCount()).isZero();
        assertThat(state.startedAt()).isNotNull();
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
    void readsTheLastLinesOfOutput() {
        assertThat(runtime().logs("app", 2)).isEqualTo("two\nthree\n");
        assertThat(runtime().logs("app", 100)).isEqualTo("one\ntwo\nthree\n");
    }

    @Test
    void reportsAMissingContainerAsNotFound() {
        assertThatThrownBy(() -> runtime().inspect("missing")).isInstanceOf(ContainerNotFoundException.class);
        assertThatThrownBy(() -> runtime().restart("missing", Duration.ZERO))
                .isInstanceOf(ContainerNotFoundException.class);
        assertThatThrownBy(() -> runtime().logs("missing", 5)).isInstanceOf(ContainerNotFoundException.class);
    }
}
