package io.aegisops.edge;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import io.aegisops.contracts.CommandResult;
import io.aegisops.contracts.CommandType;
import io.aegisops.contracts.ContainerState;
import io.aegisops.contracts.ResourceUsage;
import io.aegisops.edge.actions.CommandExecutor;
import io.aegisops.edge.actions.HealthProbe;
import io.aegisops.edge.actions.HttpHealthProbe;
import io.aegisops.edge.config.ContainerConfig;
import io.aegisops.edge.config.ProcessSpec;
import io.aegisops.edge.runtime.ContainerRuntime;
import io.aegisops.edge.runtime.DockerContainerRuntime;
import io.aegisops.edge.runtime.ProcessContainerRuntime;
import io.aegisops.edge.runtime.StateDirectory;
import io.aegisops.testsupport.DockerEngine;
import io.aegisops.testsupport.RequiresDockerEngine;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prints how long the agent's RESTART takes against a bare restart of the same service plus its first healthy
 * answer, in the same run, alternating round by round (issue 17's goal: the agent within 1.2x). The service is the
 * buggy app (a JVM: its start is most of a restart), as the embedded stack runs it: the {@code aegisops/buggy-app:local}
 * image on the host network without Docker's health check, the host's JDK mounted; and, for the process runtime,
 * its jar as a supervised process. Not part of the default test run:
 * {@code ./mvnw -pl edge-agent test -Dtest=RestartBenchmark -Dsurefire.failIfNoSpecifiedTests=false} (build the
 * image with {@code buggy-app/run-in-local-container.sh} or the embedded stack first).
 */
@RequiresDockerEngine
class RestartBenchmark {

    /** The image the embedded stack runs (local's {@code ServicePlacement.Container.IMAGE}). */
    private static final String BUGGY_APP_IMAGE = "aegisops/buggy-app:local";

    private static final Path BUGGY_APP_JAR = Path.of("../buggy-app/target/buggy-app.jar");
    private static final int ROUNDS = 20;
    private static final int WARM_UP = 2;
    private static final int STOP_TIMEOUT_SECONDS = 10;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String BARE_SPIN = "bare spin (restart, GET w/o pause to 200)";
    private static final String BARE_GAP = "bare 10ms (restart, GET every 10 ms to 200)";
    private static final String AGENT = "agent (RESTART command)";

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1))
            .build();

    @TempDir
    Path state;

    @Test
    void docker() throws Exception {
        Path jdk = Path.of(System.getProperty("java.home")).toRealPath();
        int port = BusyboxContainers.freePort();
        URI health = URI.create("http://127.0.0.1:" + port + "/health");
        String name = "edge-agent-bench-restart-" + UUID.randomUUID().toString().substring(0, 8);
        try (DockerClient docker = DockerEngine.client()) {
            List<Bind> binds = new ArrayList<>(List.of(
                    new Bind("/usr/lib", new Volume("/usr/lib"), AccessMode.ro),
                    new Bind("/lib", new Volume("/lib"), AccessMode.ro),
                    new Bind("/lib64", new Volume("/lib64"), AccessMode.ro)));
            if (!jdk.startsWith("/usr/lib")) {
                binds.add(new Bind(jdk.toString(), new Volume(jdk.toString()), AccessMode.ro));
            }
            docker.createContainerCmd(BUGGY_APP_IMAGE)
                    .withName(name)
                    .withEnv("PORT=" + port, "JAVA_HOME=" + jdk, "SELF_TRAFFIC_PER_SECOND=0")
                    .withHealthcheck(new HealthCheck().withTest(List.of("NONE")))
                    .withHostConfig(
                            HostConfig.newHostConfig().withNetworkMode("host").withBinds(binds))
                    .exec();
            try {
                docker.startContainerCmd(name).exec();
                firstOk(health);
                Timed runtime = new Timed(new DockerContainerRuntime(docker));
                compare(
                        "docker",
                        gap -> {
                            long started = System.nanoTime();
                            docker.restartContainerCmd(name)
                                    .withTimeout(STOP_TIMEOUT_SECONDS)
                                    .exec();
                            firstOk(health, gap);
                            return System.nanoTime() - started;
                        },
                        runtime,
                        container(name, health, null));
            } finally {
                docker.removeContainerCmd(name).withForce(true).exec();
            }
        }
    }

    @Test
    void process() throws Exception {
        if (!Files.exists(BUGGY_APP_JAR)) {
            report("process", "skipped: no " + BUGGY_APP_JAR + " (./mvnw -pl buggy-app package -DskipTests)");
            return;
        }
        String java = ProcessHandle.current().info().command().orElseThrow();
        int port = BusyboxContainers.freePort();
        URI health = URI.create("http://127.0.0.1:" + port + "/health");
        List<String> command = List.of(java, "-Xmx64m", "-jar", BUGGY_APP_JAR.toString());
        Map<String, String> env = Map.of("PORT", Integer.toString(port), "SELF_TRAFFIC_PER_SECOND", "0");
        ContainerConfig web = container("web", health, new ProcessSpec(command, null, env));
        try (ProcessContainerRuntime supervisor =
                new ProcessContainerRuntime(List.of(web), StateDirectory.lock(state))) {
            supervisor.startAll();
            firstOk(health);
            // bare: the same command line as a plain child: SIGTERM, wait for it to end, start, first 200
            compare(
                    "process",
                    gap -> {
                        supervisor.stop("web", Duration.ofSeconds(STOP_TIMEOUT_SECONDS));
                        Process plain = start(command, env);
                        firstOk(health);
                        long started = System.nanoTime();
                        plain.destroy();
                        plain.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                        Process again = start(command, env);
                        firstOk(health, gap);
                        long took = System.nanoTime() - started;
                        again.destroy();
                        again.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                        supervisor.restart("web", Duration.ofSeconds(STOP_TIMEOUT_SECONDS));
                        firstOk(health);
                        return took;
                    },
                    new Timed(supervisor),
                    web);
        }
    }

    private static Process start(List<String> command, Map<String, String> env) throws IOException {
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(env);
        return builder.start();
    }

    /**
     * A bare restart that ends at the service's first healthy answer, tried again {@code gap} after each refusal;
     * returns how long it took, in ns.
     */
    private interface Restart {
        long run(Duration gap) throws Exception;
    }

    private void compare(String runtimeName, Restart bare, Timed runtime, ContainerConfig container) throws Exception {
        CommandExecutor agent = new CommandExecutor(
                TestConfigs.agent("bench", "unused-", container),
                runtime,
                counting(new HttpHealthProbe(Duration.ofSeconds(3))));
        Map<String, List<Long>> millis = new LinkedHashMap<>();
        Map<String, List<Long>> parts = new LinkedHashMap<>();
        for (int round = 0; round < WARM_UP + ROUNDS; round++) {
            // each in turn first: the machine's load drifts
            for (int turn = 0; turn < 3; turn++) {
                long took;
                String kind;
                switch ((round + turn) % 3) {
                    case 0 -> {
                        kind = BARE_SPIN;
                        took = bare.run(Duration.ZERO);
                    }
                    case 1 -> {
                        kind = BARE_GAP;
                        took = bare.run(Duration.ofMillis(10));
                    }
                    default -> {
                        kind = AGENT;
                        runtime.reset();
                        probes.set(0);
                        long started = System.nanoTime();
                        CommandResult result = agent.execute(
                                        CommandTable.pending(
                                                "bench", container.name(), CommandType.RESTART, "t", Map.of(), false),
                                        false)
                                .result();
                        took = System.nanoTime() - started;
                        if (!result.success()) {
                            throw new AssertionError("the agent's restart failed: " + result.message());
                        }
                        if (round >= WARM_UP) {
                            runtime.breakdown()
                                    .forEach(part -> parts.computeIfAbsent(part.getKey(), k -> new ArrayList<>())
                                            .add(part.getValue()));
                            parts.computeIfAbsent("health probes", k -> new ArrayList<>())
                                    .add(probes.get());
                        }
                    }
                }
                if (round >= WARM_UP) {
                    millis.computeIfAbsent(kind, k -> new ArrayList<>()).add(TimeUnit.NANOSECONDS.toMillis(took));
                }
            }
        }
        millis.forEach((kind, samples) -> report(runtimeName + " " + kind + " (ms)", Percentiles.summary(samples)));
        List<Long> agentMillis = millis.get(AGENT);
        for (String kind : List.of(BARE_SPIN, BARE_GAP)) {
            List<Long> bareMillis = millis.get(kind);
            report(
                    runtimeName + " agent ÷ " + kind.substring(0, kind.indexOf(' ', 5)) + ", p50 / p95",
                    String.format(
                            Locale.ROOT,
                            "%.2fx / %.2fx (goal ≤ 1.2x)",
                            Percentiles.at(agentMillis, 0.5) / (double) Percentiles.at(bareMillis, 0.5),
                            Percentiles.at(agentMillis, 0.95) / (double) Percentiles.at(bareMillis, 0.95)));
        }
        parts.forEach((part, values) -> report(runtimeName + " agent: " + part, Percentiles.summary(values)));
    }

    private final AtomicLong probes = new AtomicLong();

    private HealthProbe counting(HealthProbe probe) {
        return url -> {
            probes.incrementAndGet();
            return probe.check(url);
        };
    }

    /** Polls the health URL without a pause (a refused connection answers at once); ns until the first 200. */
    private long firstOk(URI health) throws InterruptedException {
        return firstOk(health, Duration.ZERO);
    }

    private long firstOk(URI health, Duration gap) throws InterruptedException {
        long started = System.nanoTime();
        HttpRequest request =
                HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() - started < WAIT.toNanos()) {
            try {
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return System.nanoTime() - started;
                }
            } catch (IOException notYet) {
                // refused while it starts
            }
            Thread.sleep(gap);
        }
        throw new AssertionError(health + " did not answer 200 within " + WAIT);
    }

    private static ContainerConfig container(String name, URI health, ProcessSpec process) {
        return new ContainerConfig(
                name, EnumSet.of(CommandType.RESTART), health, STOP_TIMEOUT_SECONDS, 60, 3, process, null);
    }

    /** The runtime, timing its restart and counting its inspects. */
    private static final class Timed implements ContainerRuntime {
        private final ContainerRuntime runtime;
        private final AtomicLong inspects = new AtomicLong();
        private final AtomicLong inspectNanos = new AtomicLong();
        private final AtomicLong restartNanos = new AtomicLong();

        Timed(ContainerRuntime runtime) {
            this.runtime = runtime;
        }

        void reset() {
            inspects.set(0);
            inspectNanos.set(0);
            restartNanos.set(0);
        }

        /** Where the agent's time went in the last RESTART. */
        List<Map.Entry<String, Long>> breakdown() {
            return List.of(
                    Map.entry("runtime.restart (ms)", TimeUnit.NANOSECONDS.toMillis(restartNanos.get())),
                    Map.entry("inspects", inspects.get()),
                    Map.entry("inspects (ms)", TimeUnit.NANOSECONDS.toMillis(inspectNanos.get())));
        }

        @Override
        public ContainerState inspect(String container) {
            long started = System.nanoTime();
            try {
                return runtime.inspect(container);
            } finally {
                inspects.incrementAndGet();
                inspectNanos.addAndGet(System.nanoTime() - started);
            }
        }

        @Override
        public void restart(String container, Duration stopTimeout) {
            long started = System.nanoTime();
            try {
                runtime.restart(container, stopTimeout);
            } finally {
                restartNanos.addAndGet(System.nanoTime() - started);
            }
        }

        @Override
        public ResourceUsage resources(String container) {
            return runtime.resources(container);
        }

        @Override
        public String logs(String container, int lines) {
            return runtime.logs(container, lines);
        }

        @Override
        public void stop(String container, Duration stopTimeout) {
            runtime.stop(container, stopTimeout);
        }

        @Override
        public void close() {
            runtime.close();
        }
    }

    private static void report(String what, String value) {
        System.out.printf("BENCHMARK %-45s %s%n", what, value);
    }
}
