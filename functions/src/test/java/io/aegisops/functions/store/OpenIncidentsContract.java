package io.aegisops.functions.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisops.contracts.Incident;
import io.aegisops.contracts.TimelineEntry;
import io.aegisops.functions.pipeline.Stores;
import io.aegisops.functions.store.OpenIncidents.Opening;
import io.aegisops.functions.store.OpenIncidents.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What every {@link OpenIncidents} keeps, held against the DynamoDB adapter ({@link OpenIncidentsDynamoDbTest}) and
 * the in-memory fake ({@link InMemoryOpenIncidentsTest}): one open incident per service and alert type, created
 * together with its marker; an unreleased marker stops blocking once it expires.
 */
abstract class OpenIncidentsContract {

    static final Instant NOW = Instant.parse("2026-11-21T03:12:45Z");
    static final Duration EXPIRY = DynamoOpenIncidents.DEFAULT_EXPIRY;

    private final IncidentStore store;
    private final OpenIncidents open;

    /** {@code stores}: the incidents and the markers over them. */
    OpenIncidentsContract(Stores stores) {
        this.store = stores.incidents();
        this.open = stores.openIncidents();
    }

    private static String service() {
        return "svc-" + UUID.randomUUID();
    }

    private static Incident incident(String id) {
        return IncidentStoreContract.received(id);
    }

    @Nested
    class Opening_ {
        @Test
        void theFirstIncidentIsCreatedAndMarkedOpen() {
            String service = service();
            String id = IncidentStoreContract.newId();

            assertThat(open.open(incident(id), service, "HighMemoryUsage", NOW)).isEqualTo(Opening.opened(id));

            assertThat(store.get(id)).isPresent();
            assertThat(open.holder(service, "HighMemoryUsage", NOW)).contains(id);
        }

        @Test
        void aSecondIncidentForTheSameTargetAndTypeIsNotCreated() {
            String service = service();
            String first = IncidentStoreContract.newId();
            String second = IncidentStoreContract.newId();
            open.open(incident(first), service, "HighMemoryUsage", NOW);

            assertThat(open.open(incident(second), service, "HighMemoryUsage", NOW))
                    .isEqualTo(Opening.heldBy(first));

            assertThat(store.get(second)).isEmpty();
            assertThat(open.open(incident(second), service, "OtherType", NOW).outcome())
                    .isEqualTo(Outcome.OPENED);
        }

        @Test
        void aRedeliveryFindsTheIncidentAsStoredAndItsMarker() {
            String service = service();
            String id = IncidentStoreContract.newId();
            open.open(incident(id), service, "HighMemoryUsage", NOW);
            Incident stored = store.attachAlert(id, new TimelineEntry(NOW, "DUPLICATE", "again"), 10);

            assertThat(open.open(incident(id), service, "HighMemoryUsage", NOW)).isEqualTo(Opening.exists(stored, id));
        }

        @Test
        void aRedeliveryFindsWhichOtherIncidentHoldsTheMarker() {
            String service = service();
            String id = IncidentStoreContract.newId();
            String other = IncidentStoreContract.newId();
            open.open(incident(id), service, "HighMemoryUsage", NOW);
            open.release(service, "HighMemoryUsage", id);
            open.open(incident(other), service, "HighMemoryUsage", NOW);

            Opening again = open.open(incident(id), service, "HighMemoryUsage", NOW);

            assertThat(again.outcome()).isEqualTo(Outcome.INCIDENT_EXISTS);
            assertThat(again.holder()).isEqualTo(other);
        }

        @Test
        void aRedeliveryWithoutAMarkerFindsNoHolder() {
            String service = service();
            String id = IncidentStoreContract.newId();
            open.open(incident(id), service, "HighMemoryUsage", NOW);
            open.release(service, "HighMemoryUsage", id);

            Opening again = open.open(incident(id), service, "HighMemoryUsage", NOW);

            assertThat(again.outcome()).isEqualTo(Outcome.INCIDENT_EXISTS);
            assertThat(again.holder()).isNull();
            assertThat(open.holder(service, "HighMemoryUsage", NOW)).isEmpty();
        }

