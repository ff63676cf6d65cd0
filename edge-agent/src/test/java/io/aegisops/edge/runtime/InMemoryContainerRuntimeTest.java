package io.aegisops.edge.runtime;

import java.time.Instant;

/** The in-memory fake keeps the {@link ContainerRuntimeContract} the process runtime keeps. */
class InMemoryContainerRuntimeTest extends ContainerRuntimeContract {

    private final InMemoryContainerRuntime runtime =
            new InMemoryContainerRuntime(() -> Instant.parse("2026-03-01T10:00:00Z"));

    InMemoryContainerRuntimeTest() {
        runtime.add("app");
        for (String line : new String[] {"one", "two", "three"}) {
            runtime.print("app", line);
        }
        runtime.add("done");
        runtime.exit("done", 3);
    }

    @Override
    ContainerRuntime runtime() {
        return runtime;
    }
}
