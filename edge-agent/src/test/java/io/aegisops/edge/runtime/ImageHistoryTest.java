package io.aegisops.edge.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unit, on a temporary directory: what the agent remembers of the images a container ran. */
class ImageHistoryTest {

    static final Instant T0 = Instant.parse("2026-11-21T03:00:00Z");

    @TempDir
    Path state;

    ImageHistory history() {
        return ImageHistory.at(state.resolve("images.json"));
    }

    @Test
    void theImageBeforeTheCurrentOneIsTheOneToRollBackTo() {
        ImageHistory history = history();
        history.observe("app", "app:1", "sha256:1", T0);
        assertThat(history.previous("app")).as("one image: nothing before it").isEmpty();

        history.observe("app", "app:2", "sha256:2", T0.plusSeconds(60));

        assertThat(history.previous("app")).hasValueSatisfying(seen -> {
            assertThat(seen.image()).isEqualTo("app:1");
            assertThat(seen.imageId()).isEqualTo("sha256:1");
            assertThat(seen.firstSeen()).isEqualTo(T0);
        });
    }

    @Test
    void lookingAgainAtTheSameImageChangesNothing() throws Exception {
        ImageHistory history = history();
        history.observe("app", "app:1", "sha256:1", T0);
        String written = Files.readString(state.resolve("images.json"));

        history.observe("app", "app:1", "sha256:1", T0.plusSeconds(60));

        assertThat(history.of("app")).hasSize(1);
        assertThat(Files.readString(state.resolve("images.json"))).isEqualTo(written);
    }

    @Test
    void aTagMovedToANewBuildIsANewImage() {
        ImageHistory history = history();
        history.observe("app", "app:latest", "sha256:1", T0);
        history.observe("app", "app:latest", "sha256:2", T0.plusSeconds(60));

        assertThat(history.previous("app")).map(ImageHistory.Seen::imageId).contains("sha256:1");
    }

    @Test
    void theReleaseRolledBackFromIsNeverOfferedAgain() {
        ImageHistory history = history();
        history.observe("app", "app:1", "sha256:1", T0);
        history.observe("app", "app:2", "sha256:2", T0.plusSeconds(60));

        history.rolledBack("app", "sha256:2", history.previous("app").orElseThrow(), T0.plusSeconds(120));

        assertThat(history.of("app"))
                .extracting(ImageHistory.Seen::imageId)
                .containsExactly("sha256:1", "sha256:2", "sha256:1");
        assertThat(history.previous("app")).as("not back to the bad release").isEmpty();
        history.observe("app", "app:3", "sha256:3", T0.plusSeconds(180));
        assertThat(history.previous("app")).map(ImageHistory.Seen::imageId).contains("sha256:1");
    }

    @Test
    void aRestartedAgentReadsWhatTheLastOneRecorded() {
        ImageHistory first = history();
        first.observe("app", "app:1", "sha256:1", T0);
        first.observe("app", "app:2", "sha256:2", T0.plusSeconds(60));
        first.observe("db", "db:9", "sha256:9", T0);

        ImageHistory next = history();

        assertThat(next.previous("app")).map(ImageHistory.Seen::image).contains("app:1");
        assertThat(next.of("db")).extracting(ImageHistory.Seen::image).containsExactly("db:9");
    }

    @Test
    void onlyTheNewestImagesAreKept() {
        ImageHistory history = history();
        for (int i = 0; i < ImageHistory.KEPT + 5; i++) {
            history.observe("app", "app:" + i, "sha256:" + i, T0.plusSeconds(i));
        }
        assertThat(history.of("app")).hasSize(ImageHistory.KEPT);
        assertThat(history.of("app").getFirst().image()).isEqualTo("app:5");
    }

    @Test
    void anUnreadableFileStartsAnEmptyHistoryThatIsWrittenAgain() throws Exception {
        Files.writeString(state.resolve("images.json"), "{not json");

        ImageHistory history = history();
        history.observe("app", "app:1", "sha256:1", T0);

        assertThat(history().of("app")).extracting(ImageHistory.Seen::image).containsExactly("app:1");
    }

    @Test
    void aHistoryInMemoryWritesNoFile() {
        ImageHistory history = ImageHistory.inMemory();
        history.observe("app", "app:1", "sha256:1", T0);
        history.observe("app", "app:2", "sha256:2", T0);

        assertThat(history.previous("app")).isPresent();
        assertThat(state).isEmptyDirectory();
    }
}
