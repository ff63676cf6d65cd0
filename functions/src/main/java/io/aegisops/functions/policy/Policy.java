package io.aegisops.functions.policy;

import io.aegisops.contracts.Action;
import io.aegisops.contracts.Decision;
import io.aegisops.contracts.DecisionMode;
import io.aegisops.contracts.Diagnosis;
import io.aegisops.contracts.Severity;
import io.aegisops.contracts.Target;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The safety policy: a pure function of the target's configuration, the diagnosis, the alert's severity,
 * the target's restart history, the global settings and the clock. Refusals are checked first and the
 * first one wins; every decision lists the reasons it was made.
 *
 * <p>NOOP and ESCALATE never touch a container, so they need no allowlisting; only RESTART does.
 */
public final class Policy {

    private Policy() {}

    public static PolicyVerdict decide(
            Target target,
            Diagnosis diagnosis,
            Severity severity,
            RestartLedger ledger,
            PolicySettings settings,
            Instant now) {
        List<String> reasons = new ArrayList<>();
        boolean dryRun = settings.shadowMode();
        if (dryRun) {
            reasons.add("shadow mode: commands are dry runs");
        }
        if (target == null) {
            reasons.add("the service is not a configured target");
            return verdict(DecisionMode.ESCALATE, PolicyRule.UNKNOWN_TARGET, reasons, dryRun);
        }
        Action action = diagnosis.action();
        switch (action) {
            case NOOP -> {
                reasons.add("the diagnosis proposes no action");
                return verdict(DecisionMode.NOOP, PolicyRule.NOOP_PROPOSED, reasons, dryRun);
            }
            case ESCALATE -> {
                reasons.add("the diagnosis proposes to escalate");
                return verdict(DecisionMode.ESCALATE, PolicyRule.ESCALATE_PROPOSED, reasons, dryRun);
            }
            case RESTART -> {
                // checked below
            }
        }
        if (!target.allowedActions().contains(action)) {
            reasons.add(
                    action + " is not allowed for " + target.service() + " (allowed: " + target.allowedActions() + ")");
            return verdict(DecisionMode.ESCALATE, PolicyRule.ACTION_NOT_ALLOWED, reasons, dryRun);
        }
        reasons.add(action + " is allowed for " + target.service());

        double confidence = diagnosis.confidence();
        if (confidence < settings.minConfidence()) {
            reasons.add("confidence " + format(confidence) + " is below " + format(settings.minConfidence()));
            return verdict(DecisionMode.ESCALATE, PolicyRule.LOW_CONFIDENCE, reasons, dryRun);
        }

        int used = ledger.usedIn(target.restartBudget(), now);
        int max = target.restartBudget().max();
        String budget = "restart budget " + used + "/" + max + " used in "
                + target.restartBudget().windowMinutes() + " min";
        if (used >= max) {
            reasons.add(budget + ": exhausted");
            return verdict(DecisionMode.ESCALATE, PolicyRule.BUDGET_EXHAUSTED, reasons, dryRun);
        }
        reasons.add(budget);

        Duration cooldown = settings.cooldown();
        var last = ledger.lastRestart();
        if (last.isPresent() && last.get().plus(cooldown).isAfter(now)) {
            reasons.add("last restart " + Duration.between(last.get(), now).toSeconds() + " s ago, within the "
                    + cooldown.toSeconds() + " s cooldown");
            return verdict(DecisionMode.ESCALATE, PolicyRule.COOLDOWN, reasons, dryRun);
        }

        PolicyRule approvalRule = null;
        if (confidence < settings.autoConfidence()) {
            reasons.add("confidence " + format(confidence) + " is below " + format(settings.autoConfidence())
                    + ": needs approval");
            approvalRule = PolicyRule.CONFIDENCE_NEEDS_APPROVAL;
        } else {
            reasons.add("confidence " + format(confidence) + " is at least " + format(settings.autoConfidence()));
        }
        if (severity != null && target.approvalSeverities().contains(severity)) {
            reasons.add("severity " + severity + " needs approval for " + target.service());
            if (approvalRule == null) {
                approvalRule = PolicyRule.SEVERITY_NEEDS_APPROVAL;
            }
        }
        return approvalRule != null
                ? verdict(DecisionMode.APPROVAL, approvalRule, reasons, dryRun)
                : verdict(DecisionMode.AUTO, PolicyRule.WITHIN_POLICY, reasons, dryRun);
    }

    private static PolicyVerdict verdict(DecisionMode mode, PolicyRule rule, List<String> reasons, boolean dryRun) {
        return new PolicyVerdict(new Decision(mode, reasons, dryRun), rule);
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
