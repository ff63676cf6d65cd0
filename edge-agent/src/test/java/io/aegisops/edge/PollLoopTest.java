package io.aegisops.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisops.edge.config.AgentConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The pause before the next poll: the interval while the partition answers, a growing backoff while it does not. */
class PollLoopTest {

    /** TestConfigs.agent: every 100 ms, backing off up to 2 s. */
    private final AgentConfig config = TestConfigs.agent("edge-1", "test-", TestConfigs.container("web", null));

    private final AtomicInteger failuresToCome = new AtomicInteger();
    private final CapturedLog log = new CapturedLog();
    private final PollLoop loop = new PollLoop(
            config,
            "edge-1/agent-a",
            () -> {
                if (failuresToCome.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                    throw new IllegalStateException("control plane unreachable");
                }
            },
            () -> {},
            log.log(),
            new AtomicBoolean());

    private List<Duration> steps(int count) {
        List<Duration> pauses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            pauses.add(loop.step());
        }
        return pauses;
    }

    @Nested
    class WhileThePartitionAnswers {

        @Test
        void pollsEveryInterval() {
            assertThat(steps(3)).containsOnly(config.pollInterval());
            assertThat(log.events("poll.failed")).isEmpty();
        }
    }

    @Nested
    class WhileThePartitionDoesNotAnswer {

        @Test
        void backsOffDoublingFromTheIntervalUpToTheMaximumWithHalfJitter() {
            failuresToCome.set(7);

            List<Duration> pauses = steps(7);

            long[] ceilings = {100, 200, 400, 800, 1600, 2000, 2000};
            for (int i = 0; i < ceilings.length; i++) {
                assertThat(pauses.get(i).toMillis()).as("pause %d", i + 1).isBetween(ceilings[i] / 2, ceilings[i]);
            }
            assertThat(log.events("poll.failed"))
                    .extracting(line -> line.path("failures").asInt())
                    .containsExactly(1, 2, 3, 4, 5, 6, 7);
        }

        @Test
        void startsOverAfterAPollThatAnswered() {
            failuresToCome.set(3);
            steps(3);

            assertThat(loop.step()).isEqualTo(config.pollInterval());

            failuresToCome.set(1);
            assertThat(loop.step().toMillis()).isBetween(50L, 100L);
            assertThat(log.events("poll.failed").getLast().path("failures").asInt())
                    .isEqualTo(1);
        }
    }
}
