package io.aegisops.functions.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aegisops.contracts.Json;
import io.aegisops.contracts.tables.Tables;
import io.aegisops.functions.ingest.IngestStack.Response;
import io.aegisops.testsupport.LocalDynamoDb;
import io.aegisops.testsupport.DynamoDbExtension;
import io.aegisops.contracts.tables.DynamoTables;
import io.aegisops.dynamodb.DynamoDbServer;
import io.aegisops.testsupport.LocalAws;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Prints alerts/s and p50/p99 latency of {@code POST /alerts} through the Lambda handler, with the DynamoDB engine
 * and the recording Step Functions server, for new incidents, for duplicates, and for storms (N concurrent
 * alerts that must become exactly one execution). A benchmark, not a test: its name keeps it out of the
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
        try (DynamoDbServer server = DynamoDbServer.startInMemory()) {
            DynamoTables.createAll(LocalAws.dynamo(server.endpoint()), "bench-");
            try (IngestStack stack = new IngestStack(new LocalDynamoDb(server.endpoint(), LocalAws.dynamo(server.endpoint()), "bench-"))) {
                measure(stack);
            }
        }
    }

    private static void measure(IngestStack stack) throws Exception {
        PrintStream console = System.out;
        List<String> report = new ArrayList<>();
        report.add(String.format(Locale.ROOT, "IngestBenchmark: %d cores, %d alerts, %d threads, storm of %d (the DynamoDB engine in-memory, "
                + "recording Step Functions server)", Runtime.getRuntime().availableProcessors(), ALERTS, THREADS, STORM));
        System.setOut(new PrintStream(OutputStream.nullOutputStream())); // the handler's JSON log lines, one per request
        try {
            run(stack, WARM_UP, THREADS, i -> distinctAlert("warmup-" + i)); // JIT, connection pools
            stack.clear();
            report.add(run(stack, ALERTS, 1, i -> distinctAlert("serial-" + i)).line("new incidents, 1 thread"));
            stack.clear();
            report.add(run(stack, ALERTS, THREADS, i -> distinctAlert("parallel-" + i)).line("new incidents, " + THREADS + " threads"));
            stack.clear();
            String same = Fixtures.text("generic.json");
            stack.postAlert(same);
            report.add(run(stack, ALERTS, THREADS, i -> same).line("duplicates of one open incident, " + THREADS + " threads"));
            stack.clear();
            Result storm = run(stack, STORM, STORM, i -> same);
            report.add(storm.line("storm: " + STORM + " identical alerts at once") + String.format(Locale.ROOT,
                    "  -> executions %d, StartExecution calls %d, incidents %d", stack.sfn.executions().size(),
                    stack.sfn.startCalls().size(), stack.count(Tables.INCIDENTS)));
            assertThat(stack.sfn.executions()).hasSize(1);
            stack.clear();
            Result mixed = run(stack, STORM, STORM, i -> Json.write(Fixtures.tree("generic.json").put("incident_id", "storm-" + i)));
            report.add(mixed.line("storm: " + STORM + " different alerts, one target and type") + String.format(Locale.ROOT,
                    "  -> executions %d, StartExecution calls %d, incidents %d", stack.sfn.executions().size(),
                    stack.sfn.startCalls().size(), stack.count(Tables.INCIDENTS)));
            assertThat(stack.sfn.executions()).hasSize(1);
        } finally {
            System.setOut(console);
        }
        report.forEach(console::println);
    }

    /** A generic alert of its own type, so that it opens its own incident. */
    private static String distinctAlert(String type) {
        ObjectNode alert = Fixtures.tree("generic.json").put("alert_type", type).put("incident_id", type);
        return Json.write(alert);
    }

    private record Result(int requests, long wallNanos, List<Long> latencies) {
        String line(String what) {
            List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            return String.format(Locale.ROOT, "%-52s %6d req  %8.0f alerts/s  p50 %6.1f ms  p99 %6.1f ms  max %6.1f ms",
                    what, requests, requests / (wallNanos / 1e9), percentile(sorted, 50), percentile(sorted, 99),
                    sorted.get(sorted.size() - 1) / 1e6);
        }

        private static double percentile(List<Long> sorted, int p) {
            int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
            return sorted.get(Math.max(0, index)) / 1e6;
        }
    }

    private static Result run(IngestStack stack, int requests, int threads, IntFunction<String> body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<Long>> posts = new ArrayList<>(requests);
            for (int i = 0; i < requests; i++) {
                String json = body.apply(i);
                posts.add(() -> {
                    long start = System.nanoTime();
                    Response response = stack.postAlert(json);
                    if (response.status() != 202) {
                        throw new IllegalStateException("HTTP " + response.status() + ": " + response.body());
                    }
                    return System.nanoTime() - start;
                });
            }
            long start = System.nanoTime();
            List<Future<Long>> futures = pool.invokeAll(posts);
            long wall = System.nanoTime() - start;
            List<Long> latencies = new ArrayList<>(requests);
            for (Future<Long> f : futures) {
                latencies.add(f.get());
            }
            return new Result(requests, wall, latencies);
        } finally {
            pool.shutdownNow();
        }
    }
}
