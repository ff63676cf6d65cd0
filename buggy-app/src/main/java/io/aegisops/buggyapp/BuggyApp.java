package io.aegisops.buggyapp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A small order service that fails on demand, and says so: through GET /health, GET /metrics, its JSON
 * log on stdout, and signed alerts to a webhook. See docs/notes/issue-7.md for the routes and formats.
 */
public final class BuggyApp implements AutoCloseable {

    /** The dependency the business endpoint calls, as named in logs and health. */
    static final String DEPENDENCY = "orders-db";
    /** Exit status after an OutOfMemoryError, as the JVM's own -XX:+ExitOnOutOfMemoryError uses. */
    static final int OUT_OF_MEMORY_EXIT = 3;
    /** How long a dying process waits for its last alert to be delivered. */
    static final Duration LAST_GASP = Duration.ofSeconds(3);

    private final AppConfig config;
    private final ProcessExit exit;
    private final Clock clock = Clock.systemUTC();
    private final Instant startedAt = clock.instant();
    private final AppLog log;
    private final RequestStats stats = new RequestStats();
    private final JvmSignals jvm = new JvmSignals();
    private final AlertRules rules;
    private final WebhookSender webhook;
    private final Monitor monitor;
    private final Faults faults;
    private final MetricsPage metrics;
    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicBoolean exiting = new AtomicBoolean();
    private HttpServer server;
    private SelfTraffic selfTraffic;

    private BuggyApp(AppConfig config, ProcessExit exit, PrintStream logOut) {
        this.config = config;
        this.exit = exit;
        this.log = new AppLog(
                logOut,
                clock,
                config.serviceName(),
                Math.max(200, config.webhook().logLines()));
        this.rules = new AlertRules(config.thresholds(), config.serviceName());
        this.webhook = config.webhook().url() == null ? null : new WebhookSender(config.webhook(), log, clock);
        this.monitor = new Monitor(config, rules, jvm, stats, webhook == null ? AlertSink.NONE : webhook, log, clock);
        this.faults = new Faults(log, clock, error -> crash(error.toString(), OUT_OF_MEMORY_EXIT), config.badRelease());
        this.metrics = new MetricsPage(stats, jvm, faults, monitor, webhook, startedAt, clock);
    }

    /** Starts serving, monitoring and (if configured) its own traffic. {@code exit} ends the process on a crash. */
    public static BuggyApp start(AppConfig config, ProcessExit exit, PrintStream logOut) throws IOException {
        BuggyApp app = new BuggyApp(config, exit, logOut);
        app.serve();
        return app;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        if (selfTraffic != null) {
            selfTraffic.close();
        }
        monitor.close();
        server.stop(0);
        handlers.shutdownNow();
        faults.close();
        if (webhook != null) {
            webhook.close();
        }
    }

