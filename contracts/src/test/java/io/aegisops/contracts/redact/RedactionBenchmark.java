package io.aegisops.contracts.redact;

import io.aegisops.contracts.Json;
import io.aegisops.contracts.NormalisedAlert;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Prints the CPU time redaction adds to each alert ingest accepts, against the cost of parsing the same alert from
 * JSON (the baseline), and against the same rules without their required-text pre-filter, then the costliest rules.
 * A benchmark, not a test: after {@code ./mvnw -q -pl contracts test-compile}, run
 * {@code java -cp contracts/target/classes:contracts/target/test-classes:<dependencies> }this class
 * ({@code -Dbench.rounds=7 -Dbench.iterations=2000}).
 */
public final class RedactionBenchmark {

    private static final int ROUNDS = Integer.getInteger("bench.rounds", 7);
    private static final int ITERATIONS = Integer.getInteger("bench.iterations", 2000);

    /** An Alertmanager alert as ingest sees it after normalising: ten log lines (one naming a session token and a key id), four labels, no secret. */
    private static final String ALERT_JSON = """
            {"source": "ALERTMANAGER", "status": "FIRING", "alertType": "HighErrorRate", "severity": "HIGH",
             "target": {"service": "checkout-api", "container": "checkout-api", "host": "edge-1"},
             "summary": "checkout-api answers 12.4% of requests with 5xx over the last 5 minutes (threshold 5%)",
             "logs": "2026-12-06T03:12:01.114Z INFO  [http-nio-8080-exec-3] c.e.checkout.OrderController - POST /orders 201 in 84 ms\\n2026-12-06T03:12:01.530Z WARN  [http-nio-8080-exec-7] c.e.checkout.PaymentClient - payment gateway slow: 2,310 ms (attempt 1 of 3)\\n2026-12-06T03:12:02.001Z ERROR [http-nio-8080-exec-1] c.e.checkout.OrderController - POST /orders 503: upstream payment-gateway timed out after 3000 ms\\n2026-12-06T03:12:02.417Z INFO  [scheduler-1] c.e.checkout.CartSweeper - swept 41 abandoned carts, next run at 03:17:02\\n2026-12-06T03:12:03.002Z ERROR [http-nio-8080-exec-4] o.a.c.c.C.[dispatcherServlet] - Servlet.service() threw exception java.net.SocketTimeoutException: Read timed out\\n2026-12-06T03:12:03.003Z ERROR [http-nio-8080-exec-4]     at java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:278)\\n2026-12-06T03:12:03.511Z INFO  [hikari-housekeeper] com.zaxxer.hikari.pool.HikariPool - pool stats (total=10, active=9, idle=1, waiting=4)\\n2026-12-06T03:12:04.020Z WARN  [http-nio-8080-exec-9] c.e.checkout.AuthFilter - session token refreshed for client checkout-web (key id 7)\\n2026-12-06T03:12:04.760Z INFO  [http-nio-8080-exec-2] c.e.checkout.OrderController - GET /orders/88190 200 in 12 ms\\n2026-12-06T03:12:05.101Z ERROR [http-nio-8080-exec-6] c.e.checkout.OrderController - POST /orders 503: circuit breaker payment-gateway is OPEN",
             "labels": {"alertname": "HighErrorRate", "service": "checkout-api", "severity": "critical", "instance": "10.0.3.17:8080"},
             "startsAt": "2026-12-06T03:11:30Z", "fingerprint": "5f2c1a9e7b3d4c60",
             "externalUrl": "http://alertmanager.internal:9093"}
            """;

    private RedactionBenchmark() {}

    public static void main(String[] args) {
        NormalisedAlert alert = Json.read(ALERT_JSON, NormalisedAlert.class);
        List<String> fields = new ArrayList<>(Arrays.asList(
                alert.alertType(),
                alert.summary(),
                alert.logs(),
                alert.fingerprint(),
                alert.externalUrl(),
                alert.target().service(),
                alert.target().container(),
                alert.target().host()));
        alert.labels().forEach((name, value) -> {
            fields.add(name);
            fields.add(value);
        });
        List<SecretRule> unfiltered = Redactor.rules().stream()
                .map(rule -> new SecretRule(
                        rule.id(),
                        rule.description(),
                        rule.pattern(),
                        List.of(),
                        rule.keepQuotes(),
                        rule.minEntropy(),
                        rule.check(),
                        rule.secretSamples(),
                        rule.ordinarySamples()))
                .toList();

        double parse = microsPerCall(() -> Json.read(ALERT_JSON, NormalisedAlert.class));
        double filtered = microsPerCall(() -> redactEach(fields, Redactor.rules()));
        double bare = microsPerCall(() -> redactEach(fields, unfiltered));
        double wholeAlert = microsPerCall(() -> Redactor.redactAlert(alert));

        System.out.printf(
                Locale.ROOT,
                "rules=%d fields=%d chars=%d rounds=%d iterations=%d (median of rounds)%n",
                Redactor.rules().size(),
                fields.size(),
                fields.stream().mapToInt(String::length).sum(),
                ROUNDS,
                ITERATIONS);
        System.out.printf(Locale.ROOT, "parse the alert from JSON (baseline) %8.1f µs%n", parse);
        System.out.printf(
                Locale.ROOT, "redact, no pre-filter                %8.1f µs  %5.1fx parse%n", bare, bare / parse);
        System.out.printf(
                Locale.ROOT,
                "redact, required-text pre-filter     %8.1f µs  %5.1fx parse  %4.2fx no pre-filter%n",
                filtered,
                filtered / parse,
                filtered / bare);
        System.out.printf(
                Locale.ROOT,
                "Redactor.redactAlert                 %8.1f µs  %5.1fx parse%n",
                wholeAlert,
                wholeAlert / parse);
        System.out.println("costliest rules, each alone with its pre-filter:");
        printCostliestRules(fields);
    }

    /** Which rules the pre-filtered run spends its time in: the next ones to make cheaper. */
    private static void printCostliestRules(List<String> fields) {
        record Cost(String rule, double micros) {}
        List<Cost> costs = new ArrayList<>();
        for (SecretRule rule : Redactor.rules()) {
            costs.add(new Cost(rule.id(), microsPerCall(() -> redactEach(fields, List.of(rule)))));
        }
        costs.sort((a, b) -> Double.compare(b.micros(), a.micros()));
        costs.stream()
                .limit(5)
                .forEach(cost -> System.out.printf(Locale.ROOT, "  %-28s %8.1f µs%n", cost.rule(), cost.micros()));
    }

    private static int redactEach(List<String> fields, List<SecretRule> rules) {
        int length = 0;
        for (String field : fields) {
            length += Redactor.redact(field, rules).length();
        }
        return length;
    }

    private static double microsPerCall(Supplier<?> call) {
        double[] rounds = new double[ROUNDS];
        Object sink = null;
        for (int warmUp = 0; warmUp < ITERATIONS; warmUp++) {
            sink = call.get();
        }
        for (int round = 0; round < ROUNDS; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < ITERATIONS; i++) {
                sink = call.get();
            }
            rounds[round] = (System.nanoTime() - start) / 1_000.0 / ITERATIONS;
        }
        if (sink == null) {
            throw new IllegalStateException("nothing measured");
        }
        Arrays.sort(rounds);
        return rounds[ROUNDS / 2];
    }
}
