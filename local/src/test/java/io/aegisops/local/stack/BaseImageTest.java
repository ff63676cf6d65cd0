package io.aegisops.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisops.testsupport.DockerEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The stack's container is built FROM the image the build script makes and the container tests use. */
class BaseImageTest {

    @Test
    void theDockerfileTheStackAndTheTestsNameOneBaseImage() throws Exception {
        Path dockerfile = StackOptions.findHome().resolve("buggy-app/local-container/Dockerfile");
        assertThat(Files.readAllLines(dockerfile)).contains("FROM " + ServicePlacement.Container.BASE_IMAGE);
        assertThat(ServicePlacement.Container.BASE_IMAGE).isEqualTo(DockerEngine.BUSYBOX_IMAGE);
    }
}
