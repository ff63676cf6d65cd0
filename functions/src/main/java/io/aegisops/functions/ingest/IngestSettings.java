package io.aegisops.functions.ingest;

import io.aegisops.contracts.TargetsConfig;
import io.aegisops.functions.agents.AgentStatuses;
import io.aegisops.functions.config.Env;
import io.aegisops.functions.config.Refreshing;
import io.aegisops.functions.config.SecretSource;
import io.aegisops.functions.config.TargetsSource;
import io.aegisops.functions.ingest.normalise.AlertNormaliser;
import io.aegisops.functions.pipeline.PipelineSettings;
import java.time.Duration;
import java.util.Map;

/**
 * The ingest functions' configuration: {@code AEGIS_TABLE_PREFIX} (default {@code aegis-}),
 * {@code AEGIS_STATE_MACHINE_ARN}, the targets ({@link TargetsSource}), where the {@link Credentials} are read
 * from (approvers' roles also from the environment or a file: {@link Approvers#orFromEnvironment}) and how long they
 * are kept ({@link Refreshing#ttl}), {@code AEGIS_MAX_ALERTS_PER_REQUEST} (default 50: a
 * request with more is refused with 413), the runbook's settings the console shows
 * ({@link PipelineSettings#runbookMinSuccesses}, {@link PipelineSettings#autonomyMinApprovals}),
 * {@code AEGIS_AGENT_STALE_SECONDS} (default 600: an agent whose last liveness report is older is listed stale) and
 * the console's origin ({@link ConsoleOrigin}). No secret is read here: {@link IngestComponents} reads them on first
 * use.
 */
public record IngestSettings(
        String tablePrefix,
        String stateMachineArn,
        TargetsConfig targets,
        SecretSource secrets,
        Duration secretsTtl,
        int maxAlertsPerRequest,
        int runbookMinSuccesses,
        int autonomyMinApprovals,
        Duration agentStaleAfter,
        ConsoleOrigin consoleOrigin) {

    public static final String TABLE_PREFIX = PipelineSettings.TABLE_PREFIX;
    public static final String STATE_MACHINE_ARN = "AEGIS_STATE_MACHINE_ARN";
    public static final String MAX_ALERTS_PER_REQUEST = "AEGIS_MAX_ALERTS_PER_REQUEST";
    public static final String AGENT_STALE_SECONDS = "AEGIS_AGENT_STALE_SECONDS";

    /** @throws IllegalStateException naming {@link #STATE_MACHINE_ARN} when it is not set */
    static String stateMachineArn(Map<String, String> env) {
        String arn = env.get(STATE_MACHINE_ARN);
        if (arn == null || arn.isBlank()) {
            throw new IllegalStateException(STATE_MACHINE_ARN + " is not set");
        }
        return arn;
    }

    /**
     * @throws IllegalStateException naming the variable when a required one is missing
     * @throws IllegalArgumentException when the targets or a number are malformed
     */
    public static IngestSettings load(Map<String, String> env, SecretSource secrets) {
        return new IngestSettings(
                PipelineSettings.tablePrefix(env),
                stateMachineArn(env),
                TargetsSource.load(env),
                Approvers.orFromEnvironment(secrets, env),
                Refreshing.ttl(env),
                Env.wholeNumber(env, MAX_ALERTS_PER_REQUEST, AlertNormaliser.DEFAULT_MAX_ALERTS_PER_REQUEST, 1),
                PipelineSettings.runbookMinSuccesses(env),
                PipelineSettings.autonomyMinApprovals(env),
                Duration.ofSeconds(Env.wholeNumber(
                        env, AGENT_STALE_SECONDS, (int) AgentStatuses.DEFAULT_STALE_AFTER.toSeconds(), 1)),
                ConsoleOrigin.fromEnv(env));
    }
}
