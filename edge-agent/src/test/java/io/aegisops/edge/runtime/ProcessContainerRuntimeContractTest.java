package io.aegisops.edge.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aegisops.edge.TestConfigs;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** The process runtime keeps the {@link ContainerRuntimeContract}, with a real child process as "app". */
class ProcessContainerRuntimeContractTest extends ContainerRuntimeContract {

    private final ProcessContainerRuntime runtime = new ProcessContainerRuntime(List.of(
            TestConfigs.process("app", null, List.of("sh", "-c", "echo one; echo two; echo three; sleep 600"))));

    ProcessContainerRuntimeContractTest() {
        runtime.startAll();
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(runtime.logs("app", 100)).endsWith("three\n"));
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
