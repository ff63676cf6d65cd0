package io.aegisops.local.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aegisops.testsupport.DockerEngine;
import io.aegisops.testsupport.RequiresDockerEngine;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Docker: a stack never removes a container another stack made, even one with the name it wants (the
 * report: a second stack removed the first one's container, whose next alert then escalated).
 */
@RequiresDockerEngine
class ServicePlacementDockerTest {

    private static final Duration DOCKER_TIMEOUT = Duration.ofSeconds(60);

    private final String name = "local-guard-" + UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    Path stateDir;

    @AfterEach
    void removeTheContainer() {
        HostCommand.of("docker", "rm", "-f", name).run(DOCKER_TIMEOUT);
    }

    @Test
    void aContainerOfTheSameNameMadeByTheStackOfAnotherStateDirectoryIsLeftRunning() {
        HostCommand.Result other = HostCommand.of(
                        "docker",
                        "run",
                        "-d",
                        "--name",
                        name,
                        "--label",
                        "aegisops.role=buggy-app",
                        "--label",
                        "aegisops.state-dir=/work/other-checkout/.aegis",
                        "--network",
                        "host",
                        DockerEngine.BUSYBOX_IMAGE,
                        "sleep",
                        "300")
                .run(DOCKER_TIMEOUT);
        assertThat(other.ok()).as(other.output()).isTrue();
        StackOptions options =
                new StackOptions(StackOptions.findHome(), stateDir, 0, null, StackOptions.AppRuntime.DOCKER, Map.of());
        StackSettings settings = StackSettings.of(
                URI.create("http://127.0.0.1:4566"),
                8081,
                new StackSecrets("whk_token_0123456789", "hmac_secret_0123456789", "alice", "apr_token_0123456789"),
                Map.of(StackSettings.CONTAINER, name));

        assertThatThrownBy(() -> ServicePlacement.place(options, settings))
                .isInstanceOf(ServicePlacement.ContainerUnavailableException.class)
                .hasMessageContaining("a container named " + name + " belongs to another AegisOps stack")
                .hasMessageContaining("/work/other-checkout/.aegis");

        HostCommand.Result state = HostCommand.of(
                        "docker", "container", "inspect", "-f", "{{.State.Running}} {{.Id}}", name)
                .run(DOCKER_TIMEOUT);
        assertThat(state.output()).startsWith("true ").endsWith(other.output());
    }
}
