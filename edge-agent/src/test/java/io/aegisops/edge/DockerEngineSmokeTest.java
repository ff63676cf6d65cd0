package io.aegisops.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.HostConfig;
import io.aegisops.testsupport.DockerEngine;
import io.aegisops.testsupport.RequiresDockerEngine;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Docker engine: docker-java starts a busybox httpd on the host network, restarts it, and it serves again. */
@RequiresDockerEngine
class DockerEngineSmokeTest {

    private final DockerClient docker = DockerEngine.client();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private String containerId;

    @AfterEach
    void removeContainer() throws IOException {
        if (containerId != null) {
            docker.removeContainerCmd(containerId).withForce(true).exec();
        }
        docker.close();
    }

    @Test
    void restartedContainerComesBackAndServes() throws Exception {
        int port = freePort();
        containerId = docker.createContainerCmd(DockerEngine.BUSYBOX_IMAGE)
                .withName("aegis-smoke-" + UUID.randomUUID().toString().substring(0, 8))
                .withCmd("httpd", "-f", "-p", "127.0.0.1:" + port, "-h", "/www")
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode("host"))
                .exec()
                .getId();
        docker.startContainerCmd(containerId).exec();
        awaitHealth(port);
        Instant firstStart = Instant.parse(
                docker.inspectContainerCmd(containerId).exec().getState().getStartedAt());

        docker.restartContainerCmd(containerId).withTimeout(2).exec();

        InspectContainerResponse.ContainerState state =
                docker.inspectContainerCmd(containerId).exec().getState();
        assertThat(state.getRunning()).isTrue();
        assertThat(Instant.parse(state.getStartedAt())).isAfter(firstStart);
        assertThat(awaitHealth(port)).isEqualTo("ok");
    }

    private String awaitHealth(int port) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                .timeout(Duration.ofSeconds(1))
                .build();
        // an IOException means the server is still starting: ignored, and asked again
        HttpResponse<String> response = await().alias("/health on port " + port)
                .atMost(Duration.ofSeconds(15))
                .ignoreException(IOException.class)
                .until(() -> http.send(request, HttpResponse.BodyHandlers.ofString()), r -> r.statusCode() == 200);
        return response.body().strip();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
