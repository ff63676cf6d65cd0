package io.aegisops.sqs;

import io.aegisops.sqs.conformance.Moto;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The doorbell's two figures, through the unchanged AWS SDK over HTTP on loopback, for the engine and for moto
 * (the reference) in the same run. A plain {@code main} (and a {@code @Test} to run it through Maven), not a test:
 * speed is printed, never asserted.
 *
 * <ul>
 *   <li><b>send → receive</b>: a receiver long-polls (WaitTimeSeconds 20) while a sender sends one message, waits
 *       until it is received, deletes it, and sends the next. The latency is from the start of SendMessage to the
 *       return of the receiver's ReceiveMessage: what an agent waiting on its queue adds to a command's pickup.
 *   <li><b>messages/s</b>: 4 senders (SendMessage, one message each) and 4 receivers (ReceiveMessage of up to 10
 *       with a 20 s wait, then DeleteMessageBatch) for the duration; messages received and deleted per second.
 * </ul>
 *
 * <pre>
 * ./mvnw -B -pl sqs verify -Dtest=SqsBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * options (system properties): -Dsqs.bench.roundTrips=500 -Dsqs.bench.seconds=5 -Dsqs.bench.moto=true
 * </pre>
 */
class SqsBenchmark {

    private static final int ROUND_TRIPS = Integer.getInteger("sqs.bench.roundTrips", 500);
    private static final int SECONDS = Integer.getInteger("sqs.bench.seconds", 5);
    private static final int THREADS = 4;

    public static void main(String[] args) throws Exception {
        new SqsBenchmark().run();
    }

    @Test
    void run() throws Exception {
        List<String> rows = new ArrayList<>();
        rows.add(String.format("%-8s %10s %10s %10s %12s", "server", "p50 ms", "p99 ms", "max ms", "messages/s"));
        if (Boolean.parseBoolean(System.getProperty("sqs.bench.moto", "true"))) {
            StringBuilder whyNot = new StringBuilder();
            Optional<Moto> moto = Moto.start(whyNot);
            if (moto.isPresent()) {
                try (Moto server = moto.get()) {
                    rows.add(measure("moto", server.endpoint()));
                }
            } else {
                rows.add("moto     not measured: " + whyNot);
            }
        }
        try (SqsServer server = SqsServer.startOwning(SqsEngine.create())) {
            rows.add(measure("engine", server.endpoint()));
        }
        System.out.println("SqsBenchmark: " + ROUND_TRIPS + " round trips, then " + SECONDS + " s of " + THREADS
                + " senders and " + THREADS + " receivers; "
                + Runtime.getRuntime().availableProcessors()
                + " cores");
        rows.forEach(System.out::println);
    }

    private static String measure(String name, URI endpoint) throws Exception {
        try (SqsClient sqs = Sdk.sqs(endpoint)) {
            double[] latencies = roundTrips(
                    sqs, sqs.createQueue(b -> b.queueName("bench-latency")).queueUrl());
            double perSecond = throughput(
                    sqs, sqs.createQueue(b -> b.queueName("bench-throughput")).queueUrl());
            return String.format(
                    "%-8s %10.2f %10.2f %10.2f %12.0f",
                    name,
                    percentile(latencies, 0.50),
                    percentile(latencies, 0.99),
                    latencies[latencies.length - 1],
                    perSecond);
        }
    }

    /** Millisecond latencies, sorted, of send → return of a receive that was already waiting. */
    private static double[] roundTrips(SqsClient sqs, String url) throws Exception {
        ExecutorService receiver = Executors.newSingleThreadExecutor();
        try {
            int warmup = Math.max(20, ROUND_TRIPS / 10);
            double[] latencies = new double[ROUND_TRIPS];
            for (int i = 0; i < warmup + ROUND_TRIPS; i++) {
                CompletableFuture<Long> received = CompletableFuture.supplyAsync(
                        () -> {
                            List<Message> messages = sqs.receiveMessage(
                                            b -> b.queueUrl(url).waitTimeSeconds(20))
                                    .messages();
                            long at = System.nanoTime();
                            messages.forEach(
                                    m -> sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle())));
                            return messages.isEmpty() ? -1 : at;
                        },
                        receiver);
                // let the receive reach the server and wait there before the send starts
                Thread.sleep(5);
                long sent = System.nanoTime();
                sqs.sendMessage(b -> b.queueUrl(url).messageBody("ring"));
                long at = received.get();
                if (at < 0) {
                    throw new IllegalStateException("a 20 s long poll ended empty although a message was sent: " + url);
                }
                if (i >= warmup) {
                    latencies[i - warmup] = (at - sent) / 1e6;
                }
            }
            Arrays.sort(latencies);
            return latencies;
        } finally {
            receiver.shutdownNow();
        }
    }

    private static double throughput(SqsClient sqs, String url) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong delivered = new AtomicLong();
        ExecutorService threads = Executors.newFixedThreadPool(2 * THREADS);
        List<CompletableFuture<Void>> workers = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            workers.add(CompletableFuture.runAsync(
                    () -> {
                        while (running.get()) {
                            sqs.sendMessage(b -> b.queueUrl(url).messageBody("m"));
                        }
                    },
                    threads));
            workers.add(CompletableFuture.runAsync(
                    () -> {
                        while (running.get()) {
                            List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(url)
                                            .maxNumberOfMessages(10)
                                            .waitTimeSeconds(1))
                                    .messages();
                            if (!messages.isEmpty()) {
                                sqs.deleteMessageBatch(b -> b.queueUrl(url)
                                        .entries(messages.stream()
                                                .map(m -> DeleteMessageBatchRequestEntry.builder()
                                                        .id("m" + messages.indexOf(m))
                                                        .receiptHandle(m.receiptHandle())
                                                        .build())
                                                .toList()));
                                delivered.addAndGet(messages.size());
                            }
                        }
                    },
                    threads));
        }
        Thread.sleep(Duration.ofSeconds(1)); // warm-up, not counted
        long start = System.nanoTime();
        long before = delivered.get();
        Thread.sleep(Duration.ofSeconds(SECONDS));
        long count = delivered.get() - before;
        double seconds = (System.nanoTime() - start) / 1e9;
        running.set(false);
        CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).get();
        threads.shutdownNow();
        return count / seconds;
    }

    private static double percentile(double[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
