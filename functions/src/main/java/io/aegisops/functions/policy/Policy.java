package io.aegisops.functions.policy;

import io.aegisops.contracts.Action;
import io.aegisops.contracts.ContainerState;
import io.aegisops.contracts.Decision;
import io.aegisops.contracts.DecisionMode;
import io.aegisops.contracts.Diagnosis;
import io.aegisops.contracts.DiagnosisSource;
import io.aegisops.contracts.ScaleUpBounds;
import io.aegisops.contracts.Severity;
import io.aegisops.contracts.Target;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The safety policy: a pure function of the target's configuration, the diagnosis, the alert's severity, what the
 * evidence saw of the target, the target's remediation history, the global settings and the clock. Refusals are
 * checked first and the first one wins; every decision lists the reasons it was made.
 *
 * <p>Per action: NOOP and ESCALATE never touch a container, so they need no allowlisting. RESTART runs on its own
 * when confident enough. SCALE_UP likewise, but only for a target with scale-up bounds whose observed limits are not
 * already at them. ROLLBACK and STOP always ask a human. Every action that changes the container is listed in the
 * target's catalog ({@code allowedActions}) and counts against one budget (the "restart budget", which counts
 * rollbacks, scale-ups and stops too) and its cooldown.
 *
 * <p>Autonomy is earned from people ({@link Trust}): a remedy the runbook proposes from what worked before, a
 * ROLLBACK or a STOP, and any remedy of a pattern people rejected or whose remedy failed its verification, runs
 * without a human only once people have approved it enough times in a row, each verified healthy. A confident
 * diagnosis of the evidence (the rules, or a model they back) for a pattern with nothing against it decides as
 * before.
 */
public final class Policy {

    /**
     * Actions a human approves until people have earned the pattern AUTO: a rollback replaces the container and a
     * stop takes the service down.
     */
    private static final Set<Action> HUMAN_ONLY = EnumSet.of(Action.ROLLBACK, Action.STOP);

    private Policy() {}

    /** The decision for a pattern nobody has decided on yet ({@link Trust#none}). */
    public static PolicyVerdict decide(
            Target target,
            Diagnosis diagnosis,
            Severity severity,
            ContainerState observed,
            RestartLedger ledger,
            PolicySettings settings,
            Instant now) {
        return decide(
                target, diagnosis, severity, observed, ledger, Trust.none(Trust.DEFAULT_MIN_APPROVALS), settings, now);
    }

    /**
     * @param observed the target as the evidence saw it (null without evidence); SCALE_UP reads its limits
     * @param trust    what people said of this pattern (alert type, service, the diagnosis's action)
     */
    public static PolicyVerdict decide(
            Target target,
            Diagnosis diagnosis,
            Severity severity,
            ContainerState observed,
            RestartLedger ledger,
            Trust trust,
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
            case RESTART, ROLLBACK, SCALE_UP, STOP -> {
                // checked below
            }
        }
        if (!target.allowedActions().contains(action)) {
            reasons.add(
                    action + " is not allowed for " + target.service() + " (allowed: " + target.allowedActions() + ")");
            return verdict(DecisionMode.ESCALATE, PolicyRule.ACTION_NOT_ALLOWED, reasons, dryRun);
        }
        reasons.add(action + " is allowed for " + target.service());

        if (action == Action.SCALE_UP) {
            String outOfBounds = scaleUpRefusal(target, observed);
            if (outOfBounds != null) {
                reasons.add(outOfBounds);
                return verdict(DecisionMode.ESCALATE, PolicyRule.OUT_OF_BOUNDS, reasons, dryRun);
            }
            reasons.add("SCALE_UP stays within the bounds of " + target.service() + " " + describe(target.scaleUp()));
        }

        double confidence = diagnosis.confidence();
        if (confidence < settings.minConfidence()) {
            reasons.add("confidence " + format(confidence) + " is below " + format(settings.minConfidence()));
            return verdict(DecisionMode.ESCALATE, PolicyRule.LOW_CONFIDENCE, reasons, dryRun);
        }

        int used = ledger.usedIn(target.restartBudget(), now);
        int max = target.restartBudget().max();
        String budget = "restart budget " + used + "/" + max + " used in "
                + target.restartBudget().windowMinutes() + " min";
        String counts = " (every action that changes the container counts)";
        if (used >= max) {
            reasons.add(budget + ": exhausted" + counts);
            return verdict(DecisionMode.ESCALATE, PolicyRule.BUDGET_EXHAUSTED, reasons, dryRun);
        }
        reasons.add(budget + counts);

