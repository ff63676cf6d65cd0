package io.aegisops.functions.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisops.contracts.Action;
import io.aegisops.contracts.RunbookEntry;
import io.aegisops.contracts.RunbookToggle;
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
 * lesson counts once, no concurrent lesson is lost, entries are listed by signature, and an operator's disable is
 * stored on the entry without losing what it learned.
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

    static final RunbookToggle DISABLED = new RunbookToggle(
            true, "ana", "team-lead", Instant.parse("2026-12-06T10:00:00Z"), "restarts hide a leak we must fix");

    @Test
    void theListingHoldsEveryEntrySortedBySignature() {
        String service = "svc-" + UUID.randomUUID();
        String memory = RunbookEntry.signatureOf("HighMemoryUsage", service, Action.RESTART);
        String cpu = RunbookEntry.signatureOf("HighCpuUsage", service, Action.RESTART);
        store.learn(success(memory, "inc-" + UUID.randomUUID()));
        store.learn(success(cpu, "inc-" + UUID.randomUUID()));

        List<RunbookEntry> listed = store.list(10_000);

        assertThat(listed).extracting(RunbookEntry::signature).isSorted().contains(cpu, memory);
        assertThat(listed).contains(store.find(memory).orElseThrow());
    }

    @Test
    void theListingStopsAtItsBound() {
        store.learn(success(signature(), "inc-" + UUID.randomUUID()));
        store.learn(success(signature(), "inc-" + UUID.randomUUID()));

        assertThat(store.list(1)).hasSize(1);
    }

    @Test
    void aDisableIsStoredOnTheEntryOneVersionOnKeepingItsCounts() {
        String signature = signature();
        RunbookEntry learned =
                store.learn(success(signature, "inc-" + UUID.randomUUID())).orElseThrow();

        RunbookEntry disabled = store.toggle(signature, DISABLED).orElseThrow();

        assertThat(disabled.disabled()).isTrue();
        assertThat(disabled.toggle()).isEqualTo(DISABLED);
        assertThat(disabled.version()).isEqualTo(learned.version() + 1);
        assertThat(disabled.successes()).isEqualTo(learned.successes());
        assertThat(store.find(signature)).contains(disabled);
    }

    @Test
    void aDisabledEntryStaysDisabledAsItLearnsUntilEnabled() {
        String signature = signature();
        store.learn(success(signature, "inc-" + UUID.randomUUID()));
        store.toggle(signature, DISABLED);

        RunbookEntry later =
                store.learn(success(signature, "inc-" + UUID.randomUUID())).orElseThrow();
        assertThat(later.disabled()).isTrue();
        assertThat(later.successes()).isEqualTo(2);

        RunbookToggle enabled =
                new RunbookToggle(false, "carol", "senior", Instant.parse("2026-12-06T11:00:00Z"), "the leak is fixed");
        assertThat(store.toggle(signature, enabled).orElseThrow().disabled()).isFalse();
        assertThat(store.find(signature).orElseThrow().toggle()).isEqualTo(enabled);
    }

    @Test
    void noEntryNoToggleAndNothingWritten() {
        String signature = signature();

        assertThat(store.toggle(signature, DISABLED)).isEmpty();
        assertThat(store.find(signature)).isEmpty();
    }
}
