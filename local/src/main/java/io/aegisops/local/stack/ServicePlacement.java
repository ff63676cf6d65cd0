package io.aegisops.local.stack;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the demo's service (the buggy app) runs: a Docker container the edge agent restarts through the Docker
 * engine, or a process the edge agent starts and supervises itself (its process runtime) on machines without
 * an engine. Either way the agent, not the stack, is what restarts it.
 */
public sealed interface ServicePlacement extends AutoCloseable {

    /** The local base image run-in-local-container.sh builds the service's image from (no registry needed). */
    String LOCAL_BASE_IMAGE = "aegisops/busybox:local";

    /** One line for the start-up banner. */
    String describe();

    /** The command line the agent supervises, for the process runtime; empty for a container. */
    Optional<List<String>> supervisedCommand();

    /** Also why the stack chose this placement (for example, no Docker engine). */
    String reason();

    @Override
    void close();

    /**
     * Places the service as asked: {@code DOCKER} must get a container, {@code PROCESS} a process, and
     * {@code AUTO} a container when a Docker engine answers and the local image route works, else a process.
     */
    static ServicePlacement place(StackOptions options, StackSettings settings) {
        return switch (options.runtime()) {
            case PROCESS -> new SupervisedProcess(processCommand(options, settings), "asked for (--runtime process)");
            case DOCKER -> Container.start(options, settings);
            case AUTO -> {
                try {
                    yield Container.start(options, settings);
                } catch (ContainerUnavailableException e) {
                    yield new SupervisedProcess(processCommand(options, settings), e.getMessage());
                }
            }
        };
    }

    /** Why the service cannot run as a container here. */
    final class ContainerUnavailableException extends IllegalStateException {
        ContainerUnavailableException(String reason) {
            super(reason);
        }
    }

    private static List<String> processCommand(StackOptions options, StackSettings settings) {
        List<String> command = new ArrayList<>();
        command.add(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String option : settings.get(StackSettings.JAVA_OPTS).trim().split("\\s+")) {
            if (!option.isEmpty()) {
                command.add(option);
            }
        }
        command.add("-jar");
        command.add(options.buggyAppJar().toString());
        return command;
    }

    /** The process runtime: the edge agent starts the service with this command line and restarts it. */
    record SupervisedProcess(List<String> command, String reason) implements ServicePlacement {
        @Override
        public String describe() {
            return "a process supervised by the edge agent (java -jar buggy-app.jar)";
        }

        @Override
        public Optional<List<String>> supervisedCommand() {
            return Optional.of(command);
        }

        @Override
        public void close() {
            // the agent stops what it supervises when it stops
        }
    }

    /** A Docker container built from the local base image by buggy-app/run-in-local-container.sh. */
    record Container(String name, String reason) implements ServicePlacement {

        private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

        /** @throws ContainerUnavailableException saying why the container route does not work here */
        static Container start(StackOptions options, StackSettings settings) {
            HostCommand.Result engine = HostCommand.of("docker", "version", "--format", "{{.Server.Version}}").run(Duration.ofSeconds(10));
            if (!engine.ok()) {
                throw new ContainerUnavailableException("no Docker engine answers (" + firstLine(engine.output()) + ")");
            }
            if (!HostCommand.of("docker", "image", "inspect", LOCAL_BASE_IMAGE).run(Duration.ofSeconds(10)).ok()) {
                throw new ContainerUnavailableException("the local base image " + LOCAL_BASE_IMAGE + " is missing (scripts/build-local-base-image.sh builds it)");
            }
            if (!Files.isExecutable(options.buggyAppContainerScript())) {
                throw new ContainerUnavailableException(options.buggyAppContainerScript() + " is missing");
            }
            Map<String, String> env = new LinkedHashMap<>(settings.appEnvironment());
            for (String passed : List.of("PATH", "HOME", "DOCKER_HOST", "JAVA_HOME")) {
                Optional.ofNullable(System.getenv(passed)).ifPresent(value -> env.put(passed, value));
            }
            env.put("JAVA_HOME", System.getProperty("java.home"));
            HostCommand.Result started = new HostCommand(List.of("bash", options.buggyAppContainerScript().toString(), settings.container()),
                    env, options.home()).run(START_TIMEOUT);
            if (!started.ok()) {
                throw new ContainerUnavailableException("run-in-local-container.sh failed: " + started.output());
            }
            return new Container(settings.container(), "Docker engine " + engine.output());
        }

        @Override
        public String describe() {
            return "Docker container " + name + " (image aegisops/buggy-app:local, host network)";
        }

        @Override
        public Optional<List<String>> supervisedCommand() {
            return Optional.empty();
        }

        @Override
        public void close() {
            HostCommand.of("docker", "rm", "-f", name).run(Duration.ofSeconds(30));
        }

        private static String firstLine(String text) {
            int newline = text.indexOf('\n');
            return newline < 0 ? text : text.substring(0, newline);
        }
    }
}