        Duration cooldown = settings.cooldown();
        var last = ledger.lastRestart();
        if (last.isPresent() && last.get().plus(cooldown).isAfter(now)) {
            reasons.add("last action on the container "
                    + Duration.between(last.get(), now).toSeconds() + " s ago, within the " + cooldown.toSeconds()
                    + " s cooldown");
            return verdict(DecisionMode.ESCALATE, PolicyRule.COOLDOWN, reasons, dryRun);
        }

        PolicyRule approvalRule = approvalFromPeople(action, diagnosis.source(), trust, reasons);
        if (confidence < settings.autoConfidence()) {
            reasons.add("confidence " + format(confidence) + " is below " + format(settings.autoConfidence())
                    + ": needs approval");
            approvalRule = approvalRule == null ? PolicyRule.CONFIDENCE_NEEDS_APPROVAL : approvalRule;
        } else {
            reasons.add("confidence " + format(confidence) + " is at least " + format(settings.autoConfidence()));
        }
        if (severity != null && target.approvalSeverities().contains(severity)) {
            reasons.add("severity " + severity + " needs approval for " + target.service());
            approvalRule = approvalRule == null ? PolicyRule.SEVERITY_NEEDS_APPROVAL : approvalRule;
        }
        return approvalRule != null
                ? verdict(DecisionMode.APPROVAL, approvalRule, reasons, dryRun)
                : verdict(DecisionMode.AUTO, PolicyRule.WITHIN_POLICY, reasons, dryRun);
    }

    /**
     * APPROVAL until people have earned the pattern AUTO, for what must earn it: a ROLLBACK or STOP, a remedy the
     * runbook proposes, a pattern people rejected or whose remedy failed its verification. Null when people's say is
     * not needed or has been given; the reasons say which.
     */
    private static PolicyRule approvalFromPeople(
            Action action, DiagnosisSource source, Trust trust, List<String> reasons) {
        String needs;
        PolicyRule rule;
        if (HUMAN_ONLY.contains(action)) {
            needs = action + " needs people's approval until they earn it AUTO for this pattern";
            rule = PolicyRule.ACTION_NEEDS_APPROVAL;
        } else if (source == DiagnosisSource.RUNBOOK) {
            needs = "runbook match";
            rule = PolicyRule.AUTONOMY_NOT_EARNED;
        } else if (trust.demoted()) {
            needs = trust.disabledAt() != null ? "disabled by an operator" : "rejected or failed before";
            rule = PolicyRule.AUTONOMY_NOT_EARNED;
        } else {
            return null; // the evidence decides, as nothing people said stands against it
        }
        if (trust.earned()) {
            reasons.add(needs + ", " + trust.describe() + ": AUTO earned from people");
            return null;
        }
        reasons.add(needs + ", " + trust.describe() + ": needs approval");
        return rule;
    }

    /** Why a SCALE_UP of {@code target} would go beyond its bounds, or null when it stays within them. */
    private static String scaleUpRefusal(Target target, ContainerState observed) {
        ScaleUpBounds bounds = target.scaleUp();
        if (bounds == null) {
            return "SCALE_UP needs scale-up bounds for " + target.service() + " (scaleUp in the targets file)";
        }
        if (observed != null && bounds.nothingToRaise(observed.resources())) {
            return "SCALE_UP would go beyond the bounds of " + target.service() + " " + describe(bounds)
                    + ": the limits the evidence saw leave nothing to raise (at the maximum, or unlimited)";
        }
        return null;
    }

    private static String describe(ScaleUpBounds bounds) {
        List<String> parts = new ArrayList<>();
        if (bounds.maxMemoryMb() != null) {
            parts.add("memory +" + bounds.memoryStepMb() + " MiB up to " + bounds.maxMemoryMb() + " MiB");
        }
        if (bounds.maxCpus() != null) {
            parts.add("CPU +" + format(bounds.cpuStep()) + " up to " + format(bounds.maxCpus()) + " cores");
        }
        return "(" + String.join(", ", parts) + ")";
    }

    private static PolicyVerdict verdict(DecisionMode mode, PolicyRule rule, List<String> reasons, boolean dryRun) {
        return new PolicyVerdict(new Decision(mode, reasons, dryRun), rule);
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
