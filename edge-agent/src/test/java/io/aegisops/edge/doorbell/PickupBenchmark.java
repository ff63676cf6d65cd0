package io.aegisops.edge.doorbell;

import io.aegisops.contracts.Command;
import io.aegisops.contracts.CommandStatus;
import io.aegisops.contracts.CommandType;
import io.aegisops.contracts.EdgeQueues;
import io.aegisops.edge.Agent;
import io.aegisops.edge.AgentHarness;
import io.aegisops.edge.CapturedLog;
import io.aegisops.edge.CommandTable;
import io.aegisops.edge.config.AgentConfig;
import io.aegisops.edge.config.ConfigLoader;
import io.aegisops.edge.ops.Metrics;
import io.aegisops.edge.runtime.InMemoryContainerRuntime;
import io.aegisops.sqs.SqsEngine;
import io.aegisops.sqs.SqsServer;
import io.aegisops.testsupport.DynamoDbExtension;
import io.aegisops.testsupport.LocalDynamoDb;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Prints the agent's pickup latency (command written → claimed) at its default settings, in one run: first polling
 * the table (every 2 s, as before the doorbell), then woken by its doorbell (the pipeline's write then SendMessage;
 * the agent's 20 s long poll on the SQS engine, safety poll 60 s). Both against the DynamoDB engine and the SQS
 * engine over HTTP through the SDK, in process; commands are INSPECTs of an in-memory runtime, so the figures are the
 * pickup alone. Issue 17's goal: p50 ≤ 50 ms, p95 ≤ 150 ms. Not part of the default test run:
 * {@code ./mvnw -pl edge-agent test -Dtest=PickupBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 */
@ExtendWith(DynamoDbExtension.class)
class PickupBenchmark {

    private static final int PICKUPS = 30;
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final LocalDynamoDb dynamo;

    PickupBenchmark(LocalDynamoDb dynamo) {
        this.dynamo = dynamo;
    }

    @Test
    void printFigures() throws Exception {
        try (SqsServer server = SqsServer.startOwning(SqsEngine.create());
                SqsClient sqs = SqsClient.builder()
                        .endpointOverride(server.endpoint())
                        .region(Region.US_EAST_1)
                        .credentialsProvider(
                                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                        .httpClient(UrlConnectionHttpClient.builder()
                                .socketTimeout(Duration.ofSeconds(30))
                                .build())
                        .build()) {
            List<Long> polled = pickups(sqs, server, false);
            List<Long> rung = pickups(sqs, server, true);
            report("pickup, table poll every 2 s (before)", polled);
            report("pickup, doorbell (after)", rung);
            System.out.printf(
                    Locale.ROOT,
                    "BENCHMARK %-45s p50 %.1fx, p95 %.1fx faster; goal p50 <= 50 ms, p95 <= 150 ms%n",
                    "doorbell vs table poll",
                    (double) at(sorted(polled), 0.50) / Math.max(1, at(sorted(rung), 0.50)),
                    (double) at(sorted(polled), 0.95) / Math.max(1, at(sorted(rung), 0.95)));
        }
    }

    private List<Long> pickups(SqsClient sqs, SqsServer server, boolean doorbell) throws Exception {
        try (AgentHarness harness = new AgentHarness(dynamo)) {
            AgentConfig defaults =
                    ConfigLoader.parse("""
                    {"hostId": "%s", "tablePrefix": "%s", "httpPort": -1,
                     "containers": [{"name": "web", "allowedActions": ["INSPECT"]}]}""".formatted(harness.hostId, dynamo.tablePrefix()), Map.of(), "benchmark");
            String queue = EdgeQueues.nameFor("bench-", harness.hostId);
            String queueUrl = sqs.createQueue(b -> b.queueName(queue)).queueUrl();
            AgentConfig config = doorbell ? defaults.withDoorbell(queue, ConfigLoader.DEFAULT_SAFETY_POLL) : defaults;
            InMemoryContainerRuntime runtime = new InMemoryContainerRuntime(Instant::now);
            runtime.add("web");
            Agent agent = harness.agent(
                    config,
                    runtime,
                    new Metrics(),
                    new CapturedLog(),
                    false,
                    doorbell ? new SqsDoorbell(sqs, queue) : null);
            agent.start();
            if (doorbell) {
                while (server.engine().waitingReceives(queue) == 0) {
                    Thread.sleep(10);
                }
            }
            List<Long> pickups = new ArrayList<>();
            for (int i = 0; i < PICKUPS; i++) {
                Thread.sleep(ThreadLocalRandom.current().nextLong(0, doorbell ? 300 : 2_000));
                long written = System.currentTimeMillis();
                Command inspect = harness.table.put(CommandTable.pending(
                        harness.hostId, "web", CommandType.INSPECT, harness.stepFunctions.openTask(), Map.of(), false));
                if (doorbell) {
                    sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(inspect.commandId()));
                }
                Command done = harness.table.awaitStatus(inspect, CommandStatus.SUCCEEDED, WAIT);
                long claimedAt = done.leaseUntil() - config.lease().toMillis();
                pickups.add(claimedAt - written);
            }
            return pickups;
        }
    }

    private static List<Long> sorted(List<Long> samples) {
        return samples.stream().sorted().toList();
    }

    /** Nearest-rank percentile. */
    private static long at(List<Long> sorted, double p) {
        return sorted.get((int) Math.ceil(p * sorted.size()) - 1);
    }

    private static void report(String what, List<Long> samples) {
        List<Long> sorted = sorted(samples);
        System.out.printf(
                Locale.ROOT,
                "BENCHMARK %-45s p50 %d ms, p95 %d ms, min %d, max %d (n=%d)%n",
                what,
                at(sorted, 0.50),
                at(sorted, 0.95),
                sorted.getFirst(),
                sorted.getLast(),
                sorted.size());
    }
}
