package io.aegisops.dynamodb;

import static io.aegisops.dynamodb.Sdk.n;
import static io.aegisops.dynamodb.Sdk.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** A local engine over HTTP, driven by the unchanged AWS SDK v2 as the handlers and the agent drive it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SuppressWarnings("unchecked") // the SDK's Consumer<Builder>... varargs, as its own docs write them
class DynamoDbEngineSdkTest {

    private DynamoDbServer server;
    private DynamoDbClient dynamo;

    @BeforeAll
    void start() {
        server = DynamoDbServer.startInMemory();
        dynamo = Sdk.client(server.endpoint());
    }

    @AfterAll
    void stop() {
        dynamo.close();
        server.close();
    }

    /** A table with hash {@code pk} and range {@code sk}, a GSI {@code byStatus} (status, at) and an LSI {@code byAt}. */
    private String table() {
        String name = "t-" + UUID.randomUUID();
        dynamo.createTable(b -> b.tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("sk").attributeType(ScalarAttributeType.N),
                        a -> a.attributeName("status").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("at").attributeType(ScalarAttributeType.S))
                .keySchema(
                        k -> k.attributeName("pk").keyType(KeyType.HASH),
                        k -> k.attributeName("sk").keyType(KeyType.RANGE))
                .globalSecondaryIndexes(g -> g.indexName("byStatus")
                        .keySchema(
                                k -> k.attributeName("status").keyType(KeyType.HASH),
                                k -> k.attributeName("at").keyType(KeyType.RANGE))
                        .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY)))
                .localSecondaryIndexes(l -> l.indexName("byAt")
                        .keySchema(
                                k -> k.attributeName("pk").keyType(KeyType.HASH),
                                k -> k.attributeName("at").keyType(KeyType.RANGE))
                        .projection(p -> p.projectionType(ProjectionType.ALL))));
        dynamo.waiter().waitUntilTableExists(b -> b.tableName(name));
        return name;
    }

    private static Map<String, AttributeValue> item(String pk, long sk, String... more) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s(pk));
        item.put("sk", n(sk));
        for (int i = 0; i < more.length; i += 2) {
            item.put(more[i], s(more[i + 1]));
        }
        return item;
    }

    @Nested
    class Tables {
        @Test
        void describedAsCreatedAndListedInPages() {
            String name = table();
            var description = dynamo.describeTable(b -> b.tableName(name)).table();
            assertThat(description.tableStatusAsString()).isEqualTo("ACTIVE");
            assertThat(description.globalSecondaryIndexes())
                    .singleElement()
                    .satisfies(i -> assertThat(i.projection().projectionType()).isEqualTo(ProjectionType.KEYS_ONLY));
            assertThat(description.localSecondaryIndexes())
                    .singleElement()
                    .satisfies(i -> assertThat(i.indexName()).isEqualTo("byAt"));

            List<String> all = new ArrayList<>();
            dynamo.listTablesPaginator(b -> b.limit(2)).tableNames().forEach(all::add);
            assertThat(all).contains(name).isSorted();
        }

        @Test
        void aSecondCreateIsResourceInUseAndAMissingTableNotFound() {
            String name = table();
            assertThatThrownBy(() -> dynamo.createTable(b -> b.tableName(name)
                            .billingMode(BillingMode.PAY_PER_REQUEST)
                            .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                            .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))))
                    .isInstanceOf(ResourceInUseException.class);
            assertThatThrownBy(() ->
                            dynamo.getItem(b -> b.tableName("no-such-table").key(Map.of("pk", s("x")))))
                    .isInstanceOf(ResourceNotFoundException.class);
            dynamo.deleteTable(b -> b.tableName(name));
            assertThatThrownBy(() -> dynamo.describeTable(b -> b.tableName(name)))
                    .isInstanceOf(ResourceNotFoundException.class);
        }

        @Test
        void anIndexAddedLaterIsFilledFromTheItemsAlreadyThere() {
            String name = table();
            dynamo.putItem(b -> b.tableName(name).item(item("a", 1, "owner", "ana")));
            dynamo.updateTable(b -> b.tableName(name)
                    .attributeDefinitions(a -> a.attributeName("owner").attributeType(ScalarAttributeType.S))
                    .globalSecondaryIndexUpdates(u -> u.create(c -> c.indexName("byOwner")
                            .keySchema(k -> k.attributeName("owner").keyType(KeyType.HASH))
                            .projection(p -> p.projectionType(ProjectionType.ALL)))));
            QueryResponse byOwner = dynamo.query(b -> b.tableName(name)
                    .indexName("byOwner")
                    .keyConditionExpression("#o = :o")
                    .expressionAttributeNames(Map.of("#o", "owner"))
                    .expressionAttributeValues(Map.of(":o", s("ana"))));
            assertThat(byOwner.items())
                    .singleElement()
                    .satisfies(i -> assertThat(i.get("pk")).isEqualTo(s("a")));
        }
    }

    @Nested
    class Items {
        @Test
        void aConditionalPutWinsOnceAndReturnsTheOldItemOnFailureWhenAsked() {
            String name = table();
            dynamo.putItem(b ->
                    b.tableName(name).item(item("a", 1, "v", "first")).conditionExpression("attribute_not_exists(pk)"));
            assertThatThrownBy(() -> dynamo.putItem(b -> b.tableName(name)
                            .item(item("a", 1, "v", "second"))
                            .conditionExpression("attribute_not_exists(pk)")
                            .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)))
                    .isInstanceOfSatisfying(ConditionalCheckFailedException.class, e -> {
                        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The conditional request failed");
                        assertThat(e.item()).containsEntry("v", s("first"));
                    });
            assertThat(dynamo.getItem(b -> b.tableName(name).key(Map.of("pk", s("a"), "sk", n(1))))
                            .item())
                    .containsEntry("v", s("first"));
        }

        @Test
        void updateReturnsWhatWasAskedFor() {
            String name = table();
            var created = dynamo.updateItem(b -> b.tableName(name)
                    .key(Map.of("pk", s("a"), "sk", n(1)))
                    .updateExpression("SET #c = if_not_exists(#c, :zero) + :one, note = :note")
                    .expressionAttributeNames(Map.of("#c", "count"))
                    .expressionAttributeValues(Map.of(":zero", n(0), ":one", n(1), ":note", s("hi")))
                    .returnValues(ReturnValue.UPDATED_NEW));
            assertThat(created.attributes()).isEqualTo(Map.of("count", n(1), "note", s("hi")));
            var again = dynamo.updateItem(b -> b.tableName(name)
                    .key(Map.of("pk", s("a"), "sk", n(1)))
                    .updateExpression("ADD #c :one")
                    .expressionAttributeNames(Map.of("#c", "count"))
                    .expressionAttributeValues(Map.of(":one", n(1)))
                    .returnValues(ReturnValue.ALL_OLD));
            assertThat(again.attributes()).containsEntry("count", n(1)).containsEntry("pk", s("a"));
            assertThat(dynamo.getItem(b -> b.tableName(name)
                                    .key(Map.of("pk", s("a"), "sk", n(1)))
                                    .projectionExpression("#c")
                                    .expressionAttributeNames(Map.of("#c", "count")))
                            .item())
                    .isEqualTo(Map.of("count", n(2)));
        }

        @Test
        void keysAreValidated() {
            String name = table();
            assertThatThrownBy(() -> dynamo.getItem(b -> b.tableName(name).key(Map.of("pk", s("a")))))
                    .isInstanceOf(DynamoDbException.class)
                    .hasMessageContaining("The provided key element does not match the schema");
            assertThatThrownBy(() -> dynamo.putItem(b -> b.tableName(name).item(Map.of("pk", s(""), "sk", n(1)))))
                    .hasMessageContaining("cannot contain an empty string value");
            assertThatThrownBy(() -> dynamo.updateItem(b -> b.tableName(name)
                            .key(Map.of("pk", s("a"), "sk", n(1)))
                            .updateExpression("SET pk = :v")
                            .expressionAttributeValues(Map.of(":v", s("b")))))
                    .hasMessageContaining("Cannot update attribute pk. This attribute is part of the key");
            assertThatThrownBy(() ->
                            dynamo.putItem(b -> b.tableName(name).item(item("a", 1, "big", "x".repeat(400 * 1024)))))
                    .hasMessageContaining("Item size has exceeded the maximum allowed size");
        }
    }

    @Nested
    class Reads {
        @Test
        void queryPagesThroughASortedPartitionBothWays() {
            String name = table();
            for (int i = 0; i < 25; i++) {
                int sk = i;
                dynamo.putItem(b -> b.tableName(name).item(item("p", sk)));
            }
            dynamo.putItem(b -> b.tableName(name).item(item("other", 3)));
            List<Long> forward = new ArrayList<>();
            dynamo.queryPaginator(b -> b.tableName(name)
                            .keyConditionExpression("pk = :p AND sk >= :from")
                            .expressionAttributeValues(Map.of(":p", s("p"), ":from", n(10)))
                            .limit(4))
                    .items()
                    .forEach(i -> forward.add(Long.parseLong(i.get("sk").n())));
            assertThat(forward)
                    .containsExactly(10L, 11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L, 19L, 20L, 21L, 22L, 23L, 24L);
            QueryResponse backward = dynamo.query(b -> b.tableName(name)
                    .keyConditionExpression("pk = :p AND sk BETWEEN :a AND :b")
                    .expressionAttributeValues(Map.of(":p", s("p"), ":a", n(2), ":b", n(4)))
                    .scanIndexForward(false));
            assertThat(backward.items()).extracting(i -> i.get("sk").n()).containsExactly("4", "3", "2");
            QueryResponse count = dynamo.query(b -> b.tableName(name)
                    .keyConditionExpression("pk = :p")
                    .expressionAttributeValues(Map.of(":p", s("p")))
                    .select(Select.COUNT));
            assertThat(count.count()).isEqualTo(25);
            assertThat(count.items()).isEmpty();
        }

        @Test
        void aSparseGlobalIndexListsOnlyItsItemsWithItsProjection() {
            String name = table();
            dynamo.putItem(
                    b -> b.tableName(name).item(item("a", 1, "status", "OPEN", "at", "2026-01-02", "body", "x")));
            dynamo.putItem(
                    b -> b.tableName(name).item(item("b", 1, "status", "OPEN", "at", "2026-01-01", "body", "y")));
            dynamo.putItem(b -> b.tableName(name).item(item("c", 1, "body", "no status")));
            QueryResponse open = dynamo.query(b -> b.tableName(name)
                    .indexName("byStatus")
                    .keyConditionExpression("#s = :s")
                    .expressionAttributeNames(Map.of("#s", "status"))
                    .expressionAttributeValues(Map.of(":s", s("OPEN")))
                    .scanIndexForward(false));
            assertThat(open.items()).extracting(i -> i.get("pk").s()).containsExactly("a", "b");
            assertThat(open.items().get(0)).doesNotContainKey("body");
        }

        @Test
        void scanSegmentsTogetherCoverTheTableOnce() {
            String name = table();
            for (int i = 0; i < 40; i++) {
                String pk = "p" + i;
                dynamo.putItem(b -> b.tableName(name).item(item(pk, 1)));
            }
            List<String> seen = new ArrayList<>();
            for (int segment = 0; segment < 4; segment++) {
                int s = segment;
                dynamo.scanPaginator(b ->
                                b.tableName(name).segment(s).totalSegments(4).limit(3))
                        .items()
                        .forEach(i -> seen.add(i.get("pk").s()));
            }
            assertThat(seen).hasSize(40).doesNotHaveDuplicates();
        }
    }

    @Nested
    class Transactions {
        @Test
        void oneFailedConditionCancelsEveryWriteWithAReasonPerItem() {
            String name = table();
            dynamo.putItem(b -> b.tableName(name).item(item("guard", 1, "state", "closed")));
            assertThatThrownBy(() -> dynamo.transactWriteItems(b -> b.transactItems(
                            t -> t.put(p -> p.tableName(name).item(item("new", 1))),
                            t -> t.conditionCheck(c -> c.tableName(name)
                                    .key(Map.of("pk", s("guard"), "sk", n(1)))
                                    .conditionExpression("#s = :open")
                                    .expressionAttributeNames(Map.of("#s", "state"))
                                    .expressionAttributeValues(Map.of(":open", s("open")))))))
                    .isInstanceOfSatisfying(TransactionCanceledException.class, e -> {
                        assertThat(e.cancellationReasons())
                                .extracting(r -> r.code())
                                .containsExactly("None", "ConditionalCheckFailed");
                        assertThat(e.awsErrorDetails().errorMessage())
                                .isEqualTo(
                                        "Transaction cancelled, please refer cancellation reasons for specific reasons "
                                                + "[None, ConditionalCheckFailed]");
                    });
            assertThat(dynamo.getItem(b -> b.tableName(name).key(Map.of("pk", s("new"), "sk", n(1))))
                            .hasItem())
                    .isFalse();
        }

        @Test
        void twoActionsOnOneItemAreRefusedAndATokenAppliesOnce() {
            String name = table();
            assertThatThrownBy(() -> dynamo.transactWriteItems(b -> b.transactItems(
                            t -> t.put(p -> p.tableName(name).item(item("x", 1))),
                            t -> t.delete(d -> d.tableName(name).key(Map.of("pk", s("x"), "sk", n(1)))))))
                    .hasMessageContaining("Transaction request cannot include multiple operations on one item");
            for (int i = 0; i < 2; i++) {
                dynamo.transactWriteItems(b -> b.clientRequestToken("token-1")
                        .transactItems(t -> t.update(u -> u.tableName(name)
                                .key(Map.of("pk", s("x"), "sk", n(1)))
                                .updateExpression("ADD hits :one")
                                .expressionAttributeValues(Map.of(":one", n(1))))));
            }
            assertThat(dynamo.getItem(b -> b.tableName(name).key(Map.of("pk", s("x"), "sk", n(1))))
                            .item())
                    .containsEntry("hits", n(1));
            var read = dynamo.transactGetItems(b -> b.transactItems(
                    t -> t.get(g -> g.tableName(name).key(Map.of("pk", s("x"), "sk", n(1)))),
                    t -> t.get(g -> g.tableName(name).key(Map.of("pk", s("none"), "sk", n(1))))));
            assertThat(read.responses().get(0).item()).containsEntry("hits", n(1));
            assertThat(read.responses().get(1).item()).isEmpty();
        }
    }

    @Nested
    class Batches {
        @Test
        void writeThenReadInOneCallEach() {
            String name = table();
            dynamo.batchWriteItem(b -> b.requestItems(Map.of(
                    name,
                    List.of(
                            software.amazon.awssdk.services.dynamodb.model.WriteRequest.builder()
                                    .putRequest(p -> p.item(item("a", 1)))
                                    .build(),
                            software.amazon.awssdk.services.dynamodb.model.WriteRequest.builder()
                                    .putRequest(p -> p.item(item("b", 1)))
                                    .build()))));
            var got = dynamo.batchGetItem(b -> b.requestItems(Map.of(
                    name,
                    software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes.builder()
                            .keys(
                                    Map.of("pk", s("a"), "sk", n(1)),
                                    Map.of("pk", s("b"), "sk", n(1)),
                                    Map.of("pk", s("c"), "sk", n(1)))
                            .build())));
            assertThat(got.responses().get(name)).hasSize(2);
            assertThat(got.unprocessedKeys()).isEmpty();
        }
    }

    @Nested
    class TimeToLive {
        @Test
        void expiredItemsAreSweptAndLiveOnesKept() {
            Instant now = Instant.parse("2026-12-01T00:00:00Z");
            try (DynamoDbEngine engine = DynamoDbEngine.builder()
                            .clock(Clock.fixed(now, ZoneOffset.UTC))
                            .ttlSweep(null)
                            .build();
                    DynamoDbServer own = DynamoDbServer.start(engine, 0);
                    DynamoDbClient client = Sdk.client(own.endpoint())) {
                client.createTable(b -> b.tableName("ttl")
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                        .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH)));
                client.updateTimeToLive(b -> b.tableName("ttl")
                        .timeToLiveSpecification(t -> t.enabled(true).attributeName("ttl")));
                long epoch = now.getEpochSecond();
                client.putItem(b -> b.tableName("ttl").item(Map.of("pk", s("old"), "ttl", n(epoch - 1))));
                client.putItem(b -> b.tableName("ttl").item(Map.of("pk", s("live"), "ttl", n(epoch + 60))));
                client.putItem(b ->
                        b.tableName("ttl").item(Map.of("pk", s("ancient"), "ttl", n(epoch - 6L * 366 * 86400))));
                client.putItem(b -> b.tableName("ttl").item(Map.of("pk", s("text"), "ttl", s("yesterday"))));

                assertThat(engine.sweepExpiredItems()).isEqualTo(1);
                assertThat(client.scan(b -> b.tableName("ttl")).items())
                        .extracting(i -> i.get("pk").s())
                        .containsExactlyInAnyOrder("live", "ancient", "text");
                assertThat(client.describeTimeToLive(b -> b.tableName("ttl"))
                                .timeToLiveDescription()
                                .attributeName())
                        .isEqualTo("ttl");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
