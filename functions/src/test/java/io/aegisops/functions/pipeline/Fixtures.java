package io.aegisops.functions.pipeline;

import io.aegisops.contracts.Action;
import io.aegisops.contracts.AlertSource;
import io.aegisops.contracts.AlertStatus;
import io.aegisops.contracts.Command;
import io.aegisops.contracts.Incident;
import io.aegisops.contracts.NormalisedAlert;
import io.aegisops.contracts.RestartBudget;
import io.aegisops.contracts.Severity;
import io.aegisops.contracts.Target;
import io.aegisops.contracts.TargetRef;
import io.aegisops.contracts.TargetsConfig;
import io.aegisops.contracts.dynamo.ItemMapper;
import io.aegisops.contracts.tables.Tables;
import io.aegisops.functions.policy.PolicySettings;
import io.aegisops.testsupport.LocalDynamoDb;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Targets, incidents and settings the handler tests share. */
public final class Fixtures {

    public static final Instant NOW = Instant.parse("2026-11-21T03:15:00Z");
    public static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    public static final Target BUGGY_APP = new Target(
            "buggy-app",
            "edge-1",
            "buggy-app",
            "http://127.0.0.1:8080/health",
            Set.of(Action.RESTART),
            Set.of(Severity.CRITICAL),
            RestartBudget.DEFAULT);
    /** A target the policy may never restart. */
    public static final Target READ_ONLY =
            new Target("ledger", "edge-2", "ledger-db", null, Set.of(), Set.of(), RestartBudget.DEFAULT);

    private Fixtures() {}

    public static PipelineSettings settings(PolicySettings policy) {
        return new PipelineSettings(
                "unused-", new TargetsConfig(List.of(BUGGY_APP, READ_ONLY)), policy, 2, 3, 200, 10, 3);
    }

    public static PipelineSettings settings() {
        return settings(new PolicySettings(0.85, 0.5, Duration.ofSeconds(30), false));
    }

    /** The command item as the agent reads it, or empty. */
    public static Optional<Command> command(LocalDynamoDb dynamo, String hostId, String commandId) {
        Map<String, AttributeValue> item = dynamo.client()
                .getItem(b -> b.tableName(dynamo.table(Tables.COMMANDS))
                        .consistentRead(true)
                        .key(Map.of(
                                "hostId", AttributeValue.fromS(hostId), "commandId", AttributeValue.fromS(commandId))))
                .item();
        return item == null || item.isEmpty()
                ? Optional.empty()
                : Optional.of(ItemMapper.fromItem(item, Command.class));
    }

    public static Stores stores(LocalDynamoDb dynamo) {
        return Stores.over(dynamo.client(), dynamo.tablePrefix());
    }

    public static String newIncidentId() {
        return "inc-test-" + UUID.randomUUID().toString().replace("-", "");
    }

    public static NormalisedAlert alert(String service, String alertType, Severity severity) {
        return new NormalisedAlert(
                AlertSource.ALERTMANAGER,
                AlertStatus.FIRING,
                alertType,
                severity,
                new TargetRef(service, service, null),
                "Heap above 85% of max for 2m",
                null,
                Map.of("alertname", alertType),
                Instant.parse("2026-11-21T03:12:45Z"),
                "c5d1e0f8a9b2",
                null);
    }

    /** A new incident as ingest stores it, created a minute before {@link #NOW}. */
    public static Incident received(String incidentId, String service, String alertType, Severity severity) {
        NormalisedAlert alert = alert(service, alertType, severity);
        return Incident.opened(incidentId, alert, alert.target(), null, NOW.minusSeconds(60)).toBuilder()
                .executionArn("arn:aws:states:us-east-1:000000000000:execution:aegis-pipeline:" + incidentId)
                .build();
    }

    public static Incident received(String incidentId) {
        return received(incidentId, "buggy-app", "HighMemoryUsage", Severity.HIGH);
    }
}
