package io.aegisops.functions.policy;

import io.aegisops.functions.config.Env;
import java.time.Duration;
import java.util.Map;

/**
 * The global knobs of the safety policy. {@code shadowMode} is the dry run: every decision is made and
 * every command written, but with {@code dryRun: true}, so the agent only reports what it would do.
 *
 * @param autoConfidence confidence at or above which a restart may run without approval
 * @param minConfidence  confidence below which a diagnosis is escalated, never acted on
 * @param cooldown       the least time between two restarts of one target
 */
public record PolicySettings(double autoConfidence, double minConfidence, Duration cooldown, boolean shadowMode) {

    public static final String AUTO_CONFIDENCE = "AEGIS_AUTO_CONFIDENCE";
    public static final String MIN_CONFIDENCE = "AEGIS_MIN_CONFIDENCE";
    public static final String COOLDOWN_SECONDS = "AEGIS_RESTART_COOLDOWN_SECONDS";
    public static final String SHADOW_MODE = "AEGIS_SHADOW_MODE";

    private static final double UNCONFIRMED_MARGIN = 0.05;

    public static final PolicySettings DEFAULTS = new PolicySettings(0.85, 0.5, Duration.ofSeconds(30), false);

    public PolicySettings {
        if (!(0 <= minConfidence && minConfidence <= autoConfidence && autoConfidence <= 1)) {
            throw new IllegalArgumentException(
                    "policy needs 0 <= " + MIN_CONFIDENCE + " <= " + AUTO_CONFIDENCE + " <= 1, was " + MIN_CONFIDENCE
                            + "=" + minConfidence + ", " + AUTO_CONFIDENCE + "=" + autoConfidence);
        }
        if (cooldown.isNegative()) {
            throw new IllegalArgumentException(COOLDOWN_SECONDS + " must not be negative");
        }
    }

    /**
     * The highest confidence of a restart nothing on the host confirms (a text-only rule against a healthy
     * container, a model the rules do not back): below the auto threshold, so a human approves it.
     */
    public double unconfirmedCeiling() {
        return Math.max(0, Math.round((autoConfidence - UNCONFIRMED_MARGIN) * 100) / 100.0);
    }

    /** Each variable is optional; a value that is set must be valid (see {@link Env}). */
    public static PolicySettings fromEnv(Map<String, String> env) {
        return new PolicySettings(
                Env.decimal(env, AUTO_CONFIDENCE, DEFAULTS.autoConfidence()),
                Env.decimal(env, MIN_CONFIDENCE, DEFAULTS.minConfidence()),
                Duration.ofSeconds(Env.wholeNumber(
                        env, COOLDOWN_SECONDS, (int) DEFAULTS.cooldown().toSeconds(), 0)),
                Env.bool(env, SHADOW_MODE, DEFAULTS.shadowMode()));
    }
}
