package io.aegisops.functions.pipeline;

import io.aegisops.contracts.TargetsConfig;
import io.aegisops.contracts.tables.Tables;
import io.aegisops.functions.config.TargetsSource;
import io.aegisops.functions.policy.PolicySettings;
import java.util.Map;

/**
 * What the pipeline handlers read from their environment, parsed once per cold start.
 *
 * @param runbookMinSuccesses net verified successes before the runbook decides alone ({@code AEGIS_RUNBOOK_MIN_SUCCESSES})
 * @param evidenceLogLines    log lines the agent returns for INSPECT ({@code AEGIS_EVIDENCE_LOG_LINES})
 * @param stopTimeoutSeconds  the grace period a RESTART gives the container ({@code AEGIS_RESTART_STOP_TIMEOUT_SECONDS})
 * @param probeAttempts       HTTP attempts per PROBE command ({@code AEGIS_PROBE_ATTEMPTS})
 */
public record PipelineSettings(
        String tablePrefix,
        TargetsConfig targets,
        PolicySettings policy,
        int runbookMinSuccesses,
        int evidenceLogLines,
        int stopTimeoutSeconds,
        int probeAttempts) {

    public static final String TABLE_PREFIX = "AEGIS_TABLE_PREFIX";
    public static final String RUNBOOK_MIN_SUCCESSES = "AEGIS_RUNBOOK_MIN_SUCCESSES";
    public static final String EVIDENCE_LOG_LINES = "AEGIS_EVIDENCE_LOG_LINES";
    public static final String STOP_TIMEOUT_SECONDS = "AEGIS_RESTART_STOP_TIMEOUT_SECONDS";
    public static final String PROBE_ATTEMPTS = "AEGIS_PROBE_ATTEMPTS";

    public static PipelineSettings fromEnv(Map<String, String> env) {
        return new PipelineSettings(
                env.getOrDefault(TABLE_PREFIX, Tables.DEFAULT_PREFIX),
                TargetsSource.load(env),
                PolicySettings.fromEnv(env),
                integer(env, RUNBOOK_MIN_SUCCESSES, 2),
                integer(env, EVIDENCE_LOG_LINES, 200),
                integer(env, STOP_TIMEOUT_SECONDS, 10),
                integer(env, PROBE_ATTEMPTS, 3));
    }

    public String table(io.aegisops.contracts.tables.TableDefinition table) {
        return Tables.named(tablePrefix, table);
    }

    static int integer(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed < 0) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number >= 0, was '" + value + "'");
        }
    }
}
