package io.aegisops.local.stack;

import io.aegisops.contracts.Incident;
import io.aegisops.contracts.IncidentStatus;
import io.aegisops.contracts.TimelineStage;
import io.aegisops.contracts.tables.Tables;
import io.aegisops.functions.store.DynamoIncidentStore;
import io.aegisops.functions.store.DynamoOpenIncidents;
import io.aegisops.functions.store.IncidentPage;
import io.aegisops.functions.store.IncidentStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * With a data directory, incidents outlive the stack but their executions do not (the Step Functions engine
 * keeps them in memory). An incident that was open when the stack stopped has nobody left to finish it, and
 * its open-incident marker would make the next alert of its kind attach to it for a day. At start-up such
 * incidents are escalated, said so on their timeline, and their markers released.
 */
final class StrandedIncidents {

    private StrandedIncidents() {}

    /** @return the ids of the incidents escalated */
    static List<String> escalate(DynamoDbClient dynamo, String tablePrefix, Clock clock) {
        String incidentsTable = Tables.named(tablePrefix, Tables.INCIDENTS);
        IncidentStore incidents = new DynamoIncidentStore(dynamo, incidentsTable);
        DynamoOpenIncidents markers =
                new DynamoOpenIncidents(dynamo, incidentsTable, Tables.named(tablePrefix, Tables.CONTROL));
        List<String> escalated = new ArrayList<>();
        for (IncidentStatus status : IncidentStatus.values()) {
            if (status.isTerminal()) {
                continue;
            }
            String cursor = null;
            do {
                IncidentPage page = incidents.list(status, 100, cursor);
                for (Incident open : page.incidents()) {
                    incidents.update(
                            open.incidentId(),
                            current -> current.status().isTerminal()
                                    ? current
                                    : current.toBuilder()
                                            .status(IncidentStatus.ESCALATED)
                                            .build()
                                            .withEvent(
                                                    clock.instant(),
                                                    TimelineStage.STACK_RESTARTED,
                                                    "the embedded stack stopped while this incident was "
                                                            + current.status()
                                                            + "; its execution is gone, so a human takes it from here"));
                    incidents.takeApprovalToken(open.incidentId()); // its task is gone with the execution
                    if (open.target() != null && open.alert() != null) {
                        markers.release(open.target().service(), open.alert().alertType(), open.incidentId());
                    }
                    escalated.add(open.incidentId());
                }
                cursor = page.nextCursor();
            } while (cursor != null);
        }
        return escalated;
    }
}
