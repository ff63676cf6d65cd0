package io.aegisops.functions.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aegisops.contracts.Json;
import io.aegisops.contracts.tables.DynamoTables;
import io.aegisops.contracts.tables.Tables;
import io.aegisops.dynamodb.DynamoDbEngine;
import io.aegisops.dynamodb.DynamoDbServer;
import io.aegisops.functions.ingest.IngestStack.Response;
import io.aegisops.testsupport.DynamoDbExtension;
import io.aegisops.testsupport.LocalAws;
import io.aegisops.testsupport.LocalDynamoDb;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Prints alerts/s and p50/p99 latency of {@code POST /alerts} through the Lambda handler, with the DynamoDB engine
 * and the recording Step Functions server, for new incidents, for duplicates, and for storms (N concurrent
 * alerts that must become exactly one execution), with the SDK calls per alert and, as the reference measured in the
 * same run, the raw transaction ceiling: two conditional Puts in one TransactWriteItems, as fast as the client and
 * the engine take them. A benchmark, not a test: its name keeps it out of the
 * default run. Run it with
 * {@code ./mvnw -pl functions -am verify -Dtest=IngestBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * (sizes: {@code -Dbench.alerts=2000 -Dbench.threads=8 -Dbench.storm=200}), or through {@link #main}.
 */
@ExtendWith(DynamoDbExtension.class)
class IngestBenchmark {

    private static final int ALERTS = Integer.getInteger("bench.alerts", 2000);
    private static final int THREADS = Integer.getInteger("bench.threads", 8);
    private static final int STORM = Integer.getInteger("bench.storm", 200);
    private static final int WARM_UP = 200;

    @Test
    void run(LocalDynamoDb dynamo) throws Exception {
        try (IngestStack stack = new IngestStack(dynamo)) {
            measure(stack);
        }
    }

    public static void main(String[] args) throws Exception {
        // no TTL sweeper, as in DynamoDbExtension: the stack's clock is pinned in the past, so the sweeper would
        // delete every open-incident marker within a second and let a storm open a second incident
        try (DynamoDbServer server = DynamoDbServer.startOwning(
                DynamoDbEngine.builder().ttlSweep(null).build())) {
            DynamoTables.createAll(LocalAws.dynamo(server.endpoint()), "bench-");
            try (IngestStack stack = new IngestStack(
                    new LocalDynamoDb(server.endpoint(), LocalAws.dynamo(server.endpoint()), "bench-"))) {
                measure(stack);
            }
        }
    }

    private static void measure(IngestStack stack) throws Exception {
        PrintStream console = System.out;
        List<String> report = new ArrayList<>();
        report.add(String.format(
                Locale.ROOT,
                "IngestBenchmark: %d cores, %d alerts, %d threads, storm of %d (the DynamoDB engine in-memory, "
                        + "recording Step Functions server)",
                Runtime.getRuntime().availableProcessors(),
                ALERTS,
                THREADS,
                STORM));
        System.setOut(
                new PrintStream(OutputStream.nullOutputStream())); // the handler's JSON log lines, one per request
        try {
            run(stack, WARM_UP, THREADS, i -> distinctAlert("warmup-" + i)); // JIT, connection pools
            rawTransactions(stack, WARM_UP, "warmup-");
            stack.clear();
            Result ceiling = rawTransactions(stack, ALERTS, "raw-");
            report.add(ceiling.line("ceiling: raw TransactWriteItems of 2 Puts, " + THREADS + " threads"));
            stack.clear();
            report.add(run(stack, ALERTS, 1, i -> distinctAlert("serial-" + i)).line("new incidents, 1 thread"));
            stack.clear();
            Result parallel = run(stack, ALERTS, THREADS, i -> distinctAlert("parallel-" + i));
            report.add(parallel.line("new incidents, " + THREADS + " threads"));
            report.add(String.format(
                    Locale.ROOT,
                    "  -> new incidents at %d threads / raw transaction ceiling: %.2fx",
                    THREADS,
                    parallel.perSecond() / ceiling.perSecond()));
            stack.clear();
            String same = Fixtures.text("generic.json");
            stack.postAlert(same);
            stack.calls.reset();
            report.add(run(stack, ALERTS, THREADS, i -> same)
                    .line("duplicates of one open incident, " + THREADS + " threads"));
            stack.clear();
            Result storm = run(stack, STORM, STORM, i -> same);
            report.add(storm.line("storm: " + STORM + " identical alerts at once")
                    + String.format(
                            Locale.ROOT,
                            "  -> executions %d, StartExecution calls %d, incidents %d",
                            stack.sfn.executions().size(),
                            stack.sfn.startCalls().size(),
                            stack.count(Tables.INCIDENTS)));
            int stormExecutions = stack.sfn.executions().size();
            stack.clear();
            Result mixed = run(
                    stack,
                    STORM,
                    STORM,
                    i -> Json.write(Fixtures.tree("generic.json").put("incident_id", "storm-" + i)));
            report.add(mixed.line("storm: " + STORM + " different alerts, one target and type")
                    + String.format(
                            Locale.ROOT,
                            "  -> executions %d, StartExecution calls %d, incidents %d",
                            stack.sfn.executions().size(),
                            stack.sfn.startCalls().size(),
                            stack.count(Tables.INCIDENTS)));
            int mixedExecutions = stack.sfn.executions().size();
            System.setOut(console);
            report.forEach(console::println);
            assertThat(stormExecutions)
                    .as("executions of the storm of identical alerts")
                    .isEqualTo(1);
            assertThat(mixedExecutions)
                    .as("executions of the storm of different alerts")
                    .isEqualTo(1);
        } finally {
            System.setOut(console);
        }
    }

    /**
     * The reference: what a new alert can at best cost, one transaction writing an incident-sized item and a
     * marker, through the same SDK client setup against the same engine, with no handler around it.
     */
    private static Result rawTransactions(IngestStack stack, int requests, String prefix) throws Exception {
        DynamoDbClient client = stack.dynamo.client();
        String incidents = stack.dynamo.table(Tables.INCIDENTS);
        String control = stack.dynamo.table(Tables.CONTROL);
        Map<String, AttributeValue> body = Map.of("body", AttributeValue.fromS(Fixtures.text("generic.json")));
        return measured(
                requests,
                THREADS,
                i -> () -> client.transactWriteItems(b -> b.transactItems(
                        put(incidents, "incidentId", prefix + i, body),
                        put(control, "pk", "open#" + prefix + i, body))));
    }

    private static TransactWriteItem put(
            String table, String keyName, String key, Map<String, AttributeValue> attributes) {
        Map<String, AttributeValue> item = new HashMap<>(attributes);
        item.put(keyName, AttributeValue.fromS(key));
        return TransactWriteItem.builder()
                .put(p -> p.tableName(table).item(item).conditionExpression("attribute_not_exists(" + keyName + ")"))
                .build();
    }

    /** A generic alert of its own type, so that it opens its own incident. */
    private static String distinctAlert(String type) {
        ObjectNode alert = Fixtures.tree("generic.json").put("alert_type", type).put("incident_id", type);
        return Json.write(alert);
    }

    /** {@code calls}: the SDK calls the handler made, by name, for all the requests together (none for raw calls). */
    private record Result(int requests, long wallNanos, List<Long> latencies, Map<String, Long> calls) {
        double perSecond() {
            return requests / (wallNanos / 1e9);
        }

        String line(String what) {
            List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            StringBuilder perRequest = new StringBuilder();
            calls.forEach((call, count) ->
                    perRequest.append(String.format(Locale.ROOT, " %s %.2f", call, count / (double) requests)));
            return String.format(
                    Locale.ROOT,
                    "%-56s %6d req  %8.0f /s  p50 %6.1f ms  p99 %6.1f ms  max %6.1f ms%s",
                    what,
                    requests,
                    perSecond(),
                    percentile(sorted, 50),
                    percentile(sorted, 99),
                    sorted.get(sorted.size() - 1) / 1e6,
                    calls.isEmpty()
                            ? ""
                            : String.format(
                                    Locale.ROOT,
                                    "%n  -> calls per alert %.2f:%s",
                                    calls.values().stream()
                                                    .mapToLong(Long::longValue)
                                                    .sum()
                                            / (double) requests,
                                    perRequest));
        }

        private static double percentile(List<Long> sorted, int p) {
            int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
            return sorted.get(Math.max(0, index)) / 1e6;
        }
    }

    private static Result run(IngestStack stack, int requests, int threads, IntFunction<String> body) throws Exception {
        stack.calls.reset();
        Result result = measured(requests, threads, i -> {
            String json = body.apply(i);
            return () -> {
                Response response = stack.postAlert(json);
                if (response.status() != 202) {
                    throw new IllegalStateException("HTTP " + response.status() + ": " + response.body());
                }
            };
        });
        return new Result(result.requests(), result.wallNanos(), result.latencies(), stack.calls.counted());
    }

    private static Result measured(int requests, int threads, IntFunction<Runnable> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<Long>> tasks = new ArrayList<>(requests);
            for (int i = 0; i < requests; i++) {
                Runnable request = work.apply(i);
                tasks.add(() -> {
                    long start = System.nanoTime();
                    request.run();
                    return System.nanoTime() - start;
                });
            }
            long start = System.nanoTime();
            List<Future<Long>> futures = pool.invokeAll(tasks);
            long wall = System.nanoTime() - start;
            List<Long> latencies = new ArrayList<>(requests);
            for (Future<Long> f : futures) {
                latencies.add(f.get());
            }
            return new Result(requests, wall, latencies, Map.of());
        } finally {
            pool.shutdownNow();
        }
    }
}
