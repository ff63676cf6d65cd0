package io.aegisops.local;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's Prometheus and Alertmanager programs ({@code prometheus}, {@code promtool},
 * {@code prometheus-alertmanager} or {@code alertmanager}, {@code amtool}), found on the PATH, and the shipped files
 * of {@code docs/integrations/}. Without the programs a test skips with the reason, unless
 * {@code AEGIS_REQUIRE_MONITORING=true} (as .ci/run sets it) or {@code CI} is set: then it fails.
 */
final class MonitoringPrograms {

    static final String REQUIRE = "AEGIS_REQUIRE_MONITORING";

    final Path prometheus;
    final Path promtool;
    final Path alertmanager;
    final Path amtool;

    private MonitoringPrograms(Path prometheus, Path promtool, Path alertmanager, Path amtool) {
        this.prometheus = prometheus;
        this.promtool = promtool;
        this.alertmanager = alertmanager;
        this.amtool = amtool;
    }

    /** The programs, or the test skipped (or failed where they are required) naming what is missing. */
    static MonitoringPrograms requireOrSkip() {
        List<String> missing = new ArrayList<>();
        Path prometheus = find(missing, "prometheus");
        Path promtool = find(missing, "promtool");
        Path alertmanager = find(missing, "prometheus-alertmanager", "alertmanager");
        Path amtool = find(missing, "amtool");
        if (missing.isEmpty()) {
            return new MonitoringPrograms(prometheus, promtool, alertmanager, amtool);
        }
        String reason = "not on the PATH: " + String.join(", ", missing)
                + " (apt-get install -y --no-install-recommends prometheus prometheus-alertmanager)";
        if ("true".equalsIgnoreCase(System.getenv(REQUIRE)) || System.getenv("CI") != null) {
            fail("the monitoring programs are required here (" + REQUIRE + "=true or CI set) but are " + reason);
        }
        System.out.println("SKIPPED the tests with the real Prometheus and Alertmanager: " + reason);
        Assumptions.abort(reason);
        throw new AssertionError("unreachable");
    }

    private static Path find(List<String> missing, String... names) {
        for (String name : names) {
            Optional<Path> found = Stream.of(
                            System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                    .filter(dir -> !dir.isBlank())
                    .map(dir -> Path.of(dir, name))
                    .filter(Files::isExecutable)
                    .findFirst();
            if (found.isPresent()) {
                return found.get();
            }
        }
        missing.add(String.join(" or ", names));
        return null;
    }

    /** A shipped file of {@code docs/integrations/}, found upwards from the working directory. */
    static Path shipped(String relativePath) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path file = dir.resolve("docs/integrations").resolve(relativePath);
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        throw new IllegalStateException("no docs/integrations/" + relativePath);
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A program run to its end: its exit code and what it printed (both streams). */
    record Run(int exitCode, String output) {}

    static Run run(Path workDir, String... command) {
        try {
            Path output = Files.createTempFile(workDir, "run-", ".log");
            Process process = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not end within 60 s");
            }
            return new Run(process.exitValue(), Files.readString(output));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A program started as a child of this JVM, its output in {@code log}; {@link #close} kills it. */
    static final class Child implements AutoCloseable {
        private final Process process;
        final Path log;

        Child(Path log, String... command) {
            this.log = log;
            try {
                Files.createDirectories(log.getParent());
                this.process = new ProcessBuilder(command)
                        .directory(log.getParent().toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        boolean alive() {
            return process.isAlive();
        }

        String output() {
            return read(log);
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
