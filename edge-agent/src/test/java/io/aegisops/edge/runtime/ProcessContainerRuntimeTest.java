package io.aegisops.edge.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.aegisops.contracts.ContainerState;
import io.aegisops.edge.TestConfigs;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The process runtime supervising real child processes of the test JVM. */
class ProcessContainerRuntimeTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private ProcessContainerRuntime runtime;

    @AfterEach
    void stopAll() {
        if (runtime != null) {
            runtime.close();
        }
    }

    private ProcessContainerRuntime supervise(String name, String script) {
        runtime = new ProcessContainerRuntime(List.of(TestConfigs.process(name, null, List.of("sh", "-c", script))));
        runtime.startAll();
        return runtime;
    }

    private static void awaitStatus(ProcessContainerRuntime runtime, String name, String status) {
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(runtime.inspect(name).status()).isEqualTo(status));
    }

    private static void awaitLogs(ProcessContainerRuntime runtime, String name, String text) {
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(runtime.logs(name, 100)).contains(text));
    }

    @Nested
    class ARunningProcess {

        @Test
        void isInspectedAsRunningSinceItStarted() {
            Instant before = Instant.now();
            supervise("app", "sleep 600");

            ContainerState state = runtime.inspect("app");

            assertThat(state.status()).isEqualTo("running");
            assertThat(state.exitCode()).isNull();
            assertThat(state.restartCount()).isZero();
            assertThat(state.startedAt()).isBetween(before, Instant.now());
        }

        @Test
        void hasItsStdoutAndStderrAsLogs() throws Exception {
            supervise("app", "echo one; echo two >&2; echo three; sleep 600");
            awaitLogs(runtime, "app", "three");

            assertThat(runtime.logs("app", 100)).isEqualTo("one\ntwo\nthree\n");
            assertThat(runtime.logs("app", 2)).isEqualTo("two\nthree\n");
        }

        @Test
        void keepsOnlyTheNewestLines() throws Exception {
            int printed = ProcessContainerRuntime.KEPT_LINES + 500;
            supervise("app", "i=1; while [ $i -le " + printed + " ]; do echo line-$i; i=$((i+1)); done; sleep 600");
            awaitLogs(runtime, "app", "line-" + printed + "\n");

            String all = runtime.logs("app", Integer.MAX_VALUE);
            assertThat(all.lines())
                    .hasSize(ProcessContainerRuntime.KEPT_LINES)
                    .first()
                    .isEqualTo("line-501");
        }
    }

    @Nested
    class Restart {

        @Test
        void stopsAndStartsTheProcessAgain() throws Exception {
            supervise("app", "echo started at $$; sleep 600");
            awaitLogs(runtime, "app", "started at");
            ContainerState before = runtime.inspect("app");

            runtime.restart("app", Duration.ofSeconds(5));

            ContainerState after = runtime.inspect("app");
            assertThat(after.status()).isEqualTo("running");
            assertThat(after.startedAt()).isAfter(before.startedAt());
            assertThat(after.restartCount()).isEqualTo(1);
            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(startLines())
                            .as("a second process printed its pid")
                            .isEqualTo(2));
        }

        private long startLines() {
            return runtime.logs("app", 10)
                    .lines()
                    .filter(l -> l.startsWith("started at"))
                    .distinct()
                    .count();
        }

        @Test
        void killsAProcessThatIgnoresSigtermAfterTheStopTimeout() throws Exception {
            supervise("app", "trap '' TERM; echo up at $$; while true; do sleep 0.2; done");
            awaitLogs(runtime, "app", "up at");
            ContainerState before = runtime.inspect("app");

            runtime.restart("app", Duration.ofMillis(500));

            ContainerState after = runtime.inspect("app");
            assertThat(after.status()).isEqualTo("running");
            assertThat(after.startedAt()).isAfter(before.startedAt());
            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(runtime.logs("app", 10)
                                    .lines()
                                    .filter(line -> line.startsWith("up at"))
                                    .distinct())
                            .as("the process that ignored SIGTERM was replaced by a second one")
                            .hasSize(2));
        }

        @Test
        void startsAProcessThatHadExited() throws Exception {
            supervise("app", "echo ran; exit 3");
            awaitStatus(runtime, "app", "exited");

            runtime.restart("app", Duration.ofSeconds(1));

            assertThat(runtime.inspect("app").restartCount()).isEqualTo(1);
            awaitStatus(runtime, "app", "exited");
        }
    }

    @Test
    void reportsAnExitedProcessWithItsExitCode() throws Exception {
        supervise("app", "exit 3");

        awaitStatus(runtime, "app", "exited");
        assertThat(runtime.inspect("app").exitCode()).isEqualTo(3);
    }

    @Test
    void stopsItsProcessesWhenItCloses() {
        supervise("app", "sleep 600");
        runtime.close();

        ContainerState state = runtime.inspect("app");
        assertThat(state.status()).isEqualTo("exited");
        assertThat(state.exitCode()).isEqualTo(143);
    }

    @Test
    void knowsOnlyTheConfiguredProcesses() {
        supervise("app", "sleep 600");

        assertThatThrownBy(() -> runtime.restart("other", Duration.ZERO))
                .isInstanceOf(ContainerNotFoundException.class);
        assertThatThrownBy(() -> runtime.inspect("other")).isInstanceOf(ContainerNotFoundException.class);
    }

    @Test
    void reportsACommandThatCannotStart() {
        runtime =
                new ProcessContainerRuntime(List.of(TestConfigs.process("app", null, List.of("/nonexistent/binary"))));

        assertThatThrownBy(() -> runtime.restart("app", Duration.ZERO))
                .hasMessageContaining("cannot start 'app' (/nonexistent/binary)");
        assertThat(runtime.inspect("app").status()).isEqualTo("created");
    }
}
