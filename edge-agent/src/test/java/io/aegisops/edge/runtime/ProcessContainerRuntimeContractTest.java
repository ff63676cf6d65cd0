package io.aegisops.edge.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aegisops.edge.TestConfigs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The process runtime keeps the {@link ContainerRuntimeContract}, with real processes as "app" and "done". */
class ProcessContainerRuntimeContractTest extends ContainerRuntimeContract {

    @TempDir
    Path stateDir;

    private ProcessContainerRuntime runtime;

    @BeforeEach
    void start() {
        runtime = new ProcessContainerRuntime(
                List.of(
                        TestConfigs.process(
                                "app", null, List.of("sh", "-c", "echo one; echo two; echo three; sleep 600")),
                        TestConfigs.process("done", null, List.of("sh", "-c", "echo bye; exit 3"))),
                StateDirectory.lock(stateDir),
                ProcFs.system(),
                Duration.ofMillis(100));
        runtime.startAll();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(runtime.logs("app", 100)).endsWith("three\n");
            assertThat(runtime.inspect("done").status()).isEqualTo("exited");
        });
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    @Override
    ContainerRuntime runtime() {
        return runtime;
    }
}
