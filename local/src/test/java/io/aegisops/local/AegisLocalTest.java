package io.aegisops.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Unit: the command line answers help and refuses what it does not understand with exit code 2, starting nothing. */
class AegisLocalTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return AegisLocal.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), java.util.Map.of());
    }

    @Test
    void helpListsTheCommands() {
        assertThat(run("help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("demo", "up", "alert", "incidents", "incident ID", "approve ID",
                "reject ID", "trace ID", "--data-dir", "--runtime");
    }

    @Test
    void badStackOptionsAreUsageErrorsBeforeAnythingStarts() {
        assertThat(run("demo", "--runtime", "kubernetes")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--runtime must be auto, docker or process");
        assertThat(run("demo", "--data-dir", "/tmp/x")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--data-dir is for up");
        assertThat(run("up", "--set", "NOEQUALS")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--set takes KEY=VALUE");
    }

    @Test
    void unknownCommandIsAUsageError() {
        assertThat(run("deploy-everything")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown command: deploy-everything").contains("usage:");
    }
}
