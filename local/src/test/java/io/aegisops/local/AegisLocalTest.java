package io.aegisops.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aegisops.local.client.ConnectionInfo;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unit: the command line answers help and refuses what it does not understand with exit code 2, starting nothing. */
class AegisLocalTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    /** The state directories {@code up} or {@code demo} went on to start a stack in (main redirects its logs there). */
    private final List<Path> started = new ArrayList<>();

    private int run(String... args) {
        return AegisLocal.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of(),
                started::add);
    }

    private String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpListsTheCommands() {
        assertThat(run("help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains(
                        "demo",
                        "up",
                        "alert",
                        "incidents",
                        "incident ID",
                        "approve ID",
                        "reject ID",
                        "trace ID",
                        "--data-dir",
                        "--runtime");
    }

    @Test
    void noCommandIsAUsageError() {
        assertThat(run()).isEqualTo(2);
        assertThat(errors()).contains("usage: aegis <command>");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void badStackOptionsAreUsageErrorsBeforeAnythingStarts() {
        assertThat(run("demo", "--runtime", "kubernetes")).isEqualTo(2);
        assertThat(errors()).contains("--runtime must be auto, docker or process");
        assertThat(run("demo", "--data-dir", "/tmp/x")).isEqualTo(2);
        assertThat(errors()).contains("--data-dir is for up");
        assertThat(run("up", "--set", "NOEQUALS")).isEqualTo(2);
        assertThat(errors()).contains("--set takes KEY=VALUE");
        assertThat(started).isEmpty();
    }

    @Test
    void unknownCommandIsAUsageError() {
        assertThat(run("deploy-everything")).isEqualTo(2);
        assertThat(errors()).contains("unknown command: deploy-everything").contains("usage:");
    }

    /**
     * A stack runs with this state directory: its {@code local.json} names a live process (this JVM stands in
     * for it), its agent configuration and log are there.
     */
    @Nested
    class WhenAStackRunsInTheStateDirectory {

        @TempDir
        Path stateDir;

        private Path localJson;
        private String firstLocalJson;
        private Path agentConfig;
        private Path stackLog;

        @BeforeEach
        void firstStack() throws IOException {
            new ConnectionInfo(
                            URI.create("http://127.0.0.1:4566"),
                            "whk_first",
                            "hmac_first",
                            "local-admin",
                            "apr_first",
                            "arn:aws:states:us-east-1:000000000000:stateMachine:aegis-pipeline",
                            URI.create("http://127.0.0.1:8081"),
                            ProcessHandle.current().pid(),
                            Instant.parse("2025-01-01T10:00:00Z"))
                    .write(stateDir);
            localJson = stateDir.resolve(ConnectionInfo.FILE_NAME);
            firstLocalJson = Files.readString(localJson);
            agentConfig = Files.writeString(stateDir.resolve("edge-agent.json"), "{\"hostId\":\"first\"}");
            stackLog = Files.writeString(
                    Files.createDirectories(stateDir.resolve("logs")).resolve("stack.log"), "{\"first\":true}\n");
        }

        @Test
        void upIsRefusedAndTheFirstStackKeepsEverything() throws IOException {
            assertThat(run("up", "--port", "4567", "--runtime", "process", "--state-dir", stateDir.toString()))
                    .isEqualTo(2);
            assertThat(errors())
                    .contains("an AegisOps stack is running already with the state directory " + stateDir)
                    .contains("pid " + ProcessHandle.current().pid(), "http://127.0.0.1:4566")
                    .contains("./aegis up --state-dir DIR --port N")
                    .doesNotContain("usage:");
            assertTheFirstStackIsUntouched();
        }

        @Test
        void demoIsRefusedAndTheFirstStackKeepsEverything() throws IOException {
            assertThat(run("demo", "--state-dir", stateDir.toString())).isEqualTo(2);
            assertThat(errors()).contains("an AegisOps stack is running already", "./aegis demo --state-dir DIR");
            assertTheFirstStackIsUntouched();
        }

        @Test
        void aStaleFileOfAStackThatIsGoneIsRemoved() throws Exception {
            Process gone = new ProcessBuilder("true").start();
            gone.waitFor();
            ConnectionInfo first = ConnectionInfo.read(stateDir);
            new ConnectionInfo(
                            first.endpoint(),
                            first.webhookToken(),
                            first.hmacSecret(),
                            first.approver(),
                            first.approverToken(),
                            first.stateMachineArn(),
                            first.serviceUrl(),
                            gone.pid(),
                            first.startedAt())
                    .write(stateDir);

            RunningStack.refuseIfRunning(stateDir, "up");

            assertThat(localJson).doesNotExist();
        }

        @Test
        void anUnreadableFileIsRemoved() throws IOException {
            Files.writeString(localJson, "{not json");

            RunningStack.refuseIfRunning(stateDir, "demo");

            assertThat(localJson).doesNotExist();
        }

        private void assertTheFirstStackIsUntouched() throws IOException {
            assertThat(started).as("no stack started, no log redirected").isEmpty();
            assertThat(Files.readString(localJson)).isEqualTo(firstLocalJson);
            assertThat(agentConfig).hasContent("{\"hostId\":\"first\"}");
            assertThat(stackLog).hasContent("{\"first\":true}");
        }
    }

    /**
     * A stack is starting with this state directory: its process holds {@code stack.lock}, and has not written
     * {@code local.json} yet (that comes once it is up).
     */
    @Nested
    class WhenAStackIsStartingInTheStateDirectory {

        @TempDir
        Path stateDir;

        @Test
        void upAndDemoAreRefusedWhileAnotherProcessHoldsTheDirectory() throws Exception {
            Process holder = holdInAnotherProcess(stateDir);
            try {
                assertThat(run("up", "--port", "4567", "--runtime", "process", "--state-dir", stateDir.toString()))
                        .isEqualTo(2);
                assertThat(run("demo", "--state-dir", stateDir.toString())).isEqualTo(2);

                assertThat(errors())
                        .contains("an AegisOps stack is starting with the state directory " + stateDir)
                        .contains("./aegis up --state-dir DIR --port N", "./aegis demo --state-dir DIR");
                assertThat(started).as("no stack started, no log redirected").isEmpty();
                assertThat(stateDir.resolve(ConnectionInfo.FILE_NAME)).doesNotExist();
            } finally {
                holder.getOutputStream().close();
                holder.waitFor();
            }
        }

        @Test
        void theDirectoryIsFreeOnceThatProcessDies() throws Exception {
            Process holder = holdInAnotherProcess(stateDir);
            holder.destroyForcibly().waitFor(); // killed: no close, the OS drops the lock

            RunningStack.claim(stateDir, "up").close();
        }

        @Test
        void aSecondClaimInThisProcessIsRefusedAndTheFirstStillHoldsTheDirectory() throws Exception {
            RunningStack.Claim first = RunningStack.claim(stateDir, "up");
            try {
                assertThatThrownBy(() -> RunningStack.claim(stateDir, "demo"))
                        .isInstanceOf(RunningStack.AlreadyRunningException.class)
                        .hasMessageContaining("is starting with the state directory");
                assertThat(firstLineOfAnotherHolder(stateDir))
                        .as("another process, after this one's refused claim")
                        .isEqualTo(StateDirectoryHolder.REFUSED);
            } finally {
                first.close();
            }

            RunningStack.claim(stateDir, "demo").close();
        }

        /** A child JVM holding {@code dir} as a starting stack does, until its standard input is closed. */
        private Process holdInAnotherProcess(Path dir) throws IOException {
            Process holder = startHolder(dir);
            assertThat(firstLine(holder)).as("the other process's first line").isEqualTo(StateDirectoryHolder.CLAIMED);
            return holder;
        }

        /** What a child JVM that tries to hold {@code dir} says first; it ends at once. */
        private String firstLineOfAnotherHolder(Path dir) throws Exception {
            Process holder = startHolder(dir);
            String line = firstLine(holder);
            holder.getOutputStream().close();
            holder.waitFor();
            return line;
        }

        private Process startHolder(Path dir) throws IOException {
            return new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-cp",
                            System.getProperty("java.class.path"),
                            StateDirectoryHolder.class.getName(),
                            dir.toString())
                    .redirectErrorStream(true)
                    .start();
        }

        private String firstLine(Process holder) throws IOException {
            return new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
        }
    }
}