        @Test
        void aMarkerNamingTheNewIncidentItselfDoesNotBlockIt() {
            String service = service();
            String id = IncidentStoreContract.newId();
            open.claim(service, "HighMemoryUsage", id, NOW);

            assertThat(open.open(incident(id), service, "HighMemoryUsage", NOW)).isEqualTo(Opening.opened(id));
            assertThat(store.get(id)).isPresent();
        }

        @Test
        void anExpiredMarkerNoLongerBlocks() {
            String service = service();
            String first = IncidentStoreContract.newId();
            String second = IncidentStoreContract.newId();
            open.open(incident(first), service, "HighMemoryUsage", NOW);
            Instant later = NOW.plus(EXPIRY).plusSeconds(1);

            assertThat(open.holder(service, "HighMemoryUsage", later)).isEmpty();
            assertThat(open.open(incident(second), service, "HighMemoryUsage", later)
                            .outcome())
                    .isEqualTo(Outcome.OPENED);
        }

        @Test
        void ofManyConcurrentDifferentIncidentsExactlyOneIsOpened() throws Exception {
            String service = service();
            int writers = 8;
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            try {
                List<Callable<Opening>> openers = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    String id = IncidentStoreContract.newId();
                    openers.add(() -> open.open(incident(id), service, "HighMemoryUsage", NOW));
                }
                List<Opening> openings = new ArrayList<>();
                for (Future<Opening> f : pool.invokeAll(openers)) {
                    openings.add(f.get());
                }
                List<Opening> opened = openings.stream()
                        .filter(o -> o.outcome() == Outcome.OPENED)
                        .toList();
                assertThat(opened).hasSize(1);
                assertThat(openings)
                        .allSatisfy(o ->
                                assertThat(o.holder()).isEqualTo(opened.get(0).holder()));
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Nested
    class Releasing {
        @Test
        void releasingFreesTheMarkerForTheNextIncident() {
            String service = service();
            String first = IncidentStoreContract.newId();
            open.open(incident(first), service, "HighMemoryUsage", NOW);

            assertThat(open.release(service, "HighMemoryUsage", first)).isTrue();

            assertThat(open.holder(service, "HighMemoryUsage", NOW)).isEmpty();
            assertThat(open.open(incident(IncidentStoreContract.newId()), service, "HighMemoryUsage", NOW)
                            .outcome())
                    .isEqualTo(Outcome.OPENED);
        }

        @Test
        void anotherIncidentsMarkerIsLeftAlone() {
            String service = service();
            String holder = IncidentStoreContract.newId();
            open.open(incident(holder), service, "HighMemoryUsage", NOW);

            assertThat(open.release(service, "HighMemoryUsage", "inc-someone-else"))
                    .isFalse();

            assertThat(open.holder(service, "HighMemoryUsage", NOW)).contains(holder);
        }
    }

    @Nested
    class Claiming {
        @Test
        void aFreeMarkerIsClaimedAndAHeldOneNamesItsHolder() {
            String service = service();

            assertThat(open.claim(service, "T", "inc-a", NOW)).isEqualTo("inc-a");
            assertThat(open.claim(service, "T", "inc-a", NOW)).isEqualTo("inc-a");
            assertThat(open.claim(service, "T", "inc-b", NOW)).isEqualTo("inc-a");
        }

        @Test
        void anExpiredMarkerIsClaimedByTheNextIncident() {
            String service = service();
            open.claim(service, "T", "inc-a", NOW);
            Instant later = NOW.plus(EXPIRY).plusSeconds(1);

            assertThat(open.claim(service, "T", "inc-b", later)).isEqualTo("inc-b");
            assertThat(open.holder(service, "T", later)).contains("inc-b");
        }
    }
}
