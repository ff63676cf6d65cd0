package io.aegisops.functions.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aegisops.contracts.AlertSource;
import io.aegisops.contracts.AlertStatus;
import io.aegisops.contracts.Evidence;
import io.aegisops.contracts.Incident;
import io.aegisops.contracts.IncidentStatus;
import io.aegisops.contracts.NormalisedAlert;
import io.aegisops.contracts.Severity;
import io.aegisops.contracts.TargetRef;
import io.aegisops.contracts.tables.Tables;
import io.aegisops.testsupport.DynamoDbExtension;
import io.aegisops.testsupport.LocalDynamoDb;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** DynamoDB engine: incidents are created once, changed only by compare-and-set, and approvals taken once. */
@ExtendWith(DynamoDbExtension.class)
class IncidentStoreDynamoDbTest {

    private final IncidentStore store;

    IncidentStoreDynamoDbTest(LocalDynamoDb dynamo) {
        this.store = new DynamoIncidentStore(dynamo.client(), dynamo.table(Tables.INCIDENTS));
    }

    static Incident received(String id) {
        Instant now = Instant.parse("2026-11-21T03:12:45Z");
        NormalisedAlert alert = new NormalisedAlert(
                AlertSource.GENERIC,
                AlertStatus.FIRING,
                "HighMemoryUsage",
                Severity.CRITICAL,
                new TargetRef("buggy-app", "buggy-app", null),
                "heap 91%",
                null,
                Map.of(),
                now,
                "fp",
                null);
        return new Incident(
                id,
                IncidentStatus.RECEIVED,
                alert,
                1,
                alert.target(),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                now,
                null,
                null,
                0);
    }

    static String newId() {
        return "inc-test-" + UUID.randomUUID();
    }

    @Nested
    class Creating {
        @Test
        void theFirstCreateWinsAndTheSecondChangesNothing() {
            String id = newId();
            assertThat(store.create(received(id))).isTrue();

            Incident other = store.update(id, i -> withAlertCount(i, 2)); // version 1 now
            assertThat(store.create(received(id))).isFalse();

            assertThat(store.get(id)).contains(other);
        }

        @Test
        void aMissingIncidentIsEmpty() {
            assertThat(store.get(newId())).isEmpty();
        }
    }

    @Nested
    class Updating {
        @Test
        void concurrentChangesAreAllKept() throws Exception {
            String id = newId();
            store.create(received(id));
            int writers = 8;
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            try {
                List<Future<Incident>> futures = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    futures.add(pool.submit(() -> store.update(id, i -> withAlertCount(i, i.alertCount() + 1))));
                }
                for (Future<Incident> f : futures) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }

            Incident stored = store.get(id).orElseThrow();
            assertThat(stored.alertCount()).isEqualTo(1 + writers);
            assertThat(stored.version()).isEqualTo(writers);
        }

        @Test
        void clearingAFieldRemovesIt() {
            String id = newId();
            store.create(received(id));
            store.update(id, i -> withEvidence(i, Evidence.unavailable("agent down", null)));

            Incident cleared = store.update(id, i -> withEvidence(i, null));

            assertThat(cleared.evidence()).isNull();
            assertThat(store.get(id).orElseThrow().evidence()).isNull();
        }

        @Test
        void aChangeThatChangesNothingWritesNothing() {
            String id = newId();
            store.create(received(id));
            store.update(id, i -> withAlertCount(i, 2));

            Incident same = store.update(id, i -> withAlertCount(i, 2));

            assertThat(same.version()).isEqualTo(1);
            assertThat(store.get(id).orElseThrow().version()).isEqualTo(1);
        }

        @Test
        void updatingAMissingIncidentFails() {
            assertThatThrownBy(() -> store.update("inc-missing", i -> i)).isInstanceOf(IncidentNotFoundException.class);
        }
    }

    @Nested
    class ApprovalTokens {
        @Test
        void exactlyOneOfManyConcurrentDecidersGetsTheToken() throws Exception {
            String id = newId();
            store.create(received(id));
            store.putApprovalToken(id, "token-123");
            store.update(id, i -> withAlertCount(i, 2)); // other updates must not drop the token

            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Callable<Optional<String>>> takers = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    takers.add(() -> store.takeApprovalToken(id));
                }
                List<String> taken = new ArrayList<>();
                for (Future<Optional<String>> f : pool.invokeAll(takers)) {
                    f.get().ifPresent(taken::add);
                }
                assertThat(taken).containsExactly("token-123");
            } finally {
                pool.shutdownNow();
            }
            assertThat(store.takeApprovalToken(id)).isEmpty();
        }

        @Test
        void aTokenForAMissingIncidentIsRefused() {
            assertThatThrownBy(() -> store.putApprovalToken("inc-missing", "t"))
                    .isInstanceOf(IncidentNotFoundException.class);
        }
    }

    static Incident withAlertCount(Incident i, int count) {
        return i.toBuilder().alertCount(count).build();
    }

    static Incident withEvidence(Incident i, Evidence evidence) {
        return i.toBuilder().evidence(evidence).build();
    }
}
