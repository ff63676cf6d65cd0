package io.aegisops.edge.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailTest {

    @TempDir
    Path dir;

    @Test
    void readsTheLastLinesAcrossManyChunks() throws Exception {
        Path log = Files.writeString(
                dir.resolve("app.log"),
                IntStream.rangeClosed(1, 5000).mapToObj(i -> "line " + i + "\n").collect(Collectors.joining()));

        assertThat(LogTail.read(log, 3)).isEqualTo("line 4998\nline 4999\nline 5000\n");
        assertThat(LogTail.read(log, 4000).lines()).hasSize(4000).first().isEqualTo("line 1001");
        assertThat(LogTail.read(log, 10_000).lines()).hasSize(5000).first().isEqualTo("line 1");
    }

    @Test
    void endsALastLineThatIsStillBeingWritten() throws Exception {
        Path log = Files.writeString(dir.resolve("app.log"), "one\ntwo\nthr");

        assertThat(LogTail.read(log, 2)).isEqualTo("two\nthr\n");
    }

    @Test
    void readsNoMoreThanItsLimitFromTheEndAndDropsTheCutLine() throws Exception {
        String longLine = "x".repeat(LogTail.MAX_BYTES);
        Path log = Files.writeString(dir.resolve("app.log"), longLine + "\nshort\n");

        assertThat(LogTail.read(log, 2)).isEqualTo("short\n");
    }

    @Test
    void ofAFileNotWrittenYetIsEmpty() {
        assertThat(LogTail.read(dir.resolve("missing.log"), 10)).isEmpty();
        assertThat(LogTail.read(dir.resolve("missing.log"), 0)).isEmpty();
    }
}
