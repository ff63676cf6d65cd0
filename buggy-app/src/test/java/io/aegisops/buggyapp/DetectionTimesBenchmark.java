package io.aegisops.buggyapp;

import static io.aegisops.buggyapp.TestHttp.get;
import static io.aegisops.buggyapp.TestHttp.post;
import static io.aegisops.buggyapp.TestHttp.send;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Prints how long each fault takes to show, with the DEFAULT thresholds users get (poll 1 s, 10 s
 * window, heap 85% for 1 s, CPU 80% (20% here) for 5 s, p95 1000 ms, error rate 50%, clear after 5 s): from the
 * trigger to /health turning, to the signed alert arriving, and from clearing to the resolved alert.
 * Prints figures, asserts nothing about time; not in the default run (surefire picks up *Test classes
 * only). Run it with
 * {@code ./mvnw -B -q -pl buggy-app -am test -Dtest=DetectionTimesBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class DetectionTimesBenchmark {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void printDetectionTimesWithDefaultThresholds() throws Exception {
        System.out.printf(
                Locale.ROOT,
                "system load average %.1f on %d processors%n",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                        .getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
        System.out.println("fault        | health turns | alert fires | resolved after clear");
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Map<String, String> env = Map.of(
                    "PORT",
                    "0",
                    "AEGIS_WEBHOOK_URL",
                    receiver.url().toString(),
                    "AEGIS_WEBHOOK_TOKEN",
                    WebhookReceiver.TOKEN,
                    "AEGIS_WEBHOOK_HMAC_SECRET",
                    WebhookReceiver.SECRET);
            inProcess(env, receiver, "latency", "/faults/latency", "DependencyLatency", true);
            inProcess(env, receiver, "errors", "/faults/errors", "HighErrorRate", true);
            // 80% of all processors is out of reach on a shared machine under load: judged at 20% here.
            Map<String, String> cpuEnv = new java.util.HashMap<>(env);
            cpuEnv.put("MONITOR_CPU_RATIO", "0.2");
            inProcess(cpuEnv, receiver, "cpu (20%)", "/faults/cpu?seconds=120&threads=4", "HighCpuUsage", false);
            memory(env, receiver);
        }
    }

    private static void inProcess(
            Map<String, String> env,
            WebhookReceiver receiver,
            String fault,
            String trigger,
            String alertType,
            boolean turnsHealth)
            throws Exception {
        try (BuggyApp app = BuggyApp.start(
                AppConfig.fromEnvironment(env), status -> {}, new PrintStream(OutputStream.nullOutputStream()))) {
            String base = "http://127.0.0.1:" + app.port();
            Thread.sleep(3000); // some traffic in the window first, as a running service has
            long started = System.nanoTime();
            post(base + trigger);
            double health = turnsHealth
                    ? secondsUntil(started, () -> get(base + "/health").statusCode() == 503)
                    : Double.NaN;
            receiver.await(alertType, "firing", WAIT);
            double fired = seconds(started);
            long cleared = System.nanoTime();
            send("DELETE", base + "/faults");
            receiver.await(alertType, "resolved", WAIT);
            print(fault, health, fired, seconds(cleared));
        }
    }

    /** A real 64 MB JVM and the default leak (4 MB/s, held 30 s at 90% of the heap), left to run into OutOfMemoryError. */
    private static void memory(Map<String, String> env, WebhookReceiver receiver) throws Exception {
        try (AppProcess app = AppProcess.start("64m", env)) {
            long started = System.nanoTime();
            post(app.base() + "/trigger_memory");
            double health =
                    secondsUntil(started, () -> get(app.base() + "/health").statusCode() == 503);
            receiver.await("HighMemoryUsage", "firing", WAIT);
            double fired = seconds(started);
            int status = app.awaitExit(WAIT);
            print("memory", health, fired, Double.NaN);
            System.out.printf(
                    Locale.ROOT,
                    "memory: OutOfMemoryError exit %d after %.1f s, ServiceCrashed alert %s%n",
                    status,
                    seconds(started),
                    receiver.accepted("ServiceCrashed", "firing").isEmpty() ? "missing" : "delivered");
        }
    }

    private static double secondsUntil(long started, java.util.concurrent.Callable<Boolean> condition)
            throws Exception {
        while (!condition.call()) {
            Thread.sleep(20);
        }
        return seconds(started);
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    private static void print(String fault, double health, double fired, double resolved) {
        System.out.printf(
                Locale.ROOT,
                "%-12s | %12s | %11.1f | %s%n",
                fault,
                Double.isNaN(health) ? "stays 200" : String.format(Locale.ROOT, "%.1f s", health),
                fired,
                Double.isNaN(resolved) ? "n/a (restart)" : String.format(Locale.ROOT, "%.1f s", resolved));
    }
}
