package io.aegisops.functions.remediate;

import io.aegisops.contracts.Action;
import io.aegisops.contracts.Command;
import io.aegisops.contracts.ContainerState;
import io.aegisops.contracts.Decision;
import io.aegisops.contracts.DecisionMode;
import io.aegisops.contracts.Diagnosis;
import io.aegisops.contracts.Evidence;
import io.aegisops.contracts.Incident;
import io.aegisops.contracts.IncidentStatus;
import io.aegisops.contracts.Target;
import io.aegisops.contracts.TimelineEntry;
import io.aegisops.contracts.TimelineStage;
import io.aegisops.contracts.logging.EventLog;
import io.aegisops.functions.commands.CommandQueue;
import io.aegisops.functions.commands.Commands;
import io.aegisops.functions.diagnose.Recovery;
import io.aegisops.functions.pipeline.CommandDispatch;
import io.aegisops.functions.pipeline.Pipeline;
import io.aegisops.functions.policy.Policy;
import io.aegisops.functions.policy.PolicyRule;
import io.aegisops.functions.policy.PolicySettings;
import io.aegisops.functions.policy.PolicyVerdict;
import io.aegisops.functions.policy.RestartBudgetStore;
import io.aegisops.functions.policy.RestartLedger;
import io.aegisops.functions.policy.Trust;
import io.aegisops.functions.store.IncidentStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The one remedy of an incident (the diagnosis's action: RESTART, ROLLBACK, SCALE_UP or STOP), under the policy. In
 * order:
 * <ol>
 *   <li>the decision the state machine routed here must be AUTO or APPROVAL;</li>
 *   <li>the policy decides again (with what people said of the pattern, read again), on the ledger of the target's budget it then writes (compare-and-set, once per
 *       command; every remedy counts): a dry run (decision or shadow mode) reads the ledger and takes no budget;</li>
 *   <li>a remedy that needs approval (the policy says APPROVAL, as it always does for ROLLBACK and STOP, or it was
 *       routed as one) needs the incident's {@link TimelineStage#APPROVED} entry after its last decision;</li>
 *   <li>one command of the action's type, carrying the task token, for the configured target's host; its id is
 *       {@code <incidentId>#<action>#1}, so a retried Remediate finds it instead of adding a second.</li>
 * </ol>
 * Before all of that, a re-check taken at approval that shows the alert's sign gone ({@link Recovery}) stops the
 * remedy with {@code Aegis.Recovered}. Refusals write a timeline entry and throw {@code Aegis.BudgetExhausted} (budget, cooldown) or
 * {@code Aegis.NotAllowed} (everything else), and nothing is queued.
 */
public final class Remediator {

    private static final EventLog LOG = EventLog.of(Remediator.class);

    private final IncidentStore incidents;
    private final RestartBudgetStore budgets;
    private final CommandDispatch dispatch;
    private final Trust.Lookup trust;
    private final PolicySettings policy;
    private final int stopTimeoutSeconds;

    /** @param trust what people said of a pattern (alert type, service, action), read for each remedy */
    public Remediator(
            IncidentStore incidents,
            RestartBudgetStore budgets,
            CommandDispatch dispatch,
            Trust.Lookup trust,
            PolicySettings policy,
            int stopTimeoutSeconds) {
        this.incidents = incidents;
        this.budgets = budgets;
        this.dispatch = dispatch;
        this.trust = trust;
        this.policy = policy;
        this.stopTimeoutSeconds = stopTimeoutSeconds;
    }

    /** What was queued, as the handler answers it. */
    public record Submitted(String commandId, String hostId, boolean dryRun, CommandQueue.Submission submission) {}

    /**
     * @param routed the decision the state machine routed on ({@code $.analysis.decision})
     * @param recheck the second look taken when a person approved ({@code $.analysis.recheck}), null when none was
     *     taken (AUTO, or the approver forced the remedy)
     * @throws Aegis.Recovered       the re-check shows what the alert said gone: nothing is queued, no budget taken
     * @throws Aegis.NotAllowed      outside the allowlist or the policy, not routed to a remedy, or not approved
     * @throws Aegis.BudgetExhausted the budget or the cooldown refuses
     */
    public Submitted remediate(
            String incidentId,
            Target target,
            Diagnosis diagnosis,
            Decision routed,
            Evidence recheck,
            String taskToken,
            Instant now) {
        Incident incident =
                incidents.get(incidentId).orElseThrow(() -> new IllegalArgumentException("no incident " + incidentId));
        ContainerState observed = Pipeline.observed(incident);
        String rechecked = "";
        if (recheck != null) {
            Recovery.Verdict found = Recovery.of(incident.alert(), observed, recheck);
            if (found.recovered()) {
                String why = "healthy at approval (" + found.reason() + "): " + diagnosis.action()
                        + " not run; approve with force to act on a healthy target";
                record(incidentId, now, why);
                LOG.info("remediation.recovered", "incidentId", incidentId, "action", diagnosis.action());
                throw new Aegis.Recovered(why);
            }
            rechecked = "; re-checked at approval: " + found.reason();
        }
        boolean dryRun = routed.dryRun() || policy.shadowMode();
        boolean approved = isApproved(incident);
        Trust people = trust.of(
                incident.alert() == null ? null : incident.alert().alertType(), target.service(), diagnosis.action());
        Function<RestartLedger, PolicyVerdict> decide = ledger -> gate(
                Policy.decide(
                        target,
                        diagnosis,
                        incident.alert() == null ? null : incident.alert().severity(),
                        observed,
                        ledger,
                        people,
                        policy,
                        now),
                routed.mode(),
                approved);

        Action action = diagnosis.action();
        String commandId = Command.idFor(incidentId, Commands.stepOf(action), 1);
        PolicyVerdict verdict = dryRun
                ? decide.apply(budgets.ledger(target.service()))
                : budgets.consume(target.service(), target.restartBudget(), commandId, now, decide)
                        .verdict();
        if (!verdict.permitsAction()) {
            throw refuse(incidentId, now, verdict);
        }
        String rollbackTo = observed == null ? null : observed.previousImage();
        Command remedy = Commands.remediation(
                incidentId, target, action, rollbackTo, taskToken, stopTimeoutSeconds, dryRun, now);
        CommandDispatch.Dispatched sent = dispatch.send(
                remedy,
                "remediation.requested",
                IncidentStatus.REMEDIATING,
                TimelineStage.REMEDIATION,
                (dryRun ? "dry-run " : "") + action + " of " + target.container()
                        + (action == Action.ROLLBACK && rollbackTo != null ? " to " + rollbackTo : "") + " sent to "
                        + target.hostId() + " (" + verdict.rule() + rechecked + ")",
                now);
        return new Submitted(sent.commandId(), sent.hostId(), dryRun, sent.submission());
    }

    /**
     * The policy's verdict, refused when the routed mode is not a remedy, or when a remedy needing approval has
     * none. Pure.
     */
    static PolicyVerdict gate(PolicyVerdict verdict, DecisionMode routed, boolean approved) {
        if (routed != DecisionMode.AUTO && routed != DecisionMode.APPROVAL) {
            return refusal(
                    verdict,
                    PolicyRule.NOT_ROUTED_TO_REMEDY,
                    "the decision was routed as " + routed + ", not as a remedy");
        }
        if (!verdict.permitsAction()) {
            return verdict;
        }
        if (verdict.mode() == DecisionMode.APPROVAL && routed != DecisionMode.APPROVAL) {
            return refusal(
                    verdict, PolicyRule.APPROVAL_MISSING, "the remedy needs approval but was routed as " + routed);
        }
        boolean needsApproval = verdict.mode() == DecisionMode.APPROVAL || routed == DecisionMode.APPROVAL;
        if (needsApproval && !approved) {
            return refusal(
                    verdict, PolicyRule.APPROVAL_MISSING, "the remedy needs approval and the incident records none");
        }
        return verdict;
    }

    /** A human approved the remedy: an {@link TimelineStage#APPROVED} entry after the last decision entry. */
    static boolean isApproved(Incident incident) {
        boolean approved = false;
        for (TimelineEntry entry : incident.timeline()) {
            if (entry.is(TimelineStage.DECISION)) {
                approved = false;
            } else if (entry.is(TimelineStage.APPROVED)) {
                approved = true;
            }
        }
        return approved;
    }

    private static PolicyVerdict refusal(PolicyVerdict verdict, PolicyRule rule, String reason) {
        List<String> reasons = new ArrayList<>(verdict.decision().reasons());
        reasons.add(reason);
        return new PolicyVerdict(
                new Decision(DecisionMode.ESCALATE, reasons, verdict.decision().dryRun()), rule);
    }

    /** A remediation entry on the timeline, best effort: the error that follows must reach the state machine. */
    private void record(String incidentId, Instant now, String detail) {
        try {
            incidents.update(
                    incidentId, i -> i.status().isTerminal() ? i : i.withEvent(now, TimelineStage.REMEDIATION, detail));
        } catch (RuntimeException notRecorded) {
            LOG.warn(
                    "remediation.entryNotRecorded",
                    "incidentId",
                    incidentId,
                    "error",
                    notRecorded.getClass().getSimpleName());
        }
    }

    /** Records the refusal and names it. */
    private RuntimeException refuse(String incidentId, Instant now, PolicyVerdict verdict) {
        String reasons = String.join("; ", verdict.decision().reasons());
        record(incidentId, now, "refused: " + reasons);
        LOG.warn("remediation.refused", "incidentId", incidentId, "rule", verdict.rule());
        return verdict.rule().isBudgetRefusal() ? new Aegis.BudgetExhausted(reasons) : new Aegis.NotAllowed(reasons);
    }
}
