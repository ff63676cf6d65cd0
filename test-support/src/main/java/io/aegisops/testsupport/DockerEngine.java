package io.aegisops.testsupport;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.time.Duration;
import java.util.Optional;

/** The real Docker engine of this machine (DOCKER_HOST, else the default unix socket), if one answers. */
public final class DockerEngine {

    /**
     * The 2 MB busybox image the container tests run. No registry is reachable where CI runs, so
     * {@code scripts/build-local-base-image.sh} builds it from the host's busybox-static (see .ci/run).
     */
    public static final String BUSYBOX_IMAGE = "aegisops/busybox:local";

    private DockerEngine() {}

    public static DockerClient client() {
        DefaultDockerClientConfig config =
                DefaultDockerClientConfig.createDefaultConfigBuilder().build();
        ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .connectionTimeout(Duration.ofSeconds(3))
                .responseTimeout(Duration.ofSeconds(60))
                .build();
        return DockerClientImpl.getInstance(config, http);
    }

    /** Empty when the engine answers and the test image is present, else why the container tests cannot run. */
    public static Optional<String> unavailableReason() {
        try (DockerClient docker = client()) {
            docker.pingCmd().exec();
            boolean hasImage = docker.listImagesCmd().withReferenceFilter(BUSYBOX_IMAGE).exec().stream()
                    .anyMatch(image -> image.getRepoTags() != null
                            && java.util.List.of(image.getRepoTags()).contains(BUSYBOX_IMAGE));
            return hasImage
                    ? Optional.empty()
                    : Optional.of("image " + BUSYBOX_IMAGE + " is missing: run scripts/build-local-base-image.sh");
        } catch (Exception e) {
            return Optional.of(
                    "no Docker engine answers (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
    }
}
