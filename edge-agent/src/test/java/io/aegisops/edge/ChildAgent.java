package io.aegisops.edge;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.contracts.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The agent as its own operating-system process ({@code java ... io.aegisops.edge.EdgeAgent --config FILE}),
 * configured through its file and the environment like a deployed agent, so a test can kill it (SIGKILL)
 * or freeze it (SIGSTOP) in the middle of a command.
 */
public final class ChildAgent implements AutoCloseable {

    private final Process process;
    private final Path logFile;

    private ChildAgent(Process process, Path logFile) {
        this.process = process;
        this.logFile = logFile;
    }

    /**
     * Starts an agent on the test class path with {@code configJson}, pointed at the DynamoDB engine and the
     * recording Step Functions server through the SDK's service-specific endpoint variables, its state directory in
     * {@code dir}.
     */
    public static ChildAgent start(Path dir, String name, String configJson, AgentHarness harness, String... args) {
        List<String> launch = List.of(
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                EdgeAgent.class.getName());
        return start(dir, name, configJson, harness, launch, args);
    }

    /** @param launch what follows {@code java} up to the agent's own arguments: JVM options and the class or jar */
    public static ChildAgent start(
            Path dir, String name, String configJson, AgentHarness harness, List<String> launch, String... args) {
        return start(dir, name, configJson, harness, launch, Map.of(), args);
    }

    /** @param environment more variables for the agent, e.g. its doorbell's ({@code AWS_ENDPOINT_URL_SQS}) */
    public static ChildAgent start(
            Path dir,
            String name,
            String configJson,
            AgentHarness harness,
            List<String> launch,
            Map<String, String> environment,
            String... args) {
        try {
            Path config = Files.writeString(dir.resolve(name + ".json"), configJson);
            Path log = dir.resolve(name + ".log");
            String java = ProcessHandle.current().info().command().orElse("java");
            List<String> command = new ArrayList<>(List.of(java));
            command.addAll(launch);
            command.addAll(List.of("--config", config.toString()));
            command.addAll(List.of(args));
            ProcessBuilder builder =
                    new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment()
                    .putAll(Map.of(
                            "AWS_ENDPOINT_URL_DYNAMODB",
                            harness.dynamo.endpoint().toString(),
                            "AWS_ENDPOINT_URL_SFN",
                            harness.stepFunctions.endpoint().toString(),
                            "AWS_REGION",
                            "us-east-1",
                            "AWS_ACCESS_KEY_ID",
                            "local",
                            "AWS_SECRET_ACCESS_KEY",
                            "local",
                            "AEGIS_TABLE_PREFIX",
                            harness.dynamo.tablePrefix(),
                            "AEGIS_HOST_ID",
                            harness.hostId,
                            "AEGIS_STATE_DIR",
                            stateDir(dir).toString()));
            builder.environment().putAll(environment);
            return new ChildAgent(builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The state directory of every agent started in {@code dir}: the next agent finds what the last one left. */
    public static Path stateDir(Path dir) {
        return dir.resolve("agent-state");
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL: the agent gets no chance to finish, release or answer anything. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM, as {@code docker stop} or systemd would send it; does not wait for the agent to exit. */
    public void terminate() {
        process.destroy();
    }

    /** SIGSTOP: the agent freezes where it is, as in a long GC pause or a suspended VM. */
    public void freeze() {
        signal("STOP");
    }

    public void thaw() {
        signal("CONT");
    }

    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            throw new AssertionError("agent did not exit within " + timeout + "; log:\n" + log());
        }
        return process.exitValue();
    }

    public String log() {
        try {
            return Files.exists(logFile) ? Files.readString(logFile) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JSON log lines the agent wrote with this event name. */
    public List<JsonNode> events(String event) {
        return log().lines()
                .filter(line -> line.startsWith("{"))
                .map(line -> Json.read(line, JsonNode.class))
                .filter(line -> event.equals(line.path("event").asText()))
                .toList();
    }

    /** Waits until the agent has logged {@code event}; fails at once if it exits first. */
    public JsonNode awaitEvent(String event, Duration timeout) {
        return await().alias("the agent logs " + event)
                .atMost(timeout)
                .until(
                        () -> {
                            List<JsonNode> found = events(event);
                            if (found.isEmpty() && !process.isAlive()) {
                                throw new AssertionError("agent exited (" + process.exitValue() + ") before logging "
                                        + event + ":\n" + log());
                            }
                            return found;
                        },
                        found -> !found.isEmpty())
                .getFirst();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            thaw();
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void signal(String name) {
        try {
            int exit = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                    .start()
                    .waitFor();
            if (exit != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " exited " + exit);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
