package io.aegisops.edge.actions;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisops.contracts.CommandResult;
import io.aegisops.contracts.CommandType;
import io.aegisops.contracts.HealthReading;
import io.aegisops.edge.CommandTable;
import io.aegisops.edge.TestConfigs;
import io.aegisops.edge.runtime.InMemoryContainerRuntime;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Unit, on the in-memory runtime: when a restarted container counts as back, judged by its health URL. */
class RestartReadinessTest {

    private static final String HOST = "edge-test";
    private static final URI HEALTH = URI.create("http://127.0.0.1:9/health");
    /** The runtime is asked again only every quarter of this: longer than any test here may take. */
    private static final Duration HOURS = Duration.ofHours(4);

    private final InMemoryContainerRuntime runtime = new InMemoryContainerRuntime(Instant::now);
    private final AtomicInteger probes = new AtomicInteger();

    RestartReadinessTest() {
        runtime.add("web");
    }

    private CommandResult restart(HealthProbe probe) {
        CommandExecutor executor = new CommandExecutor(
                TestConfigs.agent(HOST, "unused-", TestConfigs.container("web", HEALTH)),
                runtime,
                url -> {
                    probes.incrementAndGet();
                    return probe.check(url);
                },
                HOURS,
                HOURS);
        return executor.execute(CommandTable.pending(HOST, "web", CommandType.RESTART, "token", Map.of(), false), false)
                .result();
    }

    private static HealthReading refused() {
        return new HealthReading(HEALTH.toString(), null, 0L, "ConnectException");
    }

    private static HealthReading ok() {
        return new HealthReading(HEALTH.toString(), 200, 1L, null);
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aHealthUrlThatRefusesWhileTheServiceStartsIsTriedAgainAtOnceNotAtTheNextLookAtTheRuntime() {
        CommandResult result = restart(url -> probes.get() <= 5 ? refused() : ok());

        assertThat(result.success()).isTrue();
        assertThat(probes).hasValue(6);
        assertThat(result.message()).isEqualTo("restarted 'web': running and GET " + HEALTH + " answered 200");
        assertThat(result.after().status()).isEqualTo("running");
        assertThat(result.after().startedAt()).isAfter(result.before().startedAt());
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aServiceThatCrashesRightAfterItsFirstHealthyAnswerIsNotBack() {
        CommandResult result = restart(url -> {
            if (probes.get() == 1) {
                return refused();
            }
            runtime.exit("web", 3);
            return ok();
        });

        assertThat(result.success()).isFalse();
        assertThat(result.after().status()).isEqualTo("exited");
        assertThat(result.message())
                .isEqualTo("restarted 'web' but it did not come back within 15 s: it exited with code 3 right after"
                        + " starting");
    }
}
