package io.aegisops.buggyapp;

import static io.aegisops.buggyapp.TestHttp.eventually;
import static io.aegisops.buggyapp.TestHttp.get;
import static io.aegisops.buggyapp.TestHttp.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import io.aegisops.testsupport.DockerEngine;
import io.aegisops.testsupport.RequiresDockerEngine;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Docker: the app in a container built from local-container/Dockerfile (the local busybox image plus the
 * jar, the host JDK mounted read-only, host network), as run-in-local-container.sh runs it. Docker's own
 * health check must see it healthy, and a crash must leave the container exited with a non-zero status. The bad
 * release, built from the same file with {@code RELEASE=bad}, must be unhealthy from the start.
 */
@RequiresDockerEngine
class BuggyAppContainerDockerTest {

    private static final String NAME_PREFIX = "buggy-app-test-";
    /** The JDK running this test (≥ 21, as the jar needs), mounted into the container read-only. */
    private static final Path JDK = realJdk();

    private static final Duration WAIT = Duration.ofSeconds(60);

    private static DockerClient docker;
    private static String image;
    private static String badRelease;
    private final List<String> containers = new ArrayList<>();

    @BeforeAll
    static void buildImages() throws IOException {
        docker = DockerEngine.client();
        String repository = NAME_PREFIX + UUID.randomUUID().toString().substring(0, 8);
        image = build(repository + ":local", "good");
        badRelease = build(repository + ":bad-release", "bad");
    }

    private static String build(String tag, String release) throws IOException {
        Path context = Files.createTempDirectory("buggy-app-image");
        Path moduleDir = Path.of(System.getProperty("buggyApp.moduleDir", "."));
        Files.copy(moduleDir.resolve("local-container/Dockerfile"), context.resolve("Dockerfile"));
        Files.copy(
                Path.of(System.getProperty("buggyApp.jar", "target/buggy-app.jar")), context.resolve("buggy-app.jar"));
        try {
            docker.buildImageCmd(context.toFile())
                    .withTags(Set.of(tag))
                    .withBuildArg("RELEASE", release)
                    .withPull(false)
                    .start()
                    .awaitImageId();
            return tag;
        } finally {
            try (Stream<Path> files = Files.walk(context)) {
                files.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            }
        }
    }

    @AfterAll
    static void removeImage() throws IOException {
        if (docker != null) {
            for (String built : new String[] {image, badRelease}) {
                if (built != null) {
                    docker.removeImageCmd(built).withForce(true).exec();
                }
            }
            docker.close();
        }
    }

    @AfterEach
    void removeContainers() {
        containers.forEach(id -> docker.removeContainerCmd(id).withForce(true).exec());
    }

    /** Same mounts as run-in-local-container.sh: the host's JDK and the libraries it links against. */
    private String run(int port, String... env) {
        return run(image, port, env);
    }

    private String run(String release, int port, String... env) {
        List<String> settings =
                new ArrayList<>(List.of("PORT=" + port, "JAVA_HOME=" + JDK, "SELF_TRAFFIC_PER_SECOND=0"));
        settings.addAll(List.of(env));
        List<Bind> binds = new ArrayList<>(List.of(
                new Bind("/usr/lib", new Volume("/usr/lib"), AccessMode.ro),
                new Bind("/lib", new Volume("/lib"), AccessMode.ro),
                new Bind("/lib64", new Volume("/lib64"), AccessMode.ro)));
        if (!JDK.startsWith("/usr/lib")) {
            binds.add(new Bind(JDK.toString(), new Volume(JDK.toString()), AccessMode.ro));
        }
        HostConfig host = HostConfig.newHostConfig().withNetworkMode("host").withBinds(binds);
        String name = NAME_PREFIX + UUID.randomUUID().toString().substring(0, 8);
        String id = docker.createContainerCmd(release)
                .withName(name)
                .withEnv(settings)
                .withHostConfig(host)
                .exec()
                .getId();
        containers.add(id);
        docker.startContainerCmd(id).exec();
        return id;
    }

    private String healthOf(String id) {
        InspectContainerResponse.ContainerState state =
                docker.inspectContainerCmd(id).exec().getState();
        return state.getHealth() == null ? "none" : state.getHealth().getStatus();
    }

    private static Path realJdk() {
        try {
            return Path.of(System.getProperty("java.home")).toRealPath();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void turnsHealthyForDockerThenACrashLeavesItExitedNonZeroAfterItsAlert() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            int port = freePort();
            String id = run(
                    port,
                    "CONTAINER_NAME=orders-in-docker",
                    "AEGIS_WEBHOOK_URL=" + receiver.url(),
                    "AEGIS_WEBHOOK_TOKEN=" + WebhookReceiver.TOKEN,
                    "AEGIS_WEBHOOK_HMAC_SECRET=" + WebhookReceiver.SECRET);
            String base = "http://127.0.0.1:" + port;

            eventually("Docker reports the container healthy", WAIT)
                    .until(() -> healthOf(id).equals("healthy"));
            assertThat(get(base + "/health").statusCode()).isEqualTo(200);

            assertThat(post(base + "/faults/crash?exitCode=5").statusCode()).isEqualTo(202);

            assertThat(docker.waitContainerCmd(id).start().awaitStatusCode(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .isEqualTo(5);
            assertThat(docker.inspectContainerCmd(id).exec().getState().getStatus())
                    .isEqualTo("exited");
            JsonNode crashed = receiver.await("ServiceCrashed", "firing", Duration.ofSeconds(5));
            assertThat(crashed.get("container_name").asText()).isEqualTo("orders-in-docker");
        }
    }

    @Test
    void dockerSeesItUnhealthyWhileAFaultIsActiveAndHealthyAgainWhenCleared() throws Exception {
        int port = freePort();
        String id = run(port);
        String base = "http://127.0.0.1:" + port;
        eventually("Docker reports the container healthy", WAIT)
                .until(() -> healthOf(id).equals("healthy"));

        post(base + "/faults/errors");

        eventually("Docker reports the container unhealthy", WAIT)
                .until(() -> healthOf(id).equals("unhealthy"));
        post(base + "/faults/clear");
        eventually("Docker reports the container healthy again", WAIT)
                .until(() -> healthOf(id).equals("healthy"));
    }

    @Test
    void theBadReleaseBuiltFromTheSameFileIsUnhealthyFromTheStartAndClearingChangesNothing() throws Exception {
        int port = freePort();
        String id = run(badRelease, port);
        String base = "http://127.0.0.1:" + port;

        eventually("Docker reports the bad release unhealthy", WAIT)
                .until(() -> healthOf(id).equals("unhealthy"));
        assertThat(docker.inspectContainerCmd(id).exec().getConfig().getEnv()).contains("BUGGY_APP_RELEASE=bad");
        post(base + "/faults/clear");
        assertThat(get(base + "/health").statusCode()).isEqualTo(503);
    }
}