    private void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(config.bindAddress(), config.port()), 0);
        server.setExecutor(handlers);
        route("/health", false, this::health);
        route("/metrics", false, this::metrics);
        route("/api/orders", false, this::orders);
        route("/faults", true, this::faults);
        route("/trigger_memory", false, request -> alias(request, "memory"));
        route("/trigger_cpu", false, request -> alias(request, "cpu"));
        route("/trigger_db_latency", false, request -> alias(request, "latency"));
        route("/", true, BuggyApp::notFound);
        server.start();
        monitor.start();
        if (config.badRelease()) {
            log.error(
                    "bad release: the orders client is built against the wrong dependency version, every order"
                            + " fails",
                    "release",
                    "bad",
                    "dependency",
                    DEPENDENCY);
        }
        log.info(
                "buggy-app listening",
                "address",
                config.bindAddress(),
                "port",
                port(),
                "container",
                config.containerName(),
                "webhook",
                config.webhook().redactedUrl(),
                "signed",
                config.webhook().hmacSecret() != null,
                "selfTrafficPerSecond",
                config.selfTrafficPerSecond());
        if (config.selfTrafficPerSecond() > 0) {
            InetSocketAddress address = server.getAddress();
            String host = address.getAddress().isAnyLocalAddress()
                    ? "127.0.0.1"
                    : address.getAddress().getHostAddress();
            URI target = URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port()
                    + RequestStats.BUSINESS_ROUTE);
            selfTraffic = new SelfTraffic(target, config.selfTrafficPerSecond());
        }
    }

    // ---- routes -------------------------------------------------------------------------------------

    private Response health(Request request) {
        Set<Faults.Fault> active = faults.active();
        List<String> failing = new ArrayList<>();
        if (monitor.firing().contains(AlertType.HighMemoryUsage)) {
            failing.add("heap");
        }
        if (active.contains(Faults.Fault.LATENCY)) {
            failing.add("dependency");
        }
        if (active.contains(Faults.Fault.ERRORS)) {
            failing.add("errors");
        }
        if (active.contains(Faults.Fault.BAD_RELEASE)) {
            failing.add("release");
        }
        var heap = jvm.heap();
        return Response.json(
                failing.isEmpty() ? 200 : 503,
                JsonText.object()
                        .field("status", failing.isEmpty() ? "UP" : "DOWN")
                        .field("service", config.serviceName())
                        .rawField("failing", JsonText.array(failing))
                        .rawField("activeFaults", JsonText.array(Faults.labels(active)))
                        .field(
                                "heapUsedRatio",
                                heap.getMax() > 0
                                        ? Math.round(1000.0 * heap.getUsed() / heap.getMax()) / 1000.0
                                        : Double.NaN)
                        .field("dependencyDelayMs", faults.dependencyDelay().toMillis())
                        .toString());
    }

    private Response metrics(Request request) {
        return new Response(200, PrometheusText.CONTENT_TYPE, metrics.render(), null);
    }

    /** The business endpoint: reads orders from its dependency, which the faults slow down or break. */
    private Response orders(Request request) throws InterruptedException {
        long started = System.nanoTime();
        Duration delay = faults.dependencyDelay();
        if (!delay.isZero()) {
            Thread.sleep(delay);
            log.warn(
                    "slow dependency call",
                    "dependency",
                    DEPENDENCY,
                    "durationMs",
                    (System.nanoTime() - started) / 1_000_000);
        }
        if (faults.failThisRequest()) {
            log.error(
                    "request failed: dependency unavailable",
                    "route",
                    RequestStats.BUSINESS_ROUTE,
                    "status",
                    500,
                    "dependency",
                    DEPENDENCY);
            return Response.json(
                    500,
                    JsonText.object()
                            .field("error", DEPENDENCY + " unavailable")
                            .toString());
        }
        return Response.json(
                200,
                "{\"orders\":[{\"id\":\"o-1001\",\"status\":\"SHIPPED\"},{\"id\":\"o-1002\",\"status\":\"PENDING\"}]}");
    }

    /** GET /faults, POST /faults/{memory|cpu|latency|errors|crash}, DELETE /faults, POST /faults/clear. */
    private Response faults(Request request) {
        String name = request.path().equals("/faults") ? "" : request.path().substring("/faults/".length());
        return switch (request.method() + " " + name) {
            case "GET " -> faultList();
            case "DELETE ", "POST clear" -> {
                Set<Faults.Fault> cleared = faults.clear();
                yield Response.json(
                        200,
                        JsonText.object()
                                .rawField("cleared", JsonText.array(Faults.labels(cleared)))
                                .rawField("activeFaults", JsonText.array(Faults.labels(faults.active())))
                                .toString());
            }
            case "POST memory", "POST cpu", "POST latency", "POST errors", "POST crash" ->
                trigger(name, request.query());
            default ->
                Response.json(
                        name.isEmpty() || isFault(name) || name.equals("clear") ? 405 : 404,
                        JsonText.object()
                                .field(
                                        "error",
                                        request.method() + " " + request.path() + " is not a fault operation;"
                                                + " use POST /faults/{memory|cpu|latency|errors|crash}, GET or DELETE /faults, POST /faults/clear")
                                .toString());
        };
    }

    /** The seed project's trigger paths, which answered GET as well as POST. */
    private Response alias(Request request, String fault) {
        if (!request.method().equals("GET") && !request.method().equals("POST")) {
            return Response.json(
                    405, JsonText.object().field("error", "use GET or POST").toString());
        }
        return trigger(fault, request.query());
    }

    private Response trigger(String fault, Params params) {
        switch (fault) {
            case "memory" -> {
                long perSecond = params.whole("mbPerSecond", 4, 1, 1024) << 20;
                // of the live heap: G1 in a 64 MiB heap gives up at about 78% live
                double holdAt = params.number("holdAtHeapRatio", 0.72, 0.05, 0.99);
                Duration hold = Duration.ofSeconds(params.whole("holdSeconds", 30, 0, 86_400));
                if (!faults.startMemoryLeak(perSecond, holdAt, hold)) {
                    return Response.json(
                            409,
                            JsonText.object()
                                    .field("error", "the memory leak is already running; only a restart frees it")
                                    .toString());
                }
            }
            case "cpu" ->
                faults.startCpuSpike(
                        (int) params.whole("threads", Runtime.getRuntime().availableProcessors(), 1, 64),
                        Duration.ofSeconds(params.whole("seconds", 60, 1, 600)));
            case "latency" ->
                faults.startLatency(Duration.ofMillis(params.whole("ms", 2000, 1, 60_000)), params.seconds());
            case "errors" -> faults.startErrors(params.number("ratio", 1.0, 0.01, 1.0), params.seconds());
            case "crash" -> {
                int status = (int) params.whole("exitCode", 1, 1, 255);
                // Answer first, then die: the caller learns the crash was accepted.
                return new Response(
                        202,
                        "application/json",
                        JsonText.object()
                                .field("fault", "crash")
                                .field("exitCode", status)
                                .toString(),
                        () -> crash("crash requested through the fault API", status));
            }
            default -> throw new IllegalArgumentException("unknown fault " + fault);
        }
        return Response.json(
                202,
                JsonText.object()
                        .field("fault", fault)
                        .rawField("activeFaults", JsonText.array(Faults.labels(faults.active())))
                        .toString());
    }

    private Response faultList() {
        return Response.json(
                200,
                JsonText.object()
                        .rawField("activeFaults", JsonText.array(Faults.labels(faults.active())))
                        .field("leakedBytes", faults.leakedBytes())
                        .toString());
    }

    /**
     * Ends the process the way a crashing service does: an ERROR line, a last-gasp ServiceCrashed alert
     * (delivered if the webhook answers within {@link #LAST_GASP}), then a non-zero exit. Runs once.
     */
    private void crash(String reason, int status) {
        if (!exiting.compareAndSet(false, true)) {
            return;
        }
        log.error("service crashing", "reason", reason, "exitCode", status);
        monitor.raise(new AlertRules.Transition(
                rules.newEpisode(AlertType.ServiceCrashed, clock.instant()),
                AlertRules.Status.FIRING,
                "process exiting with code " + status + ": " + reason,
                clock.instant()));
        try {
            if (webhook != null && !webhook.awaitIdle(LAST_GASP)) {
                log.error("exiting before the last alert was delivered", "waitedMs", LAST_GASP.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        exit.exit(status);
    }

    // ---- HTTP plumbing ------------------------------------------------------------------------------

    /**
     * Serves {@code path} (and, with {@code subpaths}, {@code path/...}). The JDK server matches contexts
     * by prefix, so anything else that merely starts with {@code path} (/healthz) is a 404 here.
     */
    private void route(String path, boolean subpaths, Route route) {
        server.createContext(path, exchange -> {
            String requested = exchange.getRequestURI().getPath();
            boolean matches = requested.equals(path)
                    || (subpaths && requested.startsWith(path.endsWith("/") ? path : path + "/"));
            serve(exchange, matches && !path.equals("/") ? path : "other", matches ? route : BuggyApp::notFound);
        });
    }

    private static Response notFound(Request request) {
        return Response.json(
                404,
                JsonText.object()
                        .field("error", "no route for " + request.path())
                        .toString());
    }

    /** Runs the route and answers; {@code routeLabel} names the route in the metrics. */
    private void serve(HttpExchange exchange, String routeLabel, Route route) throws IOException {
        long started = System.nanoTime();
        Response response;
        try {
            response = route.handle(new Request(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(),
                    Params.parse(exchange.getRequestURI().getRawQuery())));
        } catch (IllegalArgumentException e) {
            response = Response.json(
                    400, JsonText.object().field("error", e.getMessage()).toString());
        } catch (OutOfMemoryError e) {
            crash(e.toString(), OUT_OF_MEMORY_EXIT);
            throw e;
        } catch (Exception e) {
            log.error("request failed", "route", routeLabel, "error", e.toString());
            response = Response.json(
                    500, JsonText.object().field("error", "internal error").toString());
        }
        // Counted before the answer leaves, so a client that reads /metrics next already sees it.
        stats.record(routeLabel, response.status(), System.nanoTime() - started, clock.millis());
        try (exchange) {
            byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
            exchange.sendResponseHeaders(response.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        if (response.afterSent() != null) {
            response.afterSent().run();
        }
    }

    @FunctionalInterface
    private interface Route {
        Response handle(Request request) throws Exception;
    }

    private record Request(String method, String path, Params query) {}

    private record Response(int status, String contentType, String body, Runnable afterSent) {
        static Response json(int status, String body) {
            return new Response(status, "application/json", body, null);
        }
    }

    /** Query parameters, checked: a bad value is a 400 that names it, and changes nothing. */
    private record Params(Map<String, String> values) {

        static Params parse(String rawQuery) {
            Map<String, String> values = new HashMap<>();
            if (rawQuery != null && !rawQuery.isEmpty()) {
                for (String pair : rawQuery.split("&", -1)) {
                    if (pair.isEmpty()) {
                        continue;
                    }
                    int equals = pair.indexOf('=');
                    String name =
                            URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                    values.put(
                            name,
                            equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
                }
            }
            return new Params(values);
        }

        long whole(String name, long fallback, long min, long max) {
            return (long) check(name, (double) fallback, (double) min, (double) max, true);
        }

        double number(String name, double fallback, double min, double max) {
            return check(name, fallback, min, max, false);
        }

        /** The optional {@code seconds} a fault lasts; absent means until cleared or restarted. */
        Duration seconds() {
            return values.containsKey("seconds") ? Duration.ofSeconds(whole("seconds", 0, 1, 86_400)) : null;
        }

        private double check(String name, double fallback, double min, double max, boolean whole) {
            String value = values.get(name);
            if (value == null) {
                return fallback;
            }
            try {
                double parsed = whole ? Long.parseLong(value) : Double.parseDouble(value);
                if (parsed >= min && parsed <= max) {
                    return parsed;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(name + " must be " + (whole ? "a whole number" : "a number") + " from "
                    + PrometheusText.number(min) + " to " + PrometheusText.number(max) + ", got '" + value + "'");
        }
    }

    private static boolean isFault(String name) {
        return Set.of("memory", "cpu", "latency", "errors", "crash").contains(name);
    }

    public static void main(String[] args) throws IOException {
        AppConfig config;
        try {
            config = AppConfig.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            System.out.println(JsonText.object()
                    .field("ts", Instant.now().toString())
                    .field("level", "ERROR")
                    .field("event", "invalid configuration")
                    .field("error", e.getMessage()));
            System.exit(2);
            return;
        }
        BuggyApp app = start(config, ProcessExit.HALT, System.out);
        // An OutOfMemoryError may surface in any thread, not only the leak's: each one ends the process.
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> {
            if (error instanceof OutOfMemoryError) {
                app.crash(error + " in thread " + thread.getName(), OUT_OF_MEMORY_EXIT);
            }
        });
        // docker stop / restart: give alerts still queued a moment to go out, then stop.
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            app.log.info("shutting down");
                            try {
                                if (app.webhook != null) {
                                    app.webhook.awaitIdle(Duration.ofSeconds(2));
                                }
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            app.close();
                        },
                        "shutdown"));
    }
}
