package io.aegisops.contracts.tables;

import java.util.List;

/** The single source of truth for AegisOps's DynamoDB tables. */
public final class Tables {

    /** Incidents by id; the {@code byStatus} index lists incidents of one status newest first. */
    public static final TableDefinition INCIDENTS = new TableDefinition(
            "incidents",
            KeyAttribute.string("incidentId"),
            null,
            List.of(
                    new IndexDefinition("byStatus", KeyAttribute.string("status"), KeyAttribute.string("createdAt")),
                    new IndexDefinition(
                            "byCreated", KeyAttribute.string("listPartition"), KeyAttribute.string("createdAt"))),
            null,
            true);

    /** Commands per edge host; the agent queries its own partition. Old items expire through {@code ttl}. */
    public static final TableDefinition COMMANDS = new TableDefinition(
            "commands", KeyAttribute.string("hostId"), KeyAttribute.string("commandId"), List.of(), "ttl", false);

    /** What worked, per signature (alert type + service). */
    public static final TableDefinition RUNBOOK =
            new TableDefinition("runbook", KeyAttribute.string("signature"), null, List.of(), null, true);

    /**
     * Control items keyed by a string: the open-incident marker per target and alert type, and the
     * restart budget per target. Both are written with conditional expressions; markers expire via {@code ttl}.
     */
    public static final TableDefinition CONTROL =
            new TableDefinition("control", KeyAttribute.string("pk"), null, List.of(), "ttl", false);

    /**
     * One liveness item per edge host ({@code AgentLiveness}), written by the host's agent under the same per-host
     * IAM condition as its commands; a host that stopped reporting a week ago expires through {@code ttl}.
     */
    public static final TableDefinition AGENTS =
            new TableDefinition("agents", KeyAttribute.string("hostId"), null, List.of(), "ttl", false);

    public static final List<TableDefinition> ALL = List.of(INCIDENTS, COMMANDS, RUNBOOK, CONTROL, AGENTS);

    /** The default name prefix; deployments and tests may choose another. */
    public static final String DEFAULT_PREFIX = "aegis-";

    private Tables() {}

    /** The physical table name for a definition under a prefix, for example {@code aegis-incidents}. */
    public static String named(String prefix, TableDefinition table) {
        return prefix + table.baseName();
    }
}
