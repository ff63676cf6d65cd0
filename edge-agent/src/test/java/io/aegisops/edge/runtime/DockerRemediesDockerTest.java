package io.aegisops.edge.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.HostConfig;
import io.aegisops.contracts.ContainerState;
import io.aegisops.contracts.ScaleUpBounds;
import io.aegisops.edge.ReleaseImages;
import io.aegisops.edge.ReleaseImages.Service;
import io.aegisops.testsupport.RequiresDockerEngine;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The remedies beyond a restart against the real engine: a bad deploy rolled back to the image before it, with the
 * container's own configuration and without the bad image's; a rollback that cannot finish puts the old container
 * back; limits raised within bounds and refused beyond them; a stop.
 */
@RequiresDockerEngine
class DockerRemediesDockerTest {

    private static final Duration STOP = Duration.ofSeconds(5);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private static ReleaseImages releases;

    private final ImageHistory images = ImageHistory.inMemory();
    private final DockerContainerRuntime runtime = new DockerContainerRuntime(releases.docker(), images);

    @BeforeAll
    static void buildReleases() {
        releases = new ReleaseImages();
    }

    @AfterAll
    static void removeReleases() {
        releases.close();
    }

    private static int health(Service service) {
        try {
            return HTTP.send(
                            HttpRequest.newBuilder(service.healthUrl())
                                    .timeout(Duration.ofSeconds(1))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (Exception notAnswering) {
            return -1;
        }
    }

    private static InspectContainerResponse inspect(String name) {
        return releases.docker().inspectContainerCmd(name).exec();
    }

    /** The good release, seen by the agent, then the bad one deployed over it. */
    private Service badlyDeployed() {
        Service service = releases.start(releases.good);
        await().until(() -> health(service) == 200);
        runtime.inspect(service.name());
        releases.deploy(service, releases.bad);
        return service;
    }

    @Nested
    class Rollback {

        @Test
        void theAgentReportsTheImageBeforeTheCurrentOne() {
            Service service = badlyDeployed();

            ContainerState state = runtime.inspect(service.name());

            assertThat(state.image()).isEqualTo(releases.bad);
            assertThat(state.previousImage()).isEqualTo(releases.good);
            assertThat(runtime.previousImage(service.name())).contains(releases.good);
        }

        @Test
        void aBadDeployIsRolledBackWithItsOwnConfigurationAndTurnsHealthy() {
            Service service = badlyDeployed();
            await().until(() -> health(service) == 404);
            String badId = inspect(service.name()).getId();

            runtime.rollback(service.name(), releases.good, STOP);

            InspectContainerResponse after = inspect(service.name());
            assertThat(after.getId()).isNotEqualTo(badId);
            assertThat(after.getConfig().getImage()).isEqualTo(releases.good);
            assertThat(after.getConfig().getEnv())
                    .contains("PORT=" + service.port(), "GREETING=hello", "RELEASE=good")
                    .doesNotContain("RELEASE=bad");
            assertThat(after.getConfig().getLabels()).containsEntry("team", "orders");
            HostConfig host = after.getHostConfig();
            assertThat(host.getNetworkMode()).isEqualTo("host");
            assertThat(host.getInit()).isTrue();
            assertThat(host.getRestartPolicy().getName()).isEqualTo("unless-stopped");
            await().until(() -> health(service) == 200);
            assertThat(releases.docker()
                            .listContainersCmd()
                            .withShowAll(true)
                            .withNameFilter(List.of(service.name()))
                            .exec())
                    .as("the replaced container is gone, and no other was left beside it")
                    .hasSize(1);
        }

        @Test
        void theReleaseRolledBackFromIsNeverOfferedAgain() {
            Service service = badlyDeployed();
            runtime.rollback(service.name(), releases.good, STOP);

            assertThat(runtime.inspect(service.name()).previousImage()).isNull();
            assertThat(runtime.previousImage(service.name())).isEmpty();
        }

        @Test
        void aNewContainerThatCannotStartPutsTheOldOneBackUnderItsName() {
            Service service = badlyDeployed();
            String badId = inspect(service.name()).getId();

            assertThatThrownBy(() -> runtime.rollback(service.name(), releases.broken, STOP))
                    .isInstanceOf(RollbackFailedException.class)
                    .hasMessageContaining("failed to start the new container")
                    .hasMessageContaining("undone: the current container runs again as '" + service.name() + "'");

            InspectContainerResponse now = inspect(service.name());
            assertThat(now.getId()).isEqualTo(badId);
            assertThat(now.getState().getRunning()).isTrue();
            assertThat(releases.docker()
                            .listContainersCmd()
                            .withShowAll(true)
                            .withNameFilter(List.of(service.name()))
                            .exec())
                    .hasSize(1);
        }

        @Test
        void anImageNoLongerOnTheHostChangesNothing() {
            Service service = badlyDeployed();
            String badId = inspect(service.name()).getId();

            assertThatThrownBy(() -> runtime.rollback(service.name(), "edge-agent-test/gone:1", STOP))
                    .isInstanceOf(RollbackFailedException.class)
                    .hasMessageContaining("no longer on this host; nothing was changed");
            assertThat(inspect(service.name()).getId()).isEqualTo(badId);
        }

        @Test
        void aRestartedAgentStillKnowsWhatRanBefore(@TempDir Path state) {
            Path file = state.resolve("images.json");
            Service service = releases.start(releases.good);
            new DockerContainerRuntime(releases.docker(), ImageHistory.at(file)).inspect(service.name());
            releases.deploy(service, releases.bad);

            DockerContainerRuntime restarted = new DockerContainerRuntime(releases.docker(), ImageHistory.at(file));

            assertThat(restarted.inspect(service.name()).previousImage()).isEqualTo(releases.good);
        }
    }

    @Nested
    class ScaleUp {
        private static final long MIB = 1024 * 1024;
        private final ScaleUpBounds bounds = new ScaleUpBounds(128, 64, 1.0, 0.5);

        @Test
        void raisesMemoryAndCpuByAStepWithinTheBoundsThenRefusesBeyondThem() {
            Service service = releases.startLimited(releases.good, 64 * MIB, 0.5);

            Limits.Change change = runtime.scaleUp(service.name(), bounds);

            assertThat(change.before()).isEqualTo(new Limits(64 * MIB, 0.5));
            assertThat(change.after()).isEqualTo(new Limits(128 * MIB, 1.0));
            HostConfig host = inspect(service.name()).getHostConfig();
            assertThat(host.getMemory()).isEqualTo(128 * MIB);
            assertThat(host.getNanoCPUs()).isEqualTo(1_000_000_000L);
            assertThatThrownBy(() -> runtime.scaleUp(service.name(), bounds))
                    .isInstanceOf(OutOfBoundsException.class)
                    .hasMessage("nothing to raise within the bounds: memory is at its maximum of 128 MiB;"
                            + " CPU is at its maximum of 1.0 cores");
            assertThat(inspect(service.name()).getHostConfig().getMemory()).isEqualTo(128 * MIB);
        }

        @Test
        void aStepNeverGoesPastTheMaximum() {
            Service service = releases.startLimited(releases.good, 64 * MIB, 0.5);

            Limits.Change change = runtime.scaleUp(service.name(), new ScaleUpBounds(100, 64, 0.75, 0.5));

            assertThat(change.after()).isEqualTo(new Limits(100 * MIB, 0.75));
        }

        @Test
        void anUnlimitedContainerIsNotGivenALimit() {
            Service service = releases.start(releases.good);

            assertThatThrownBy(() -> runtime.scaleUp(service.name(), bounds))
                    .isInstanceOf(OutOfBoundsException.class)
                    .hasMessageContaining("memory is unlimited (a limit would lower it)");
            assertThat(inspect(service.name()).getHostConfig().getMemory()).isZero();
        }
    }

    @Nested
    class Stop {
        @Test
        void stopsTheContainerAndItStaysStoppedDespiteItsRestartPolicy() {
            Service service = releases.start(releases.good);

            runtime.stop(service.name(), STOP);

            assertThat(runtime.inspect(service.name()).status()).isEqualTo("exited");
            runtime.stop(service.name(), STOP);
            assertThat(health(service)).isEqualTo(-1);
        }
    }
}
