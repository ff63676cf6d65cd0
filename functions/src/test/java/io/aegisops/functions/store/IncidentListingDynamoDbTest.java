package io.aegisops.functions.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aegisops.contracts.Incident;
import io.aegisops.contracts.IncidentStatus;
import io.aegisops.contracts.tables.Tables;
import io.aegisops.testsupport.LocalDynamoDb;
import io.aegisops.testsupport.DynamoDbExtension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** DynamoDB engine: incidents listed newest first, in pages, optionally of one status (tables of its own). */
@ExtendWith(DynamoDbExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IncidentListingDynamoDbTest {

    private static final Instant AT = Instant.parse("2026-11-21T03:12:45Z");

    private final IncidentStore store;
    private final List<String> resolvedNewestFirst = new ArrayList<>();

    IncidentListingDynamoDbTest(LocalDynamoDb dynamo) {
        this.store = new DynamoIncidentStore(dynamo.client(), dynamo.table(Tables.INCIDENTS));
    }

    @BeforeAll
    void fiveIncidentsTwoOfThemResolved() {
        for (int i = 0; i < 5; i++) {
            String id = IncidentStoreDynamoDbTest.newId();
            Incident incident = IncidentStoreDynamoDbTest.received(id).toBuilder()
                    .createdAt(AT.plusSeconds(i))
                    .status(i % 2 == 0 ? IncidentStatus.RECEIVED : IncidentStatus.RESOLVED)
                    .build();
            store.create(incident);
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
            IncidentPage page = store.list(null, 2, cursor);
            assertThat(page.incidents()).hasSizeLessThanOrEqualTo(2);
            seen.addAll(page.incidents());
            cursor = page.nextCursor();
        } while (cursor != null);

        assertThat(seen).hasSize(5);
        assertThat(seen).extracting(Incident::createdAt).isSortedAccordingTo((a, b) -> b.compareTo(a));
    }

    @Test
    void aStatusFilterListsOnlyThatStatus() {
        IncidentPage page = store.list(IncidentStatus.RESOLVED, 10, null);

        assertThat(page.incidents()).extracting(Incident::incidentId).containsExactlyElementsOf(resolvedNewestFirst);
    }

    @Test
    void aForgedOrMismatchedCursorIsRefused() {
        String cursorOfAll = store.list(null, 1, null).nextCursor();

        assertThatThrownBy(() -> store.list(null, 1, "not-a-cursor")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.list(IncidentStatus.RESOLVED, 1, cursorOfAll)).isInstanceOf(IllegalArgumentException.class);
        String cursorOfResolved = store.list(IncidentStatus.RESOLVED, 1, null).nextCursor();
        assertThatThrownBy(() -> store.list(IncidentStatus.RECEIVED, 1, cursorOfResolved)).isInstanceOf(IllegalArgumentException.class);
    }
}
