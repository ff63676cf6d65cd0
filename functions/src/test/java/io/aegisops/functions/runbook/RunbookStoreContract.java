package io.aegisops.functions.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisops.contracts.Action;
import io.aegisops.contracts.RunbookEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RunbookStore} keeps, held against the DynamoDB adapter ({@link RunbookStoreDynamoDbTest}) and
 * the in-memory fake ({@link InMemoryRunbookStoreTest}): entries change only by compare-and-set, each incident's
 * lesson counts once, and no concurrent lesson is lost.
 */
abstract class RunbookStoreContract {

    final RunbookStore store;

    RunbookStoreContract(RunbookStore store) {
        this.store = store;
    }

    static String signature() {
        return RunbookEntry.signatureOf("HighMemoryUsage", "svc-" + UUID.randomUUID(), Action.RESTART);
    }

    static Outcome success(String signature, String incidentId) {
        return lesson(Outcome.Kind.SUCCESS, signature, incidentId);
    }

    static Outcome lesson(Outcome.Kind kind, String signature, String incidentId) {
        return new Outcome(
                kind,
                signature,
                Action.RESTART,
                "memory leak",
                incidentId,
                Instant.parse("2026-11-21T03:15:00Z"),
                8_000,
                false);
    }

    @Test
    void anEntryIsCreatedThenUpdatedWithItsVersion() {
        String signature = signature();
        store.learn(success(signature, "inc-" + UUID.randomUUID()));
        RunbookEntry second =
                store.learn(success(signature, "inc-" + UUID.randomUUID())).orElseThrow();

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

        assertThat(store.learn(success(signature, first)))
                .as("a retried Learn of the first incident")
                .isEmpty();

        RunbookEntry entry = store.find(signature).orElseThrow();
        assertThat(entry.successes()).isEqualTo(2);
        assertThat(entry.version()).isEqualTo(2);
    }

    @Test
    void failuresAndRejectionsAreCountedBesideSuccesses() {
        String signature = signature();
        store.learn(success(signature, "inc-" + UUID.randomUUID()));
        store.learn(lesson(Outcome.Kind.FAILURE, signature, "inc-" + UUID.randomUUID()));
        RunbookEntry entry = store.learn(lesson(Outcome.Kind.REJECTION, signature, "inc-" + UUID.randomUUID()))
                .orElseThrow();

        assertThat(entry)
                .extracting(RunbookEntry::successes, RunbookEntry::failures, RunbookEntry::rejections)
                .containsExactly(1, 1, 1);
        assertThat(entry.version()).isEqualTo(3);
        assertThat(store.find(signature)).contains(entry);
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
