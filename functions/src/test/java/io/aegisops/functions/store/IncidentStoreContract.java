package io.aegisops.functions.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aegisops.contracts.AlertSource;
import io.aegisops.contracts.AlertStatus;
import io.aegisops.contracts.Evidence;
import io.aegisops.contracts.Incident;
import io.aegisops.contracts.IncidentStatus;
import io.aegisops.contracts.Json;
import io.aegisops.contracts.NormalisedAlert;
import io.aegisops.contracts.Severity;
import io.aegisops.contracts.TargetRef;
import io.aegisops.contracts.TimelineEntry;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What every {@link IncidentStore} keeps, held against the DynamoDB adapter ({@link IncidentStoreDynamoDbTest}) and
 * the in-memory fake the handler tests run on ({@link InMemoryIncidentStoreTest}): incidents are created once,
 * changed only by compare-and-set, approvals taken once; the atomic counter, timeline and execution updates never
 * contend and never clobber; listings come newest first, in pages, optionally of one status.
 */
abstract class IncidentStoreContract {

    static final Instant AT = Instant.parse("2026-11-21T03:12:45Z");

    final IncidentStore store;

    IncidentStoreContract(IncidentStore store) {
        this.store = store;
    }

    /** Another store, over tables of its own (the listing counts every incident). */
    abstract IncidentStore emptyStore();

    static Incident received(String id) {
        Instant now = AT;
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
        return Incident.opened(id, alert, alert.target(), null, now);
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
        void everyFieldReadsBackAsItWasWritten() {
            String id = newId();
            Incident closed = Json.read("""
                    {"incidentId": "%s", "status": "RESOLVED", "alertCount": 2, "version": 0,
                     "alert": {"source": "ALERTMANAGER", "status": "FIRING", "alertType": "HighMemoryUsage",
                               "severity": "HIGH", "target": {"service": "buggy-app", "container": "buggy-app"},
                               "summary": "heap 91%%", "labels": {"alertname": "HighMemoryUsage"},
                               "startsAt": "2026-11-21T03:12:45Z", "fingerprint": "fp"},
                     "target": {"service": "buggy-app", "container": "buggy-app"},
                     "evidence": {"available": true, "container": {"status": "running", "health": "unhealthy",
                                  "restartCount": 0}, "logs": "java.lang.OutOfMemoryError",
                                  "collectedAt": "2026-11-21T03:13:00.123Z"},
                     "diagnosis": {"rootCause": "leak", "action": "RESTART", "confidence": 0.9, "justification": "heap",
                                   "evidence": ["OutOfMemoryError"], "source": "LLM", "model": "m", "latencyMs": 812},
                     "decision": {"mode": "AUTO", "reasons": ["within policy"], "dryRun": false},
                     "commandResults": [{"commandId": "%1$s#restart#1", "type": "RESTART", "success": true,
                                         "dryRun": false, "message": "restarted", "durationMs": 900}],
                     "verification": {"healthy": true, "attempts": 2, "httpStatus": 200, "detail": "GET /health 200",
                                      "checkedAt": "2026-11-21T03:14:00Z"},
                     "timeline": [{"at": "2026-11-21T03:12:46Z", "stage": "received", "detail": "alert"}],
                     "executionArn": "arn:aws:states:us-east-1:000000000000:execution:aegis-pipeline:%1$s",
                     "createdAt": "2026-11-21T03:12:45Z", "resolvedAt": "2026-11-21T03:14:00Z", "mttrMs": 75000}""".formatted(id), Incident.class);

            store.create(closed);

            assertThat(store.get(id)).contains(closed);
        }

        @Test
        void aMissingIncidentIsEmpty() {
            assertThat(store.get(newId())).isEmpty();
        }

        @Test
        void primingWritesNothingNeitherTheAbsentIncidentNorOverAnother() {
            String absent = newId();
            String existing = newId();
            store.create(received(existing));
            Incident before = store.get(existing).orElseThrow();

            store.prime(received(absent));
            store.prime(received(existing));

            assertThat(store.get(absent)).isEmpty();
            assertThat(store.get(existing)).contains(before);
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

    @Nested
    class AttachingAlerts {
        @Test
        void concurrentAttachmentsAreAllCountedAndTheTimelineStaysBounded() throws Exception {
            String id = created();
            int writers = 16;
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Callable<Incident>> attachers = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    attachers.add(() -> store.attachAlert(id, new TimelineEntry(AT, "DUPLICATE", "again"), 5));
                }
                for (Future<Incident> f : pool.invokeAll(attachers)) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }

            Incident stored = store.get(id).orElseThrow();
            assertThat(stored.alertCount()).isEqualTo(1 + writers);
            assertThat(stored.version()).isEqualTo(writers);
            assertThat(stored.timeline())
                    .filteredOn(e -> e.stage().equals("DUPLICATE"))
                    .hasSize(4);
        }

        @Test
        void attachingLeavesTheApprovalTokenAndOtherFieldsAlone() {
            String id = created();
            store.putApprovalToken(id, "token-1");

            store.attachAlert(id, new TimelineEntry(AT, "DUPLICATE", "again"), 10);

            assertThat(store.takeApprovalToken(id)).contains("token-1");
        }

        @Test
        void aMissingIncidentIsReported() {
            assertThatThrownBy(() -> store.attachAlert("inc-missing", new TimelineEntry(AT, "X", "y"), 10))
                    .isInstanceOf(IncidentNotFoundException.class);
            assertThatThrownBy(() -> store.appendTimeline("inc-missing", new TimelineEntry(AT, "X", "y")))
                    .isInstanceOf(IncidentNotFoundException.class);
        }
    }

