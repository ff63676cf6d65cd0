package io.aegisops.edge.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Unit: the stamped lines Docker returns, cut down to one run's (Docker's own filter counts whole seconds). */
class DockerLogLinesTest {

    private static final Instant RUN_STARTED = Instant.parse("2026-12-06T09:26:47.500000000Z");

    @Test
    void aRunningContainersRunBeginsHalfWayBetweenTheRunBeforesEndAndItsStart() {
        Instant finished = RUN_STARTED.minusMillis(200);

        assertThat(DockerContainerRuntime.runBoundary(RUN_STARTED, finished, true))
                .isEqualTo(RUN_STARTED.minusMillis(100));
    }

    @Test
    void aStoppedContainersRunBeginsALittleBeforeItsStartItsFinishIsItsOwn() {
        Instant finished = RUN_STARTED.plusSeconds(5);

        assertThat(DockerContainerRuntime.runBoundary(RUN_STARTED, finished, false))
                .isBetween(RUN_STARTED.minusMillis(100), RUN_STARTED.minusMillis(1));
        assertThat(DockerContainerRuntime.runBoundary(RUN_STARTED, null, true))
                .as("never stopped before")
                .isBetween(RUN_STARTED.minusMillis(100), RUN_STARTED.minusMillis(1));
        assertThat(DockerContainerRuntime.runBoundary(null, null, false))
                .as("never started")
                .isNull();
    }

    @Test
    void dropsAnEarlierRunsLinesFromTheSameSecond() {
        String stamped = """
                2026-12-06T09:26:47.100000000Z fatal: out of cheese
                2026-12-06T09:26:47.600000000Z starting
                2026-12-06T09:26:47.700000000Z fatal: out of cheese
                """;

        assertThat(DockerContainerRuntime.linesSince(stamped, RUN_STARTED))
                .isEqualTo("starting\nfatal: out of cheese\n");
    }

    @Test
    void keepsALineWrittenAtTheRunsFirstInstantAndEmptyLines() {
        String stamped = "2026-12-06T09:26:47.500000000Z first\n2026-12-06T09:26:48.000000000Z \n";

        assertThat(DockerContainerRuntime.linesSince(stamped, RUN_STARTED)).isEqualTo("first\n\n");
    }

    @Test
    void keepsEveryLineWhenTheRunsStartIsUnknownAndUnstampedLinesWhole() {
        String stamped = "2026-12-06T09:26:40.000000000Z old\nno stamp here\n";

        assertThat(DockerContainerRuntime.linesSince(stamped, null)).isEqualTo("old\nno stamp here\n");
        assertThat(DockerContainerRuntime.linesSince(stamped, RUN_STARTED)).isEqualTo("no stamp here\n");
    }
}
