package io.aegisops.buggyapp;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Everything the app reads from its environment ({@code badRelease}: {@code BUGGY_APP_RELEASE=bad}, which the
 * bad-release image sets). Unset variables take the defaults below; a malformed
 * value is an {@link IllegalArgumentException} that names the variable, so the app refuses to start
 * rather than monitor with a threshold nobody meant.
 */
record AppConfig(
        String bindAddress,
        int port,
        String serviceName,
        String containerName,
        double selfTrafficPerSecond,
        boolean badRelease,
        Thresholds thresholds,
        Webhook webhook) {

    /** When the monitor raises each alert. See docs/notes/issue-7.md for what each one means. */
    record Thresholds(
            Duration pollInterval,
            double heapRatio,
            Duration heapFor,
            double cpuRatio,
            Duration cpuFor,
            long latencyP95Millis,
            double errorRate,
            Duration window,
            int minRequests,
            Duration clearAfter) {}

    /** Where and how alerts go. {@code url} is null when alerts are only logged. */
    record Webhook(
            URI url,
            String bearerToken,
            String hmacSecret,
            int queueCapacity,
            Duration giveUpAfter,
            Duration firstBackoff,
            Duration maxBackoff,
            int logLines) {

        /** Never prints the token or the secret, only whether they are set. */
        @Override
        public String toString() {
            return "Webhook[url=" + redactedUrl() + ", bearerToken=" + (bearerToken == null ? "unset" : "set")
                    + ", hmacSecret=" + (hmacSecret == null ? "unset" : "set") + ", queueCapacity=" + queueCapacity
                    + ", giveUpAfter=" + giveUpAfter + "]";
        }

        /** The URL without user info or query, which may hold credentials. Safe to log. */
        String redactedUrl() {
            return url == null
                    ? null
                    : url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort())
                            + (url.getPath() == null ? "" : url.getPath());
        }
    }

    static AppConfig fromEnvironment(Map<String, String> env) {
        Reader read = new Reader(env);
        String service = read.text("SERVICE_NAME", "buggy-app");
        Thresholds thresholds = new Thresholds(
                read.duration("MONITOR_INTERVAL_MS", 1000, 10, 3_600_000),
                read.ratio("MONITOR_HEAP_RATIO", 0.85),
                Duration.ofSeconds(read.integer("MONITOR_HEAP_FOR_SECONDS", 1, 0, 3600)),
                read.ratio("MONITOR_CPU_RATIO", 0.80),
                Duration.ofSeconds(read.integer("MONITOR_CPU_FOR_SECONDS", 5, 0, 3600)),
                read.integer("MONITOR_LATENCY_P95_MS", 1000, 1, 600_000),
                read.ratio("MONITOR_ERROR_RATE", 0.5),
                Duration.ofSeconds(read.integer("MONITOR_WINDOW_SECONDS", 10, 1, 3600)),
                read.integer("MONITOR_MIN_REQUESTS", 5, 1, 1_000_000),
                Duration.ofSeconds(read.integer("MONITOR_CLEAR_SECONDS", 5, 0, 3600)));
        Webhook webhook = new Webhook(
                read.url("AEGIS_WEBHOOK_URL"),
                read.secret("AEGIS_WEBHOOK_TOKEN"),
                read.secret("AEGIS_WEBHOOK_HMAC_SECRET"),
                read.integer("WEBHOOK_QUEUE_CAPACITY", 100, 1, 100_000),
                Duration.ofSeconds(read.integer("WEBHOOK_GIVE_UP_SECONDS", 300, 1, 86_400)),
                read.duration("WEBHOOK_FIRST_BACKOFF_MS", 200, 1, 60_000),
                read.duration("WEBHOOK_MAX_BACKOFF_MS", 5000, 1, 600_000),
                read.integer("ALERT_LOG_LINES", 50, 0, 1000));
        return new AppConfig(
                read.text("BIND_ADDRESS", "127.0.0.1"),
                read.integer("PORT", 8081, 0, 65_535),
                service,
                read.text("CONTAINER_NAME", service),
                read.number("SELF_TRAFFIC_PER_SECOND", 2.0, 0, 1000),
                read.release("BUGGY_APP_RELEASE"),
                thresholds,
                webhook);
    }

    private record Reader(Map<String, String> env) {

        String text(String name, String fallback) {
            String value = env.get(name);
            return value == null || value.isBlank() ? fallback : value.trim();
        }

        /** {@code bad} for the bad release, {@code good} (the default) for the one that works. */
        boolean release(String name) {
            String value = text(name, "good");
            return switch (value) {
                case "good" -> false;
                case "bad" -> true;
                default -> throw new IllegalArgumentException(name + " must be good or bad, got '" + value + "'");
            };
        }

        /** A token or secret: blank counts as unset, the value never appears in an error message. */
        String secret(String name) {
            String value = env.get(name);
            return value == null || value.isBlank() ? null : value;
        }

        int integer(String name, int fallback, int min, int max) {
            return (int) number(name, fallback, min, max, true);
        }

        double number(String name, double fallback, double min, double max) {
            return number(name, fallback, min, max, false);
        }

        double ratio(String name, double fallback) {
            double value = number(name, fallback, 0, 1, false);
            if (value == 0) {
                throw new IllegalArgumentException(name + " must be above 0 and at most 1");
            }
            return value;
        }

        Duration duration(String name, long fallbackMillis, long minMillis, long maxMillis) {
            return Duration.ofMillis(
                    (long) number(name, (double) fallbackMillis, (double) minMillis, (double) maxMillis, true));
        }

        URI url(String name) {
            String value = text(name, null);
            if (value == null) {
                return null;
            }
            URI url;
            try {
                url = URI.create(value);
            } catch (IllegalArgumentException e) {
                url = null;
            }
            // The value may hold credentials, so the message never repeats it.
            if (url == null
                    || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))
                    || url.getHost() == null) {
                throw new IllegalArgumentException(name + " must be an http(s) URL with a host");
            }
            return url;
        }

        private double number(String name, double fallback, double min, double max, boolean whole) {
            String value = text(name, null);
            if (value == null) {
                return fallback;
            }
            double parsed;
            try {
                parsed = whole ? Long.parseLong(value) : Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        name + " must be " + (whole ? "a whole number" : "a number") + ", got '" + value + "'");
            }
            if (!(parsed >= min && parsed <= max)) {
                throw new IllegalArgumentException(
                        name + " must be between " + format(min) + " and " + format(max) + ", got " + value);
            }
            return parsed;
        }

        private static String format(double value) {
            return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
        }
    }
}
