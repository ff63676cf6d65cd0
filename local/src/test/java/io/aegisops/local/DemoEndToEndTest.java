package io.aegisops.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisops.local.client.ConnectionInfo;
import io.aegisops.local.stack.StackSettings;
import io.aegisops.testsupport.RequiresDockerEngine;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The whole loop, as a new user first sees it: {@code aegis demo} starts a fresh stack, breaks the real
 * service four times and checks each outcome, then, with the service in a container, deploys a bad release that is
 * rolled back after approval. Played with the service as a Docker container and as a process the edge agent
 * supervises (a machine without Docker).
 */
class DemoEndToEndTest {

    private record Run(int exitCode, String output, String errors) {}

    private static Run demo(String runtime) {
        return demo(runtime, TestStack.stateDir("demo-" + runtime));
    }

    private static Run demo(String runtime, Path stateDir) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = AegisLocal.run(
                new String[] {
                    "demo",
                    "--runtime",
                    runtime,
                    "--port",
                    "0",
                    "--state-dir",
                    stateDir.toString(),
                    "--set",
                    StackSettings.CONTAINER + "=local-e2e-demo-"
                            + UUID.randomUUID().toString().substring(0, 8)
                },
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of());
        Run run = new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        System.out.println(run.output() + run.errors());
        return run;
    }

    /** The four fault stories ended as expected, and so did all {@code stories} the demo played. */
    private static void assertTheFourFaults(Run run, int stories) {
        assertThat(run.errors()).isEmpty();
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output())
                .contains("All " + stories + " outcomes as expected.")
                // the summary: source, decision, action and result of each incident
                .containsPattern("1 +Memory leak +inc-generic-\\w{32} +RULES +AUTO +RESTART +\\d+\\.\\d s +RESOLVED ✔")
                .containsPattern(
                        "2 +The same leak, again +inc-generic-\\w{32} +RUNBOOK +APPROVAL +RESTART +\\d+\\.\\d s +RESOLVED ✔")
                .containsPattern(
                        "3 +CPU spike +inc-generic-\\w{32} +RULES +APPROVAL +RESTART +\\d+\\.\\d s +RESOLVED ✔")
                .containsPattern("4 +Slow dependency +inc-generic-\\w{32} +RULES +ESCALATE +none +- +ESCALATED ✔")
                // the live progress: every stage of the first story, the runbook match people must approve in the
                // second, the human's approval and the re-check it sends in the second and third
                .containsPattern("evidence +container running")
                .containsPattern("re-check +re-checked: container running, health 200")
                .containsPattern("remedy +restarted '[\\w-]+'")
                .containsPattern("verify +attempt 1: healthy")
                .contains("runbook match, approved by people 0/3, last rejected never: needs approval")
                .contains("approved by local-admin");
    }

    @Nested
    @RequiresDockerEngine
    class WithTheServiceInAContainer {
        @Test
        void everyStoryEndsAsExpected() {
            Run run = demo("docker");
            assertThat(run.output()).contains("Docker container local-e2e-demo-");
            assertTheFourFaults(run, 5);
            assertThat(run.output())
                    .containsPattern(
                            "5 +Bad release +inc-generic-\\w{32} +RULES +APPROVAL +ROLLBACK +\\d+\\.\\d s +RESOLVED ✔")
                    .contains("deployed aegisops/buggy-app:bad-release over the running release")
                    .containsPattern("diagnosis +RULES says ROLLBACK \\(0\\.\\d\\d\\): A bad release")
                    .containsPattern("remedy +rolled '[\\w-]+' back from aegisops/buggy-app:bad-release to");
        }
    }

    @Nested
    class WithTheServiceAsASupervisedProcess {
        @Test
        void everyStoryEndsAsExpectedAfterReplacingTheFileOfAStackThatIsGone() throws Exception {
            Path stateDir = TestStack.stateDir("demo-process");
            Process gone = new ProcessBuilder("true").start();
            gone.waitFor();
            new ConnectionInfo(
                            URI.create("http://127.0.0.1:4566"),
                            "whk_gone",
                            "hmac_gone",
                            "local-admin",
                            "apr_gone",
                            "arn:aws:states:us-east-1:000000000000:stateMachine:aegis-pipeline",
                            URI.create("http://127.0.0.1:8081"),
                            gone.pid(),
                            Instant.now())
                    .write(stateDir);

            Run run = demo("process", stateDir);
            assertThat(run.output()).contains("a process supervised by the edge agent");
            assertTheFourFaults(run, 4);
            assertThat(stateDir.resolve("logs").resolve("edge-agent.log"))
                    .as("both sides of the doorbell are wired: the functions rang, the agent claimed on the ring")
                    .content()
                    .contains("\"agent.listening\"")
                    .containsPattern("\"doorbell\\.rang\".*\"CLAIMED\"");
            assertThat(stateDir.resolve(ConnectionInfo.FILE_NAME))
                    .as("the demo's own file, removed when it ends")
                    .doesNotExist();
        }
    }
}
