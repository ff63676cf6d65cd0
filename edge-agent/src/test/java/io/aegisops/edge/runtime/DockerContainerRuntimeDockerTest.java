package io.aegisops.edge.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import io.aegisops.contracts.ContainerState;
import io.aegisops.contracts.ResourceUsage;
import io.aegisops.edge.BusyboxContainers;
import io.aegisops.testsupport.DockerEngine;
import io.aegisops.testsupport.RequiresDockerEngine;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@RequiresDockerEngine
class DockerContainerRuntimeDockerTest {

    private final BusyboxContainers containers = new BusyboxContainers();
    private final DockerContainerRuntime runtime = new DockerContainerRuntime(containers.docker());

    @AfterEach
    void cleanUp() {
        containers.close();
    }

    @Test
    void inspectsARunningContainer() {
        String name = containers.httpd().name();

        ContainerState state = runtime.inspect(name);

        assertThat(state.status()).isEqualTo("running");
        assertThat(state.exitCode()).isZero();
        assertThat(state.oomKilled()).isFalse();
        assertThat(state.restartCount()).isZero();
        assertThat(state.health()).isNull();
        assertThat(state.startedAt()).isEqualTo(Instant.parse(containers.startedAt(name)));
    }

    @Test
    void reportsTheImageItRuns() {
        assertThat(runtime.inspect(containers.httpd().name()).image()).isEqualTo(DockerEngine.BUSYBOX_IMAGE);
    }

    @Test
    void reportsMemoryAndCpuAgainstTheLimitsItWasCreatedWith() {
        String name = containers.httpdWithLimits(64L << 20, 0.5).name();

        ResourceUsage usage = runtime.resources(name);

        assertThat(usage.memoryLimitBytes()).isEqualTo(64L << 20);
        assertThat(usage.cpuLimitCores()).isEqualTo(0.5);
        assertThat(usage.memoryBytes()).isPositive().isLessThan(64L << 20);
        assertThat(usage.cpuCores()).isNotNegative();
        assertThat(usage.memoryFraction()).isBetween(0.0, 1.0);
    }

    @Test
    void reportsNoLimitsForAContainerCreatedWithoutAny() {
        ResourceUsage usage = runtime.resources(containers.httpd().name());

        assertThat(usage.memoryLimitBytes())
                .as("not the host's memory: no limit")
                .isNull();
        assertThat(usage.cpuLimitCores()).isNull();
        assertThat(usage.memoryBytes()).isPositive();
    }

    @Test
    void measuresTheCpuABusyContainerUsesWithinItsQuota() {
        String name = containers.busy(0.5);

        ResourceUsage usage = runtime.resources(name);

        assertThat(usage.cpuCores()).as("a spinning shell held to half a core").isBetween(0.1, 0.75);
        assertThat(usage.cpuFraction()).isPositive();
    }

