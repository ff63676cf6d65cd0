package io.aegisops.dynamodb;

import static io.aegisops.dynamodb.Sdk.n;
import static io.aegisops.dynamodb.Sdk.s;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** 16 threads racing conditional writes and transactions on the same items, over HTTP: one winner, nothing lost. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SuppressWarnings("unchecked") // the SDK's Consumer<Builder>... varargs, as its own docs write them
class ConcurrencyTest {

    private static final int THREADS = 16;

    private DynamoDbServer server;
    private DynamoDbClient dynamo;

    @BeforeAll
    void start() {
        server = DynamoDbServer.startInMemory();
        dynamo = Sdk.client(server.endpoint());
        dynamo.createTable(b -> b.tableName("race")
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH)));
    }

    @AfterAll
    void stop() {
        dynamo.close();
        server.close();
    }

    /** Runs {@code work} on 16 threads released at the same instant; answers their results. */
    private static <T> List<T> race(Callable<T> work) throws Exception {
        CyclicBarrier start = new CyclicBarrier(THREADS);
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                futures.add(threads.submit(() -> {
                    start.await();
                    return work.call();
                }));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aConditionalCreateHasExactlyOneWinnerEveryRound() throws Exception {
        for (int round = 0; round < 20; round++) {
            String key = "once-" + round;
            List<Boolean> won = race(() -> {
                try {
                    dynamo.putItem(b -> b.tableName("race")
                            .item(Map.of(
                                    "pk",
                                    s(key),
                                    "owner",
                                    s(Thread.currentThread().getName())))
                            .conditionExpression("attribute_not_exists(pk)"));
                    return true;
                } catch (ConditionalCheckFailedException lost) {
                    return false;
                }
            });
            assertThat(won).filteredOn(w -> w).hasSize(1);
        }
    }

    @Test
    void compareAndSetIncrementsLoseNoUpdate() throws Exception {
        dynamo.putItem(b -> b.tableName("race").item(Map.of("pk", s("counter"), "version", n(0))));
        int perThread = 25;
        List<Integer> conflicts = race(() -> {
            int lost = 0;
            for (int done = 0; done < perThread; ) {
                AttributeValue version = dynamo.getItem(b -> b.tableName("race")
                                .key(Map.of("pk", s("counter")))
                                .consistentRead(true))
                        .item()
                        .get("version");
                try {
                    dynamo.updateItem(b -> b.tableName("race")
                            .key(Map.of("pk", s("counter")))
                            .updateExpression("SET version = version + :one")
                            .conditionExpression("version = :seen")
                            .expressionAttributeValues(Map.of(":one", n(1), ":seen", version)));
                    done++;
                } catch (ConditionalCheckFailedException raced) {
                    lost++;
                }
            }
            return lost;
        });
        AttributeValue version = dynamo.getItem(b -> b.tableName("race").key(Map.of("pk", s("counter"))))
                .item()
                .get("version");
        assertThat(version).isEqualTo(n((long) THREADS * perThread));
        System.out.printf(
                "compare-and-set: %d increments, %d lost races retried%n",
                THREADS * perThread,
                conflicts.stream().mapToInt(Integer::intValue).sum());
    }

    @Test
    void transfersInTransactionsConserveTheTotalAndNeverOverdraw() throws Exception {
        dynamo.putItem(b -> b.tableName("race").item(Map.of("pk", s("account-a"), "balance", n(100))));
        dynamo.putItem(b -> b.tableName("race").item(Map.of("pk", s("account-b"), "balance", n(0))));
        List<Integer> succeeded = race(() -> {
            int ok = 0;
            for (int i = 0; i < 10; i++) {
                try {
                    dynamo.transactWriteItems(b -> b.transactItems(
                            t -> t.update(u -> u.tableName("race")
                                    .key(Map.of("pk", s("account-a")))
                                    .updateExpression("SET balance = balance - :one")
                                    .conditionExpression("balance >= :one")
                                    .expressionAttributeValues(Map.of(":one", n(1)))),
                            t -> t.update(u -> u.tableName("race")
                                    .key(Map.of("pk", s("account-b")))
                                    .updateExpression("SET balance = balance + :one")
                                    .expressionAttributeValues(Map.of(":one", n(1))))));
                    ok++;
                } catch (TransactionCanceledException overdrawn) {
                    assertThat(overdrawn.cancellationReasons().get(0).code()).isEqualTo("ConditionalCheckFailed");
                }
            }
            return ok;
        });
        assertThat(succeeded.stream().mapToInt(Integer::intValue).sum()).isEqualTo(100);
        assertThat(dynamo.getItem(b -> b.tableName("race").key(Map.of("pk", s("account-a"))))
                        .item()
                        .get("balance"))
                .isEqualTo(n(0));
        assertThat(dynamo.getItem(b -> b.tableName("race").key(Map.of("pk", s("account-b"))))
                        .item()
                        .get("balance"))
                .isEqualTo(n(100));
    }
}