    @Nested
    class CountingPastTheTimeline {
        @Test
        void onlyTheCountAndVersionGoUp() {
            String id = created();
            Incident before = store.get(id).orElseThrow();

            Incident counted = store.countAlert(id);

            assertThat(counted.alertCount()).isEqualTo(before.alertCount() + 1);
            assertThat(counted.version()).isEqualTo(before.version() + 1);
            assertThat(counted.timeline()).isEqualTo(before.timeline());
            assertThat(store.get(id)).contains(counted);
        }

        @Test
        void aMissingIncidentIsReported() {
            assertThatThrownBy(() -> store.countAlert("inc-missing")).isInstanceOf(IncidentNotFoundException.class);
        }
    }

    @Nested
    class AttachingToAnOpenIncident {
        @Test
        void anOpenIncidentCountsTheAlertWithItsEntry() {
            String id = created();

            Optional<Incident> attached = store.attachToOpen(id, new TimelineEntry(AT, "DUPLICATE", "other"), 10);

            assertThat(attached).isPresent();
            assertThat(attached.get().alertCount()).isEqualTo(2);
            assertThat(attached.get().timeline())
                    .extracting(TimelineEntry::detail)
                    .containsExactly("other");
            assertThat(store.get(id)).isEqualTo(attached);
        }

        @Test
        void pastTheTimelinesBoundOnlyTheCountGoesUp() {
            String id = created();
            store.attachToOpen(id, new TimelineEntry(AT, "DUPLICATE", "first"), 2);

            Optional<Incident> attached = store.attachToOpen(id, new TimelineEntry(AT, "DUPLICATE", "second"), 2);

            assertThat(attached).isPresent();
            assertThat(attached.get().alertCount()).isEqualTo(3);
            assertThat(attached.get().timeline())
                    .extracting(TimelineEntry::detail)
                    .containsExactly("first");
        }

        @Test
        void anEndedIncidentIsLeftAsItIs() {
            String id = created();
            Incident ended = store.update(
                    id, i -> i.toBuilder().status(IncidentStatus.RESOLVED).build());

            assertThat(store.attachToOpen(id, new TimelineEntry(AT, "DUPLICATE", "late"), 10))
                    .isEmpty();
            assertThat(store.get(id)).contains(ended);
        }

