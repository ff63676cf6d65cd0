package io.aegisops.edge.actions;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisops.contracts.Command;
import io.aegisops.contracts.CommandParams;
import io.aegisops.contracts.CommandResult;
import io.aegisops.contracts.CommandStatus;
import io.aegisops.contracts.CommandType;
import io.aegisops.contracts.ScaleUpBounds;
import io.aegisops.edge.CommandTable;
import io.aegisops.edge.ReleaseImages;
import io.aegisops.edge.ReleaseImages.Service;
import io.aegisops.edge.TestConfigs;
import io.aegisops.edge.config.ContainerConfig;
import io.aegisops.edge.runtime.DockerContainerRuntime;
import io.aegisops.edge.runtime.ImageHistory;
import io.aegisops.testsupport.RequiresDockerEngine;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * ROLLBACK, SCALE_UP and STOP as the agent carries them out (allowlist, bounds, readiness, answers), against the
 * real engine, and the PROBE that verifies each.
 */
@RequiresDockerEngine
class RemediesDockerTest {

    private static final String HOST = "edge-test";
    private static final long MIB = 1024 * 1024;
    private static final ScaleUpBounds AGENT_BOUNDS = new ScaleUpBounds(128, 64, 1.0, 0.5);

    private static ReleaseImages releases;

    private final DockerContainerRuntime runtime =
            new DockerContainerRuntime(releases.docker(), ImageHistory.inMemory());

    @BeforeAll
    static void buildReleases() {
        releases = new ReleaseImages();
    }

    @AfterAll
    static void removeReleases() {
        releases.close();
    }

    private CommandExecutor executor(Service service, ScaleUpBounds bounds) {
        ContainerConfig allowed = new ContainerConfig(
                service.name(), EnumSet.allOf(CommandType.class), service.healthUrl(), 2, 15, 3, null, bounds);
        return new CommandExecutor(
                TestConfigs.agent(HOST, "unused-", allowed),
                runtime,
                new HttpHealthProbe(Duration.ofSeconds(1)),
                Duration.ofMillis(200),
                Duration.ofMillis(600));
    }

    private static Outcome run(
            CommandExecutor executor, Service service, CommandType type, Map<String, String> params) {
        Command command = CommandTable.pending(HOST, service.name(), type, "token", params, false);
        return executor.execute(command, false);
    }

    @Nested
    class Rollback {

        /** A service and the agent's executor for it. */
        record Deployed(Service service, CommandExecutor executor) {}

        /** The good release, inspected by the agent, then the bad one deployed over it. */
        Deployed badlyDeployed() {
            Service service = releases.start(releases.good);
            CommandExecutor executor = executor(service, null);
            run(executor, service, CommandType.INSPECT, Map.of());
            releases.deploy(service, releases.bad);
            return new Deployed(service, executor);
        }

        @Test
        void theEvidenceNamesTheImageBeforeTheCurrentOne() {
            Deployed deployed = badlyDeployed();

            Outcome inspected = run(deployed.executor(), deployed.service(), CommandType.INSPECT, Map.of());

            assertThat(inspected.result().before().image()).isEqualTo(releases.bad);
            assertThat(inspected.result().before().previousImage()).isEqualTo(releases.good);
            assertThat(inspected.result().message())
                    .contains("image " + releases.bad + " (before it: " + releases.good + ")");
        }

        @Test
        void rollsTheServiceBackToThePreviousImageAndWaitsUntilItIsHealthy() {
            Deployed deployed = badlyDeployed();
            Service service = deployed.service();

            Outcome outcome =
                    run(deployed.executor(), service, CommandType.ROLLBACK, Map.of(CommandParams.IMAGE, releases.good));

            CommandResult result = outcome.result();
            assertThat(outcome.status()).isEqualTo(CommandStatus.SUCCEEDED);
            assertThat(result.before().image()).isEqualTo(releases.bad);
            assertThat(result.after().image()).isEqualTo(releases.good);
            assertThat(result.httpStatus()).isEqualTo(200);
            assertThat(result.message())
                    .startsWith("rolled '" + service.name() + "' back from " + releases.bad + " to " + releases.good
                            + ": running and GET " + service.healthUrl() + " answered 200");
        }

        @Test
        void theProbeAfterARollbackPassesOnlyOnTheImageRolledBackTo() {
            Deployed deployed = badlyDeployed();
            Service service = deployed.service();
            run(deployed.executor(), service, CommandType.ROLLBACK, Map.of());

            assertThat(run(
                                    deployed.executor(),
                                    service,
                                    CommandType.PROBE,
                                    Map.of(CommandParams.EXPECT_IMAGE, releases.good))
                            .result()
                            .success())
                    .isTrue();
            Outcome wrongImage = run(
                    deployed.executor(), service, CommandType.PROBE, Map.of(CommandParams.EXPECT_IMAGE, releases.bad));
            assertThat(wrongImage.result().success()).isFalse();
            assertThat(wrongImage.result().message())
                    .isEqualTo("healthy, but it runs " + releases.good + ", not " + releases.bad
                            + " (the image it was rolled back to)");
        }

        @Test
        void anImageOtherThanTheOneBeforeIsRefusedAndNothingChanges() {
            Deployed deployed = badlyDeployed();
            Service service = deployed.service();
            String current =
                    releases.docker().inspectContainerCmd(service.name()).exec().getId();

            Outcome outcome = run(
                    deployed.executor(),
                    service,
                    CommandType.ROLLBACK,
                    Map.of(CommandParams.IMAGE, "somewhere/else:1"));

            assertThat(outcome.error()).isEqualTo(AegisError.NOT_ALLOWED);
            assertThat(outcome.cause())
                    .isEqualTo("the incident names somewhere/else:1 as the image to roll back to, but the one before"
                            + " the current image of '" + service.name() + "' is now " + releases.good
                            + ": not rolled back");
            assertThat(releases.docker()
                            .inspectContainerCmd(service.name())
                            .exec()
                            .getId())
                    .isEqualTo(current);
        }

