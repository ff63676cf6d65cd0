package io.aegisops.functions.pipeline;

import io.aegisops.contracts.Action;
import io.aegisops.contracts.RunbookEntry;
import io.aegisops.contracts.Target;
import io.aegisops.contracts.TargetsConfig;
import io.aegisops.contracts.tables.Tables;
import io.aegisops.functions.config.Env;
import io.aegisops.functions.config.TargetsSource;
import io.aegisops.functions.policy.PolicySettings;
import io.aegisops.functions.policy.Trust;
import io.aegisops.functions.runbook.RunbookStore;
import java.time.Duration;
import java.util.Map;

/**
 * What the pipeline handlers read from their environment, parsed once per cold start.
 *
 * @param runbookMinSuccesses net verified successes before the runbook decides alone ({@code AEGIS_RUNBOOK_MIN_SUCCESSES})
 * @param autonomyMinApprovals approvals in a row, each verified, before a pattern that must earn AUTO may run without
 *     a human ({@link Trust#MIN_APPROVALS})
 * @param evidenceLogLines    log lines the agent returns for INSPECT ({@code AEGIS_EVIDENCE_LOG_LINES})
 * @param stopTimeoutSeconds  the grace period a RESTART gives the container ({@code AEGIS_RESTART_STOP_TIMEOUT_SECONDS})
 * @param probeAttempts       HTTP attempts per PROBE command ({@code AEGIS_PROBE_ATTEMPTS})
 */
public record PipelineSettings(
        String tablePrefix,
        TargetsConfig targets,
        PolicySettings policy,
        int runbookMinSuccesses,
        int autonomyMinApprovals,
        int evidenceLogLines,
        int stopTimeoutSeconds,
        int probeAttempts) {

    public static final String TABLE_PREFIX = "AEGIS_TABLE_PREFIX";
    public static final String RUNBOOK_MIN_SUCCESSES = "AEGIS_RUNBOOK_MIN_SUCCESSES";
    public static final String EVIDENCE_LOG_LINES = "AEGIS_EVIDENCE_LOG_LINES";
    public static final String STOP_TIMEOUT_SECONDS = "AEGIS_RESTART_STOP_TIMEOUT_SECONDS";
    public static final String PROBE_ATTEMPTS = "AEGIS_PROBE_ATTEMPTS";

    public PipelineSettings {
        for (Target target : targets.targets()) {
            Duration window = Duration.ofMinutes(target.restartBudget().windowMinutes());
            if (policy.cooldown().compareTo(window) > 0) {
                throw new IllegalArgumentException(
                        PolicySettings.COOLDOWN_SECONDS + "="
                                + policy.cooldown().toSeconds()
                                + " is longer than the restart budget window of " + target.service() + " ("
                                + window.toMinutes()
                                + " min): the budget forgets restarts older than its window, so the cooldown would be cut short");
            }
        }
    }

    /**
     * What people said of the pattern {@code alertType} on {@code service} remedied by {@code action}, from the
     * runbook: nothing for an action that is no remedy or an alert without a type.
     */
    public Trust trust(RunbookStore runbook, String alertType, String service, Action action) {
        return alertType == null || service == null || action == null || !action.changesTarget()
                ? Trust.none(autonomyMinApprovals)
                : Trust.of(runbook.find(RunbookEntry.signatureOf(alertType, service, action)), autonomyMinApprovals);
    }

    public static PipelineSettings fromEnv(Map<String, String> env) {
        return new PipelineSettings(
                tablePrefix(env),
                TargetsSource.load(env),
                PolicySettings.fromEnv(env),
                runbookMinSuccesses(env),
                autonomyMinApprovals(env),
                Env.wholeNumber(env, EVIDENCE_LOG_LINES, 200, 0),
                Env.wholeNumber(env, STOP_TIMEOUT_SECONDS, 10, 0),
                Env.wholeNumber(env, PROBE_ATTEMPTS, 3, 1));
    }

    /** {@code AEGIS_RUNBOOK_MIN_SUCCESSES}, default 2. */
    public static int runbookMinSuccesses(Map<String, String> env) {
        return Env.wholeNumber(env, RUNBOOK_MIN_SUCCESSES, 2, 1);
    }

    /** {@code AEGIS_AUTONOMY_MIN_APPROVALS} ({@link Trust#MIN_APPROVALS}), default 3. */
    public static int autonomyMinApprovals(Map<String, String> env) {
        return Env.wholeNumber(env, Trust.MIN_APPROVALS, Trust.DEFAULT_MIN_APPROVALS, 1);
    }

    /**
     * Only the table prefix ({@code AEGIS_TABLE_PREFIX}, default {@code aegis-}), for the handlers that need
     * nothing else: a bad targets document or policy value must not stop them closing and reporting incidents.
     */
    public static String tablePrefix(Map<String, String> env) {
        String prefix = Env.text(env, TABLE_PREFIX);
        return prefix == null ? Tables.DEFAULT_PREFIX : prefix;
    }
}
