package io.aegisops.local.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How to start the embedded stack.
 *
 * @param home      the AegisOps checkout: where {@code edge-agent/target/edge-agent.jar} and the buggy app are
 * @param stateDir  where the stack writes its logs, the agent's configuration and {@code local.json} for the CLI
 * @param port      the edge port (LocalStack's 4566 by default); 0 for any free port
 * @param dataDir   where the DynamoDB engine keeps its files; null keeps everything in memory
 * @param runtime   how the buggy app runs: as a container, as a process the agent supervises, or whichever works
 * @param overrides settings that replace the defaults of {@link StackSettings} (tests, {@code --set}, OPENAI_*)
 */
public record StackOptions(
        Path home, Path stateDir, int port, Path dataDir, AppRuntime runtime, Map<String, String> overrides) {

    public static final int DEFAULT_PORT = 4566;

    /** How the demo's service runs. */
    public enum AppRuntime {
        /** a container when a Docker engine and the local base image are there, else a process */
        AUTO,
        /** a container; fails when no Docker engine answers */
        DOCKER,
        /** a process the edge agent starts and supervises (its process runtime) */
        PROCESS
    }

    public StackOptions {
        home = home.toAbsolutePath().normalize();
        stateDir = stateDir.toAbsolutePath().normalize();
        dataDir = dataDir == null ? null : dataDir.toAbsolutePath().normalize();
        overrides = Map.copyOf(overrides);
    }

    /** These options with {@code more} on top of the overrides. */
    public StackOptions withOverrides(Map<String, String> more) {
        Map<String, String> merged = new HashMap<>(overrides);
        merged.putAll(more);
        return new StackOptions(home, stateDir, port, dataDir, runtime, merged);
    }

    public StackOptions withPort(int value) {
        return new StackOptions(home, stateDir, value, dataDir, runtime, overrides);
    }

    public Path edgeAgentJar() {
        return home.resolve("edge-agent/target/edge-agent.jar");
    }

    public Path buggyAppJar() {
        return home.resolve("buggy-app/target/buggy-app.jar");
    }

    /**
     * The checkout the stack runs from: the {@code aegis.home} system property ({@code ./aegis} and the tests
     * set it), else the first directory upwards from the working directory that holds the edge agent module.
     */
    public static Path findHome() {
        String property = System.getProperty("aegis.home");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        return Optional.of(Path.of("").toAbsolutePath())
                .flatMap(StackOptions::upwardsToCheckout)
                .orElseThrow(() -> new IllegalStateException("cannot find the AegisOps checkout (no edge-agent/ above "
                        + Path.of("").toAbsolutePath()
                        + "): run ./aegis from the repository, or pass -Daegis.home=DIR"));
    }

    private static Optional<Path> upwardsToCheckout(Path start) {
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("edge-agent")) && Files.isDirectory(dir.resolve("buggy-app"))) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }
}