        @Test
        void withNothingRecordedBeforeTheCurrentImageThereIsNothingToRollBackTo() {
            Service service = releases.start(releases.good);

            Outcome outcome = run(executor(service, null), service, CommandType.ROLLBACK, Map.of());

            assertThat(outcome.error()).isEqualTo(AegisError.NOT_ALLOWED);
            assertThat(outcome.cause()).contains("nothing to roll back to");
        }

        @Test
        void aDryRunReportsThePlanAndChangesNothing() {
            Deployed deployed = badlyDeployed();
            Service service = deployed.service();
            Command command = CommandTable.pending(HOST, service.name(), CommandType.ROLLBACK, "t", Map.of(), true);

            Outcome outcome = deployed.executor().execute(command, false);

            assertThat(outcome.result().dryRun()).isTrue();
            assertThat(outcome.result().message())
                    .startsWith("dry run: would recreate '" + service.name() + "' from " + releases.good);
            assertThat(runtime.inspect(service.name()).image()).isEqualTo(releases.bad);
        }
    }

    @Nested
    class ScaleUp {

        @Test
        void theAgentsOwnBoundsWinOverLargerOnesInTheCommandAndNothingGoesBeyondThem() {
            Service service = releases.startLimited(releases.good, 64 * MIB, 0.5);
            CommandExecutor executor = executor(service, AGENT_BOUNDS);
            Map<String, String> inventory = Map.of(
                    CommandParams.MAX_MEMORY_MB, "1024",
                    CommandParams.MEMORY_STEP_MB, "512",
                    CommandParams.MAX_CPUS, "4.0",
                    CommandParams.CPU_STEP, "2.0");

            Outcome raised = run(executor, service, CommandType.SCALE_UP, inventory);

            assertThat(raised.status()).isEqualTo(CommandStatus.SUCCEEDED);
            assertThat(raised.result().message())
                    .isEqualTo("raised the limits of '" + service.name() + "' from memory 64 MiB, CPU 0.50 cores to"
                            + " memory 128 MiB, CPU 1.00 cores (memory +64 MiB up to 128 MiB, CPU +0.50 up to 1.00"
                            + " cores)");
            assertThat(releases.docker()
                            .inspectContainerCmd(service.name())
                            .exec()
                            .getHostConfig()
                            .getMemory())
                    .isEqualTo(128 * MIB);

            Outcome beyond = run(executor, service, CommandType.SCALE_UP, inventory);

            assertThat(beyond.error()).isEqualTo(AegisError.NOT_ALLOWED);
            assertThat(beyond.cause()).contains("refused: nothing to raise within the bounds");
        }

        @Test
        void theCommandsLowerBoundsAreKeptToo() {
            Service service = releases.startLimited(releases.good, 64 * MIB, 0.5);

            Outcome raised = run(
                    executor(service, AGENT_BOUNDS),
                    service,
                    CommandType.SCALE_UP,
                    Map.of(CommandParams.MAX_MEMORY_MB, "96", CommandParams.MEMORY_STEP_MB, "16"));

            assertThat(raised.result().message()).contains("to memory 80 MiB, CPU 0.50 cores");
        }

        @Test
        void withoutTheAgentsOwnBoundsAScaleUpIsRefused() {
            Service service = releases.startLimited(releases.good, 64 * MIB, 0.5);

            Outcome outcome = run(executor(service, null), service, CommandType.SCALE_UP, Map.of());

            assertThat(outcome.error()).isEqualTo(AegisError.NOT_ALLOWED);
            assertThat(outcome.cause()).contains("sets no scaleUp bounds");
        }
    }

    @Nested
    class Stop {

        @Test
        void stopsTheServiceAndTheProbeAfterItPassesOnAStoppedContainer() {
            Service service = releases.start(releases.good);
            CommandExecutor executor = executor(service, null);

            Outcome stopped = run(executor, service, CommandType.STOP, Map.of());

            assertThat(stopped.status()).isEqualTo(CommandStatus.SUCCEEDED);
            assertThat(stopped.result().after().status()).isEqualTo("exited");
            assertThat(run(executor, service, CommandType.PROBE, Map.of(CommandParams.EXPECT, "stopped"))
                            .result()
                            .success())
                    .isTrue();
            assertThat(run(executor, service, CommandType.PROBE, Map.of())
                            .result()
                            .success())
                    .as("a health probe of a stopped service")
                    .isFalse();
        }

        @Test
        void aStopThatIsNotAllowedForTheContainerIsRefused() {
            Service service = releases.start(releases.good);
            ContainerConfig restartOnly = new ContainerConfig(
                    service.name(), EnumSet.of(CommandType.RESTART), service.healthUrl(), 2, 15, 3, null, null);
            CommandExecutor executor = new CommandExecutor(
                    TestConfigs.agent(HOST, "unused-", restartOnly),
                    runtime,
                    new HttpHealthProbe(Duration.ofSeconds(1)));

            Outcome outcome = run(executor, service, CommandType.STOP, Map.of());

            assertThat(outcome.error()).isEqualTo(AegisError.NOT_ALLOWED);
            assertThat(runtime.inspect(service.name()).status()).isEqualTo("running");
        }
    }
}
