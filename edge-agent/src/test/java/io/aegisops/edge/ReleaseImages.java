package io.aegisops.edge;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.RestartPolicy;
import io.aegisops.testsupport.DockerEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Releases of a tiny web service, as images built locally from the busybox image (there is no registry here): a
 * good one whose /health answers 200, a bad one whose /health answers 404, and a broken one that the engine cannot
 * even start (it runs as a user the image does not have).
 * Each serves on the port its container's {@code PORT} says. {@link #deploy} runs a release the way a deployment
 * does: the container of that name is replaced by one of the same configuration on the new image. Images and
 * containers are removed on {@link #close()}.
 */
public final class ReleaseImages implements AutoCloseable {

    /** What a deployed service looks like from the host. */
    public record Service(String name, int port) {
        public URI healthUrl() {
            return URI.create("http://127.0.0.1:" + port + "/health");
        }
    }

    private static final String SERVE = "exec httpd -f -p 127.0.0.1:$PORT -h ";

    private final DockerClient docker = DockerEngine.client();
    private final String repository =
            "edge-agent-test/release-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<String> containers = new ArrayList<>();
    public final String good;
    public final String bad;
    public final String broken;

    public ReleaseImages() {
        good = build("good", "RELEASE=good", null, "sh", "-c", SERVE + "/www");
        bad = build("bad", "RELEASE=bad", null, "sh", "-c", SERVE + "/tmp");
        broken = build("broken", "RELEASE=broken", "nosuchuser", "sh", "-c", SERVE + "/www");
    }

    public DockerClient docker() {
        return docker;
    }

    /** A new service of {@code image}, with the settings a user gives a container: its own env, label, policy. */
    public Service start(String image) {
        String name = "edge-agent-test-release-" + UUID.randomUUID().toString().substring(0, 8);
        Service service = new Service(name, BusyboxContainers.freePort());
        run(service, image, HostConfig.newHostConfig());
        return service;
    }

    /** The same, with memory and CPU limits. */
    public Service startLimited(String image, long memoryBytes, double cpus) {
        String name = "edge-agent-test-limited-" + UUID.randomUUID().toString().substring(0, 8);
        Service service = new Service(name, BusyboxContainers.freePort());
        run(service, image, HostConfig.newHostConfig().withMemory(memoryBytes).withNanoCPUs(Math.round(cpus * 1e9)));
        return service;
    }

    /** Deploys {@code image} over the running service: removed and created again, same settings, new image. */
    public void deploy(Service service, String image) {
        HostConfig host = docker.inspectContainerCmd(service.name()).exec().getHostConfig();
        docker.removeContainerCmd(service.name()).withForce(true).exec();
        run(service, image, host);
    }

    private void run(Service service, String image, HostConfig host) {
        CreateContainerCmd create = docker.createContainerCmd(image)
                .withName(service.name())
                .withEnv("PORT=" + service.port(), "GREETING=hello")
                .withLabels(Map.of("team", "orders"))
                .withHostConfig(host.withNetworkMode("host")
                        .withInit(true)
                        .withRestartPolicy(RestartPolicy.unlessStoppedRestart()));
        create.exec();
        containers.add(service.name());
        docker.startContainerCmd(service.name()).exec();
    }

    private String build(String tag, String release, String user, String... cmd) {
        String base =
                docker.createContainerCmd(DockerEngine.BUSYBOX_IMAGE).exec().getId();
        try {
            var commit = docker.commitCmd(base)
                    .withRepository(repository)
                    .withTag(tag)
                    .withEnv("PATH=/bin", release)
                    .withCmd(cmd);
            if (user != null) {
                commit.withUser(user);
            }
            commit.exec();
            return repository + ":" + tag;
        } finally {
            docker.removeContainerCmd(base).withForce(true).exec();
        }
    }

    /** Removes the services' containers (and any a failed test left beside them), then the images. */
    @Override
    public void close() {
        for (String service : containers) {
            for (var container : docker.listContainersCmd()
                    .withShowAll(true)
                    .withNameFilter(List.of(service))
                    .exec()) {
                try {
                    docker.removeContainerCmd(container.getId()).withForce(true).exec();
                } catch (RuntimeException alreadyGone) {
                    // removed meanwhile
                }
            }
        }
        for (String image : List.of(good, bad, broken)) {
            try {
                docker.removeImageCmd(image).withForce(true).exec();
            } catch (RuntimeException alreadyGone) {
                // never built
            }
        }
        try {
            docker.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
