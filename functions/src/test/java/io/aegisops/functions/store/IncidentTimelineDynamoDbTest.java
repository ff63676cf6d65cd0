package io.aegisops.functions.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aegisops.contracts.Incident;
import io.aegisops.contracts.TimelineEntry;
import io.aegisops.contracts.tables.Tables;
import io.aegisops.testsupport.LocalDynamoDb;
import io.aegisops.testsupport.DynamoDbExtension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** DynamoDB engine: the atomic counter, timeline and execution updates never contend and never clobber. */
@ExtendWith(DynamoDbExtension.class)
class IncidentTimelineDynamoDbTest {

    private static final Instant AT = Instant.parse("2026-11-21T03:12:45Z");

    private final IncidentStore store;

    IncidentTimelineDynamoDbTest(LocalDynamoDb dynamo) {
        this.store = new DynamoIncidentStore(dynamo.client(), dynamo.table(Tables.INCIDENTS));
    }

    private String created() {
        String id = IncidentStoreDynamoDbTest.newId();
        store.create(IncidentStoreDynamoDbTest.received(id));
        return id;
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
            assertThat(stored.timeline()).filteredOn(e -> e.stage().equals("DUPLICATE")).hasSize(4);
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
    class RecordingTheExecution {
        @Test
        void theFirstArnIsKeptAndLaterOnesChangeNothing() {
            String id = created();

            assertThat(store.recordExecution(id, "arn:1", new TimelineEntry(AT, "EXECUTION_STARTED", "arn:1"))).isTrue();
            assertThat(store.recordExecution(id, "arn:2", new TimelineEntry(AT, "EXECUTION_STARTED", "arn:2"))).isFalse();

            Incident stored = store.get(id).orElseThrow();
            assertThat(stored.executionArn()).isEqualTo("arn:1");
            assertThat(stored.timeline()).extracting(TimelineEntry::detail).containsExactly("arn:1");
            assertThat(stored.version()).isEqualTo(1);
        }
    }
}
