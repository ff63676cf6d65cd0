package io.aegisops.edge;

import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import io.aegisops.testsupport.DockerEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Real containers of the local busybox image on the host network, named {@code edge-agent-test-*} and
 * removed on {@link #close()}. The httpd ones run under an init (docker-init), so they stop on SIGTERM at
 * once instead of waiting out the stop timeout.
 */
public final class BusyboxContainers implements AutoCloseable {

    /** A container that serves /health ("ok") on a loopback port. */
    public record Httpd(String name, int port) {
        public URI healthUrl() {
            return URI.create("http://127.0.0.1:" + port + "/health");
        }
    }

    private final DockerClient docker = DockerEngine.client();
    private final List<String> created = new ArrayList<>();
    private final List<Signals> watches = new ArrayList<>();

    public DockerClient docker() {
        return docker;
    }

    public Httpd httpd() {
        int port = freePort();
        String name = start(create("httpd").withCmd("httpd", "-f", "-p", "127.0.0.1:" + port, "-h", "/www"));
        return listening(new Httpd(name, port));
    }

    /** An httpd created with a memory limit and a CPU quota ({@code --memory}, {@code --cpus}). */
    public Httpd httpdWithLimits(long memoryBytes, double cpus) {
        int port = freePort();
        String name = start(
                create("limited").withCmd("httpd", "-f", "-p", "127.0.0.1:" + port, "-h", "/www"),
                hostConfig(true).withMemory(memoryBytes).withNanoCPUs((long) (cpus * 1e9)));
        return listening(new Httpd(name, port));
    }

    /** A shell spinning in a loop, held to {@code cpus} cores. */
    public String busy(double cpus) {
        return start(
                create("busy").withCmd("sh", "-c", "while :; do :; done"),
                hostConfig(true).withNanoCPUs((long) (cpus * 1e9)));
    }

    /** An httpd with a Docker health check that GETs /health every 200 ms. */
    public Httpd httpdWithHealthCheck() {
        int port = freePort();
        String name = start(create("healthy")
                .withCmd("httpd", "-f", "-p", "127.0.0.1:" + port, "-h", "/www")
                .withHealthcheck(new HealthCheck()
                        .withTest(
                                List.of("CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:" + port + "/health"))
                        .withInterval(TimeUnit.MILLISECONDS.toNanos(200))
                        .withTimeout(TimeUnit.SECONDS.toNanos(1))
                        .withStartPeriod(0L)
                        .withRetries(1)));
        return listening(new Httpd(name, port));
    }

    /** A container that printed a few lines and exited with {@code code}. */
    public String exited(int code) throws InterruptedException {
        String name = start(create("exited")
                .withCmd("sh", "-c", "echo starting; sleep 0.1; echo 'fatal: out of cheese' >&2; exit " + code));
        docker.waitContainerCmd(name).start().awaitCompletion(10, TimeUnit.SECONDS);
        return name;
    }

    /** A container whose main process ignores SIGTERM (sh as PID 1, no init): a stop waits out its timeout. */
    public String stubborn() {
        return start(create("stubborn").withCmd("sh", "-c", "echo up; sleep 600"), false);
    }

    public String startedAt(String name) {
        return docker.inspectContainerCmd(name).exec().getState().getStartedAt();
    }

    /** How many times the container was restarted through the API (docker restart) since {@code since}. */
    public int restarts(String name, Instant since) throws InterruptedException {
        return events(name, "restart", since).size();
    }

    /**
     * Listens, from a second before now, for the signals the engine sends the container ("15" SIGTERM, "9" SIGKILL)
     * as they come; stops when these containers are closed.
     */
    public Signals watchSignals(String name) {
        Signals signals = new Signals();
        docker.eventsCmd()
                .withSince(Long.toString(Instant.now().getEpochSecond() - 1))
                .withContainerFilter(name)
                .withEventFilter("kill")
                .exec(signals);
        watches.add(signals);
        return signals;
    }

    /** The signals a container received, in order, while watched. */
    public static final class Signals extends ResultCallback.Adapter<Event> {
        private final List<String> received = new CopyOnWriteArrayList<>();

        @Override
        public void onNext(Event event) {
            received.add(event.getActor().getAttributes().get("signal"));
        }

        public List<String> received() {
            return List.copyOf(received);
        }
    }

    private List<Event> events(String name, String type, Instant since) throws InterruptedException {
        List<Event> events = new ArrayList<>();
        docker.eventsCmd()
                .withSince(Long.toString(since.getEpochSecond()))
                .withUntil(Long.toString(Instant.now().getEpochSecond() + 1))
                .withContainerFilter(name)
                .withEventFilter(type)
                .exec(new ResultCallback.Adapter<>() {
                    @Override
                    public void onNext(Event event) {
                        synchronized (events) {
                            events.add(event);
                        }
                    }
                })
                .awaitCompletion(10, TimeUnit.SECONDS);
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** Waits until the container's health check reports healthy. */
    public void awaitHealthy(String name, Duration timeout) {
        await().alias(name + " healthy").atMost(timeout).until(() -> {
            var health = docker.inspectContainerCmd(name).exec().getState().getHealth();
            return health != null && "healthy".equals(health.getStatus());
        });
    }

    @Override
    public void close() {
        for (Signals signals : watches) {
            try {
                signals.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        for (String name : created) {
            try {
                docker.removeContainerCmd(name).withForce(true).exec();
            } catch (RuntimeException alreadyGone) {
                // removed by the test itself
            }
        }
        try {
            docker.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private CreateContainerCmd create(String kind) {
        String name =
                "edge-agent-test-" + kind + "-" + UUID.randomUUID().toString().substring(0, 8);
        created.add(name);
        return docker.createContainerCmd(DockerEngine.BUSYBOX_IMAGE).withName(name);
    }

    private String start(CreateContainerCmd create) {
        return start(create, true);
    }

    private String start(CreateContainerCmd create, boolean init) {
        return start(create, hostConfig(init));
    }

    private String start(CreateContainerCmd create, HostConfig hostConfig) {
        create.withHostConfig(hostConfig).exec();
        docker.startContainerCmd(create.getName()).exec();
        return create.getName();
    }

    private static HostConfig hostConfig(boolean init) {
        return HostConfig.newHostConfig().withNetworkMode("host").withInit(init);
    }

    /** Returns once the httpd accepts connections: a started container may not listen yet. */
    private static Httpd listening(Httpd httpd) {
        await().alias(httpd.name() + " listening")
                .atMost(Duration.ofSeconds(10))
                .until(() -> {
                    try (Socket socket = new Socket()) {
                        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), httpd.port()), 200);
                        return true;
                    } catch (IOException refused) {
                        return false;
                    }
                });
        return httpd;
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