        @Test
        void aMissingIncidentIsNone() {
            assertThat(store.attachToOpen("inc-missing", new TimelineEntry(AT, "X", "y"), 10))
                    .isEmpty();
            assertThat(store.countOnOpen("inc-missing")).isEmpty();
        }

        @Test
        void countingOnlyAddsToTheCountOfAnOpenIncident() {
            String id = created();

            Optional<Incident> counted = store.countOnOpen(id);

            assertThat(counted).isPresent();
            assertThat(counted.get().alertCount()).isEqualTo(2);
            assertThat(counted.get().timeline()).isEmpty();
            store.update(id, i -> i.toBuilder().status(IncidentStatus.FAILED).build());
            assertThat(store.countOnOpen(id)).isEmpty();
            assertThat(store.get(id).orElseThrow().alertCount()).isEqualTo(2);
        }
    }

    /** Five incidents, two of them resolved, in a store of their own. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Listing {

        private final IncidentStore listed = emptyStore();
        private final List<String> resolvedNewestFirst = new ArrayList<>();

        @BeforeAll
        void fiveIncidentsTwoOfThemResolved() {
            for (int i = 0; i < 5; i++) {
                String id = newId();
                Incident incident = received(id).toBuilder()
                        .createdAt(AT.plusSeconds(i))
                        .status(i % 2 == 0 ? IncidentStatus.RECEIVED : IncidentStatus.RESOLVED)
                        .build();
                listed.create(incident);
                if (incident.status() == IncidentStatus.RESOLVED) {
                    resolvedNewestFirst.add(0, id);
                }
            }
        }

        @Test
        void allIncidentsComeNewestFirstAcrossPages() {
            List<Incident> seen = new ArrayList<>();
            String cursor = null;
            do {
                IncidentPage page = listed.list(null, 2, cursor);
                assertThat(page.incidents()).hasSizeLessThanOrEqualTo(2);
                seen.addAll(page.incidents());
                cursor = page.nextCursor();
            } while (cursor != null);

            assertThat(seen).hasSize(5);
            assertThat(seen).extracting(Incident::createdAt).isSortedAccordingTo((a, b) -> b.compareTo(a));
        }

        @Test
        void aStatusFilterListsOnlyThatStatus() {
            IncidentPage page = listed.list(IncidentStatus.RESOLVED, 10, null);

            assertThat(page.incidents())
                    .extracting(Incident::incidentId)
                    .containsExactlyElementsOf(resolvedNewestFirst);
        }

        @Test
        void aForgedOrMismatchedCursorIsRefused() {
            String cursorOfAll = listed.list(null, 1, null).nextCursor();

            assertThatThrownBy(() -> listed.list(null, 1, "not-a-cursor")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> listed.list(IncidentStatus.RESOLVED, 1, cursorOfAll))
                    .isInstanceOf(IllegalArgumentException.class);
            String cursorOfResolved =
                    listed.list(IncidentStatus.RESOLVED, 1, null).nextCursor();
            assertThatThrownBy(() -> listed.list(IncidentStatus.RECEIVED, 1, cursorOfResolved))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    /**
     * Thirty incidents in a store of their own; every seventh is a LOW alert from Grafana for checkout, the rest
     * CRITICAL generic alerts for buggy-app: far more than a page between two matches.
     */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class FilteredListing {

        private final IncidentStore listed = emptyStore();
        private final List<String> checkoutNewestFirst = new ArrayList<>();

        @BeforeAll
        void thirtyIncidentsFiveOfThemForCheckout() {
            for (int i = 0; i < 30; i++) {
                String id = newId();
                Incident incident =
                        received(id).toBuilder().createdAt(AT.plusSeconds(i)).build();
                if (i % 7 == 0) {
                    TargetRef checkout = new TargetRef("checkout", "checkout-1", null);
                    NormalisedAlert alert = incident.alert();
                    incident = incident.toBuilder()
                            .target(checkout)
                            .alert(new NormalisedAlert(
                                    AlertSource.GRAFANA,
                                    alert.status(),
                                    alert.alertType(),
                                    Severity.LOW,
                                    checkout,
                                    alert.summary(),
                                    alert.logs(),
                                    alert.labels(),
                                    alert.startsAt(),
                                    alert.fingerprint(),
                                    alert.externalUrl()))
                            .build();
                    checkoutNewestFirst.add(0, id);
                }
                listed.create(incident);
            }
        }

        private List<String> all(IncidentFilter filter) {
            List<String> seen = new ArrayList<>();
            String cursor = null;
            do {
                IncidentPage page = listed.listMatching(filter, 2, cursor);
                assertThat(page.incidents()).hasSizeLessThanOrEqualTo(2).allMatch(filter::matches);
                page.incidents().forEach(i -> seen.add(i.incidentId()));
                cursor = page.nextCursor();
            } while (cursor != null);
            return seen;
        }

        @Test
        void aServiceSeverityOrSourceListsOnlyItsIncidentsNewestFirstAcrossPages() {
            assertThat(all(new IncidentFilter(null, "checkout", null, null)))
                    .containsExactlyElementsOf(checkoutNewestFirst);
            assertThat(all(new IncidentFilter(null, null, Severity.LOW, null)))
                    .containsExactlyElementsOf(checkoutNewestFirst);
            assertThat(all(new IncidentFilter(IncidentStatus.RECEIVED, "checkout", Severity.LOW, AlertSource.GRAFANA)))
                    .containsExactlyElementsOf(checkoutNewestFirst);
            assertThat(all(new IncidentFilter(null, "buggy-app", null, AlertSource.GENERIC)))
                    .hasSize(25);
        }

        @Test
        void aTimeRangeKeepsSinceAndNotUntilAcrossPages() {
            List<String> newestFirst = all(IncidentFilter.ALL);
            // created at AT + 0 s … AT + 29 s, whole seconds: the bounds fall exactly on incidents
            assertThat(all(new IncidentFilter(null, null, null, null, AT.plusSeconds(10), AT.plusSeconds(20))))
                    .containsExactlyElementsOf(newestFirst.subList(10, 20));
            assertThat(all(new IncidentFilter(null, null, null, null, AT.plusSeconds(25), null)))
                    .containsExactlyElementsOf(newestFirst.subList(0, 5));
            assertThat(all(new IncidentFilter(null, null, null, null, null, AT.plusSeconds(3))))
                    .containsExactlyElementsOf(newestFirst.subList(27, 30));
            assertThat(all(new IncidentFilter(
                            null,
                            "checkout",
                            null,
                            null,
                            AT.plusSeconds(7),
                            AT.plusSeconds(21).plusMillis(500))))
                    .containsExactlyElementsOf(checkoutNewestFirst.subList(1, 4));
        }

        @Test
        void aWindowThatMovedPastTheCursorEndsTheListing() {
            // the board asks "since an hour ago" again on every refresh: a cursor from an older page can fall out
            String cursor = null;
            for (int page = 0; page < 12; page++) { // 24 of the 30 newest first: the cursor is at AT + 6 s
                cursor = listed.listMatching(IncidentFilter.ALL, 2, cursor).nextCursor();
            }

            IncidentPage moved = listed.listMatching(
                    new IncidentFilter(null, null, null, null, AT.plusSeconds(10), null), 2, cursor);

            assertThat(moved.incidents()).isEmpty();
            assertThat(moved.nextCursor()).isNull();
        }

        @Test
        void aFilterNothingPassesEndsWithoutACursor() {
            assertThat(all(new IncidentFilter(null, "checkout", Severity.CRITICAL, null)))
                    .isEmpty();
            assertThat(all(new IncidentFilter(IncidentStatus.RESOLVED, "checkout", null, null)))
                    .isEmpty();
        }
    }

    private String created() {
        String id = newId();
        store.create(received(id));
        return id;
    }

    static Incident withAlertCount(Incident i, int count) {
        return i.toBuilder().alertCount(count).build();
    }

    static Incident withEvidence(Incident i, Evidence evidence) {
        return i.toBuilder().evidence(evidence).build();
    }
}
