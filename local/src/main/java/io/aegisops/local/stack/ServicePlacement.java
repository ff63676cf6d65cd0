package io.aegisops.local.stack;

import java.nio.file.Files;
import java.nio.file.Path;
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

    /** One line for the start-up banner. */
    String describe();

    /** The command line the agent supervises, for the process runtime; empty for a container. */
    Optional<List<String>> supervisedCommand();

    /** Also why the stack chose this placement (for example, no Docker engine). */
    String reason();

    /** Whether the service runs from an image, so that a release can be deployed and rolled back. */
    boolean runsImages();

    /**
     * Deploys {@code image} over the running service as a deployment does: the container is replaced by one of the
     * same settings on the new image.
     *
     * @throws UnsupportedOperationException for a process, which runs no image
     */
    void deploy(String image);

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
        command.add(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java")
                .toString());
        for (String option : settings.get(StackSettings.JAVA_OPTS).trim().split("\\s+", -1)) {
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
        public boolean runsImages() {
            return false;
        }

        @Override
        public void deploy(String image) {
            throw new UnsupportedOperationException("a supervised process runs no image: nothing to deploy");
        }

        @Override
        public void close() {
            // the agent stops what it supervises when it stops
        }
    }

    /**
     * A Docker container on the host network, from an image built like buggy-app/run-in-local-container.sh
     * builds it: the local base image plus the jar (buggy-app/local-container/Dockerfile), the host's JDK and
     * libraries mounted read-only, since no image registry is needed or reachable. Run without Docker's own
     * health check: the edge agent judges health by the service's health URL, which turns at the same moment
     * as the service's alert, whereas Docker's periodic check lags by its interval, so the evidence would show
     * a stale "healthy" (which, for a crash alert, DiagnosisRules would take as the host contradicting it).
     */
    record Container(String name, String reason, List<String> runArguments, Map<String, String> runEnvironment)
            implements ServicePlacement {

        static final String IMAGE = "aegisops/buggy-app:local";
        /**
         * The bad release: the same Dockerfile built with {@code RELEASE=bad}. It fails every order and its health
         * check from the start, and only a rollback to {@link #IMAGE} heals it.
         */
        public static final String BAD_RELEASE_IMAGE = "aegisops/buggy-app:bad-release";
        /** What {@code buggy-app/local-container/Dockerfile} builds FROM: scripts/build-local-base-image.sh makes it. */
        static final String BASE_IMAGE = "aegisops/busybox:local";

        static final String ROLE_LABEL = "aegisops.role=buggy-app";
        /** The state directory of the stack that made the container: the only stack that may replace it. */
        static final String STATE_DIR_LABEL = "aegisops.state-dir";

        private static final Duration DOCKER_TIMEOUT = Duration.ofMinutes(2);

        /** @throws ContainerUnavailableException saying why the container route does not work here */
        static Container start(StackOptions options, StackSettings settings) {
            HostCommand.Result engine = docker("version", "--format", "{{.Server.Version}}");
            if (!engine.ok()) {
                throw new ContainerUnavailableException(
                        "no Docker engine answers (" + firstLine(engine.output()) + ")");
            }
            if (!docker("image", "inspect", BASE_IMAGE).ok()) {
                throw new ContainerUnavailableException("the local base image " + BASE_IMAGE
                        + " is missing (scripts/build-local-base-image.sh builds it)");
            }
            String name = settings.container();
            removeOwn(name, options.stateDir());
            buildImage(options, IMAGE, "good");
            buildImage(options, BAD_RELEASE_IMAGE, "bad");
            List<String> run = new ArrayList<>(List.of(
                    "docker",
                    "run",
                    "-d",
                    "--name",
                    name,
                    "--label",
                    ROLE_LABEL,
                    "--label",
                    STATE_DIR_LABEL + "=" + options.stateDir(),
                    "--network",
                    "host",
                    "--no-healthcheck"));
            Path jdk = realPath(Path.of(System.getProperty("java.home")));
            for (String dir : List.of("/usr/lib", "/lib", "/lib64")) {
                run.addAll(List.of("-v", dir + ":" + dir + ":ro"));
            }
            if (!jdk.startsWith("/usr/lib")) {
                run.addAll(List.of("-v", jdk + ":" + jdk + ":ro"));
            }
            if (Files.isDirectory(Path.of("/etc/java-17-openjdk"))) {
                run.addAll(List.of("-v", "/etc/java-17-openjdk:/etc/java-17-openjdk:ro"));
            }
            // values through the environment of the docker command, by name only: no secret on a command line
            Map<String, String> env = new LinkedHashMap<>(settings.appEnvironment());
            env.put("JAVA_HOME", jdk.toString());
            env.keySet().forEach(key -> run.addAll(List.of("-e", key)));
            Map<String, String> processEnv = hostEnvironment();
            processEnv.putAll(env);
            Container container =
                    new Container(name, "Docker engine " + engine.output(), List.copyOf(run), Map.copyOf(processEnv));
            container.run(IMAGE);
            return container;
        }

        /** {@code docker run} of {@code image} with the service's settings. */
        private void run(String image) {
            List<String> command = new ArrayList<>(runArguments);
            command.add(image);
            HostCommand.Result started = new HostCommand(command, runEnvironment, null).run(DOCKER_TIMEOUT);
            if (!started.ok()) {
                throw new ContainerUnavailableException("docker run failed: " + started.output());
            }
        }

        @Override
        public boolean runsImages() {
            return true;
        }

        /** Removes the container and runs {@code image} in its place, as a deployment does. */
        @Override
        public void deploy(String image) {
            docker("rm", "-f", name);
            run(image);
        }

        /** {@code docker build} of buggy-app/local-container/Dockerfile for {@code release} (good or bad). */
        private static void buildImage(StackOptions options, String image, String release) {
            Path context;
            try {
                context = Files.createTempDirectory("aegis-buggy-app-image");
                Files.copy(
                        options.home().resolve("buggy-app/local-container/Dockerfile"), context.resolve("Dockerfile"));
                Files.copy(options.buggyAppJar(), context.resolve("buggy-app.jar"));
            } catch (java.io.IOException e) {
                throw new ContainerUnavailableException("cannot prepare the image's build context: " + e.getMessage());
            }
            try {
                Map<String, String> env = hostEnvironment();
                env.put("DOCKER_BUILDKIT", "0");
                HostCommand.Result built = new HostCommand(
                                List.of(
                                        "docker",
                                        "build",
                                        "-q",
                                        "--build-arg",
                                        "RELEASE=" + release,
                                        "-t",
                                        image,
                                        context.toString()),
                                env,
                                null)
                        .run(DOCKER_TIMEOUT);
                if (!built.ok()) {
                    throw new ContainerUnavailableException("docker build failed: " + built.output());
                }
            } finally {
                try (var files = Files.walk(context)) {
                    files.sorted(java.util.Comparator.reverseOrder())
                            .forEach(p -> p.toFile().delete());
                } catch (java.io.IOException e) {
                    // a temporary directory left behind
                }
            }
        }

        /**
         * Removes a container of that name left by a stack of this state directory (one that stopped without
         * cleaning up: only one stack at a time runs per state directory); refuses any other.
         */
        private static void removeOwn(String name, Path stateDir) {
            HostCommand.Result labels = docker(
                    "container",
                    "inspect",
                    "-f",
                    "{{index .Config.Labels \"aegisops.role\"}}|{{index .Config.Labels \"" + STATE_DIR_LABEL + "\"}}",
                    name);
            if (!labels.ok()) {
                return;
            }
            String[] roleAndStateDir = labels.output().split("\\|", 2);
            if (!roleAndStateDir[0].equals("buggy-app")) {
                throw new ContainerUnavailableException(
                        "a container named " + name + " exists and was not made by AegisOps");
            }
            if (roleAndStateDir.length < 2 || !roleAndStateDir[1].equals(stateDir.toString())) {
                throw new ContainerUnavailableException(
                        "a container named " + name + " belongs to another AegisOps stack (state directory "
                                + (roleAndStateDir.length < 2 ? "unknown" : roleAndStateDir[1])
                                + "); stop that stack, or remove the container"
                                + " with docker rm -f " + name + " if it no longer runs");
            }
            docker("rm", "-f", name);
        }

        private static HostCommand.Result docker(String... args) {
            List<String> command = new ArrayList<>(List.of("docker"));
            command.addAll(List.of(args));
            return new HostCommand(command, hostEnvironment(), null).run(DOCKER_TIMEOUT);
        }

        private static Map<String, String> hostEnvironment() {
            Map<String, String> env = new LinkedHashMap<>();
            for (String passed : List.of("PATH", "HOME", "DOCKER_HOST", "DOCKER_CONFIG", "DOCKER_CONTEXT")) {
                Optional.ofNullable(System.getenv(passed)).ifPresent(value -> env.put(passed, value));
            }
            return env;
        }

        @Override
        public String describe() {
            return "Docker container " + name + " (image " + IMAGE + ", host network)";
        }

        /** The settings with the secrets' values hidden (a record's own toString would print them). */
        @Override
        public String toString() {
            return "Container[" + name + "]";
        }

        @Override
        public Optional<List<String>> supervisedCommand() {
            return Optional.empty();
        }

        @Override
        public void close() {
            docker("rm", "-f", name);
        }

        private static Path realPath(Path path) {
            try {
                return path.toRealPath();
            } catch (java.io.IOException e) {
                return path.toAbsolutePath();
            }
        }

        private static String firstLine(String text) {
            int newline = text.indexOf('\n');
            return newline < 0 ? text : text.substring(0, newline);
        }
    }
}