    @Test
    void aFollowedContainersLatestSampleIsAtHandAcrossRestarts() {
        String name = containers.busy(0.5);
        try (FollowedStats followed = new FollowedStats(containers.docker())) {
            followed.follow(List.of(name));
            Instant started = runtime.inspect(name).startedAt();

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> followed.latest(name, started).isPresent());
            assertThat(DockerContainerRuntime.cores(
                            followed.latest(name, started).orElseThrow()))
                    .as("a spinning shell held to half a core")
                    .isBetween(0.1, 0.75);

            runtime.restart(name, Duration.ofSeconds(1));
            Instant restarted = runtime.inspect(name).startedAt();
            await().atMost(Duration.ofSeconds(10))
                    .alias("the same stream goes on with the new run's samples")
                    .until(() -> followed.latest(name, restarted).isPresent());
            assertThat(Instant.parse(
                            followed.latest(name, restarted).orElseThrow().getPreread()))
                    .as("both samples of the window are of the new run")
                    .isAfterOrEqualTo(restarted);
        }
    }

    @Test
    void aFollowedContainerThatIsGoneIsFollowedAgainOnceItIsBack() {
        try (FollowedStats followed = new FollowedStats(containers.docker())) {
            followed.follow(List.of("edge-agent-test-not-yet"));

            assertThat(followed.latest("edge-agent-test-not-yet", Instant.EPOCH))
                    .isEmpty();
            assertThat(followed.latest("never-followed", Instant.EPOCH)).isEmpty();
        }
    }

    @Test
    void reportsNoResourcesForAContainerThatDoesNotRun() throws Exception {
        assertThat(runtime.resources(containers.exited(3))).isNull();
    }

    @Test
    void inspectsAnExitedContainerWithItsExitCode() throws Exception {
        String name = containers.exited(3);

        ContainerState state = runtime.inspect(name);

        assertThat(state.status()).isEqualTo("exited");
        assertThat(state.exitCode()).isEqualTo(3);
        assertThat(state.oomKilled()).isFalse();
    }

    @Test
    void readsTheLastLinesOfStdoutAndStderr() throws Exception {
        String name = containers.exited(3);

        assertThat(runtime.logs(name, 10)).isEqualTo("starting\nfatal: out of cheese\n");
        assertThat(runtime.logs(name, 1)).isEqualTo("fatal: out of cheese\n");
    }

    @Test
    void readsOnlyTheLastRunsLinesAnEarlierRunsErrorsAreNotEvidence() throws Exception {
        String name = containers.exited(3);
        Instant firstRun = runtime.inspect(name).startedAt();

        // straight away: the second run most likely starts in the same second as the first run's last line
        runtime.restart(name, Duration.ofSeconds(1));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> runtime.inspect(name).status().equals("exited")
                        && runtime.inspect(name).startedAt().isAfter(firstRun));

        assertThat(runtime.logs(name, 10))
                .as("the second run's two lines, not both runs' four")
                .isEqualTo("starting\nfatal: out of cheese\n");
    }

    @Test
    void aRunningContainersLinesAreThoseOfItsCurrentRun() {
        String name = containers.stubborn();
        await().atMost(Duration.ofSeconds(10)).until(() -> allRunsLines(name).equals("up\n"));

        runtime.restart(name, Duration.ofSeconds(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> allRunsLines(name).equals("up\nup\n"));

        assertThat(runtime.logs(name, 10))
                .as("the new run's one line, not both runs'")
                .isEqualTo("up\n");
    }

    /** What {@code docker logs} prints: every run's lines. */
    private String allRunsLines(String name) throws InterruptedException {
        StringBuilder text = new StringBuilder();
        containers
                .docker()
                .logContainerCmd(name)
                .withStdOut(true)
                .withStdErr(true)
                .exec(new ResultCallback.Adapter<Frame>() {
                    @Override
                    public void onNext(Frame frame) {
                        synchronized (text) {
                            text.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                        }
                    }
                })
                .awaitCompletion(10, TimeUnit.SECONDS);
        synchronized (text) {
            return text.toString();
        }
    }

    @Test
    void restartKillsAContainerThatIgnoresSigtermAfterTheStopTimeout() {
        String name = containers.stubborn();
        Instant firstStart = runtime.inspect(name).startedAt();
        BusyboxContainers.Signals signals = containers.watchSignals(name);

        runtime.restart(name, Duration.ofSeconds(1));

        ContainerState after = runtime.inspect(name);
        assertThat(after.status()).isEqualTo("running");
        assertThat(after.startedAt()).isAfter(firstStart);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(signals.received())
                        .as("SIGTERM, ignored, then SIGKILL once the stop timeout ran out")
                        .containsExactly("15", "9"));
    }

    @Test
    void reportsAMissingContainerAsNotFound() {
        assertThatThrownBy(() -> runtime.inspect("edge-agent-test-no-such-container"))
                .isInstanceOf(ContainerNotFoundException.class)
                .hasMessageContaining("edge-agent-test-no-such-container");
        assertThatThrownBy(() -> runtime.restart("edge-agent-test-no-such-container", Duration.ZERO))
                .isInstanceOf(ContainerNotFoundException.class);
        assertThatThrownBy(() -> runtime.logs("edge-agent-test-no-such-container", 5))
                .isInstanceOf(ContainerNotFoundException.class);
        assertThatThrownBy(() -> runtime.resources("edge-agent-test-no-such-container"))
                .isInstanceOf(ContainerNotFoundException.class);
    }
}
