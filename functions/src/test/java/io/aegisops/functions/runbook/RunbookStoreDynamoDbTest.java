package io.aegisops.functions.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisops.contracts.Action;
import io.aegisops.contracts.RunbookEntry;
import io.aegisops.contracts.tables.Tables;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import io.aegisops.testsupport.LocalDynamoDb;
import io.aegisops.testsupport.DynamoDbExtension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** DynamoDB engine: runbook entries change only by compare-and-set, and no concurrent lesson is lost. */
@ExtendWith(DynamoDbExtension.class)
class RunbookStoreDynamoDbTest {

    private final LocalDynamoDb dynamo;
    private final RunbookStore store;

    RunbookStoreDynamoDbTest(LocalDynamoDb dynamo) {
        this.dynamo = dynamo;
        this.store = new DynamoRunbookStore(dynamo.client(), dynamo.table(Tables.RUNBOOK), dynamo.table(Tables.CONTROL));
    }

    static String signature() {
        return RunbookEntry.signatureOf("HighMemoryUsage", "svc-" + UUID.randomUUID());
    }

    static Outcome success(String signature, String incidentId) {
        return new Outcome(Outcome.Kind.SUCCESS, signature, Action.RESTART, "memory leak", incidentId,
                Instant.parse("2026-11-21T03:15:00Z"), 8_000);
    }

    @Test
    void anEntryIsCreatedThenUpdatedWithItsVersion() {
        String signature = signature();
        store.learn(success(signature, "inc-" + UUID.randomUUID()));
        RunbookEntry second = store.learn(success(signature, "inc-" + UUID.randomUUID())).orElseThrow();

        assertThat(second.version()).isEqualTo(2);
        assertThat(store.find(signature)).contains(second);
        assertThat(second.successes()).isEqualTo(2);
    }

    @Test
    void anIncidentsLessonIsCountedOnceEvenAfterOtherIncidentsLessons() {
        String signature = signature();
        String first = "inc-" + UUID.randomUUID();
        store.learn(success(signature, first));
        store.learn(success(signature, "inc-" + UUID.randomUUID()));

        assertThat(store.learn(success(signature, first))).as("a retried Learn of the first incident").isEmpty();

        RunbookEntry entry = store.find(signature).orElseThrow();
        assertThat(entry.successes()).isEqualTo(2);
        assertThat(entry.version()).isEqualTo(2);
        var marker = dynamo.client().getItem(b -> b.tableName(dynamo.table(Tables.CONTROL))
                .key(Map.of("pk", AttributeValue.fromS(DynamoRunbookStore.lessonKeyOf(first))))).item();
        assertThat(marker.get("signature").s()).isEqualTo(signature);
        assertThat(marker).containsKey("ttl");
    }

    @Test
    void concurrentLessonsAreAllCounted() throws Exception {
        String signature = signature();
        int learners = 8;
        ExecutorService pool = Executors.newFixedThreadPool(learners);
        try {
            List<Future<Optional<RunbookEntry>>> futures = new ArrayList<>();
            for (int i = 0; i < learners; i++) {
                String incident = "inc-" + UUID.randomUUID();
                futures.add(pool.submit(() -> store.learn(success(signature, incident))));
            }
            for (Future<Optional<RunbookEntry>> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        RunbookEntry entry = store.find(signature).orElseThrow();
        assertThat(entry.successes()).isEqualTo(learners);
        assertThat(entry.version()).isEqualTo(learners);
    }

    @Test
    void aMissingEntryIsEmpty() {
        assertThat(store.find(signature())).isEmpty();
    }
}
