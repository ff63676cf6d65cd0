package io.aegisops.local.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aegisops.contracts.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The edge agent as its own process ({@code java -jar edge-agent.jar --config FILE}), pointed at the edge port
 * through {@code AWS_ENDPOINT_URL} with dummy credentials, exactly as it would be pointed at LocalStack. Its
 * output goes to a log file; start-up is complete when it logs {@code agent.started}.
 */
public final class EdgeAgentProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final String JVM_OPTIONS = "edge-agent.jvm.options";

    private final Process process;
    private final Path logFile;
    private final int opsPort;

    private EdgeAgentProcess(Process process, Path logFile, int opsPort) {
        this.process = process;
        this.logFile = logFile;
        this.opsPort = opsPort;
    }

    /**
     * Writes the agent's configuration for the stack's one target and starts the agent.
     *
     * @param supervised the service's command line when the agent supervises it (process runtime); empty for
     *                   a container (docker runtime)
     */
    public static EdgeAgentProcess start(
            StackOptions options, StackSettings settings, URI edge, Optional<List<String>> supervised, String name) {
        try {
            Files.createDirectories(options.stateDir().resolve("logs"));
            Path config = options.stateDir().resolve(name + ".json");
            Files.writeString(
                    config,
                    Json.mapper()
                            .writerWithDefaultPrettyPrinter()
                            .writeValueAsString(config(settings, options, supervised)));
            Path log = options.stateDir().resolve("logs").resolve(name + ".log");
            ProcessBuilder builder = new ProcessBuilder(javaCommand(options, "--config", config.toString()))
                    .directory(options.stateDir().toFile())
                    .redirectErrorStream(true);
            builder.environment().clear();
            builder.environment().putAll(environment(settings, edge, supervised.isPresent()));
            Process process = builder.start();
            CompletableFuture<Integer> started = new CompletableFuture<>();
            Thread.ofPlatform().daemon().name(name + "-output").start(() -> copyOutput(process, log, started));
            try {
                int opsPort = started.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                return new EdgeAgentProcess(process, log, opsPort);
            } catch (TimeoutException | ExecutionException e) {
                process.destroyForcibly();
                throw new IllegalStateException(
                        "the edge agent did not start within " + START_TIMEOUT.toSeconds()
                                + " s" + (process.isAlive() ? "" : " (exit code " + process.exitValue() + ")")
                                + "; its log: " + log
                                + lastLines(log),
                        e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the edge agent", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the edge agent", e);
        }
    }

    /**
     * {@code java @OPTIONS -jar JAR ARGS}: the JVM options are the ones the agent's jar carries
     * ({@value #JVM_OPTIONS}, which the image's ENTRYPOINT reads too), copied out of it into the state directory.
     */
    private static List<String> javaCommand(StackOptions options, String... args) throws IOException {
        Path jar = options.edgeAgentJar();
        Path jvmOptions = options.stateDir().resolve(JVM_OPTIONS);
        try (FileSystem contents = FileSystems.newFileSystem(jar)) {
            Files.copy(contents.getPath(JVM_OPTIONS), jvmOptions, StandardCopyOption.REPLACE_EXISTING);
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + jvmOptions,
                "-jar",
                jar.toString()));
        command.addAll(List.of(args));
        return command;
    }

    private static ObjectNode config(StackSettings settings, StackOptions options, Optional<List<String>> supervised) {
        ObjectNode config = Json.mapper().createObjectNode();
        config.put("hostId", settings.hostId());
        config.put("runtime", supervised.isPresent() ? "process" : "docker");
        config.put("tablePrefix", settings.get(StackSettings.TABLE_PREFIX));
        config.put("concurrency", settings.integer(StackSettings.CONCURRENCY));
        config.put("pollIntervalMs", settings.integer(StackSettings.POLL_INTERVAL_MS));
        config.put("maxBackoffSeconds", 5);
        config.put("leaseSeconds", settings.integer(StackSettings.LEASE_SECONDS));
        config.put("heartbeatSeconds", settings.integer(StackSettings.HEARTBEAT_SECONDS));
        config.put("maxCommandAgeSeconds", settings.integer(StackSettings.MAX_COMMAND_AGE_SECONDS));
        config.put("shutdownGraceSeconds", settings.integer(StackSettings.SHUTDOWN_GRACE_SECONDS));
        config.put("httpPort", 0);
        config.put("livenessSeconds", settings.integer(StackSettings.LIVENESS_SECONDS));
        config.put("stateDir", stateDir(options).toString());
        settings.doorbellQueue().ifPresent(queue -> {
            config.put("doorbellQueue", queue);
            config.put("safetyPollSeconds", settings.integer(StackSettings.SAFETY_POLL_SECONDS));
        });
        ObjectNode container = config.putArray("containers").addObject();
        container.put("name", settings.container());
        ArrayNode actions = container.putArray("allowedActions");
        // a supervised process has no image to roll back (the agent refuses ROLLBACK in its process runtime)
        (supervised.isPresent()
                        ? List.of("RESTART", "STOP", "PROBE", "INSPECT", "LOGS")
                        : List.of("RESTART", "ROLLBACK", "STOP", "PROBE", "INSPECT", "LOGS"))
                .forEach(actions::add);
        container.put("healthUrl", settings.healthUrl().toString());
        container.put("stopTimeoutSeconds", settings.integer(StackSettings.APP_STOP_TIMEOUT_SECONDS));
        container.put("readyTimeoutSeconds", settings.integer(StackSettings.APP_READY_TIMEOUT_SECONDS));
        container.put("probeAttempts", 3);
        supervised.ifPresent(command -> {
            ObjectNode process = container.putObject("process");
            command.forEach(process.putArray("command")::add);
            process.put("workingDirectory", options.stateDir().toString());
            ObjectNode env = process.putObject("environment");
            // the secrets reach the service through the agent's own environment, never through this file
            settings.appEnvironment().forEach((key, value) -> {
                if (!SECRET_APP_VARIABLES.contains(key)) {
                    env.put(key, value);
                }
            });
        });
        return config;
    }

    private static final List<String> SECRET_APP_VARIABLES =
            List.of("AEGIS_WEBHOOK_TOKEN", "AEGIS_WEBHOOK_HMAC_SECRET");

    /** A clean environment: what a JVM needs, the AWS endpoint and dummy credentials, and the service's secrets. */
    private static Map<String, String> environment(StackSettings settings, URI edge, boolean supervises) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String passed : List.of("PATH", "HOME", "LANG", "TMPDIR", "DOCKER_HOST")) {
            Optional.ofNullable(System.getenv(passed)).ifPresent(value -> env.put(passed, value));
        }
        env.put("AWS_ENDPOINT_URL", edge.toString());
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        if (supervises) {
            SECRET_APP_VARIABLES.forEach(key -> env.put(key, settings.get(key)));
        }
        return env;
    }

    private static void copyOutput(Process process, Path log, CompletableFuture<Integer> started) {
        try (BufferedReader reader = process.inputReader(StandardCharsets.UTF_8);
                PrintWriter out = new PrintWriter(
                        Files.newBufferedWriter(
                                log, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND),
                        true)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                out.println(line);
                if (!started.isDone() && line.contains("\"agent.started\"")) {
                    started.complete(opsPort(line));
                }
            }
        } catch (IOException e) {
            started.completeExceptionally(e);
        }
        started.completeExceptionally(new IllegalStateException("the edge agent exited"));
    }

    private static int opsPort(String line) {
        try {
            JsonNode port = Json.mapper().readTree(line).get("opsPort");
            return port == null || port.isNull() ? -1 : port.asInt();
        } catch (IOException e) {
            return -1;
        }
    }

    private static String lastLines(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return "\n  " + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path logFile() {
        return logFile;
    }

    /** The agent's /health and /metrics, on loopback. */
    public URI opsUrl() {
        return URI.create("http://127.0.0.1:" + opsPort);
    }

    /** Where the agent keeps what outlives it (the supervised service's pid file and log): one per stack. */
    public static Path stateDir(StackOptions options) {
        return options.stateDir().resolve("edge-agent-state");
    }

    /**
     * SIGKILL, as a crash or an OOM kill would end it: no graceful shutdown, no answer, no release. A service it
     * supervises runs on (in a session of its own), and the next agent adopts it.
     */
    public void kill() {
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(10));
    }

    /** SIGTERM: the agent finishes or releases what it holds, stops what it supervises, and exits. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        if (!waitFor(Duration.ofSeconds(30))) {
            process.destroyForcibly();
            waitFor(Duration.ofSeconds(5));
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
