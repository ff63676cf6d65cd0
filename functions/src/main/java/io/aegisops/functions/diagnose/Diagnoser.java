package io.aegisops.functions.diagnose;

import io.aegisops.contracts.Action;
import io.aegisops.contracts.Diagnosis;
import io.aegisops.contracts.Evidence;
import io.aegisops.contracts.NormalisedAlert;
import io.aegisops.contracts.RunbookEntry;
import io.aegisops.contracts.Target;
import io.aegisops.functions.llm.ModelAdvisor;
import io.aegisops.functions.llm.ModelRequest;
import io.aegisops.functions.redact.Redactor;
import io.aegisops.functions.runbook.RunbookLearning;
import io.aegisops.functions.runbook.RunbookStore;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Diagnosis in three steps: the runbook when it has earned it (no model call), else a model when one is
 * configured and answers validly, else the deterministic rules. The result carries its source and latency.
 *
 * <p>The model's vocabulary is the target's allowed actions plus NOOP and ESCALATE, which never touch a
 * container: a model must always be able to say "leave it" or "ask a human".
 */
public final class Diagnoser {

    private final RunbookStore runbook;
    private final Optional<ModelAdvisor> model;
    private final int runbookMinSuccesses;
    private final int maxLogChars;
    private final double unconfirmedCeiling;
    private final LongSupplier nanoTime;

    /** @param unconfirmedCeiling see {@link io.aegisops.functions.policy.PolicySettings#unconfirmedCeiling()} */
    public Diagnoser(RunbookStore runbook, Optional<ModelAdvisor> model, int runbookMinSuccesses, int maxLogChars,
                     double unconfirmedCeiling, LongSupplier nanoTime) {
        this.runbook = runbook;
        this.model = model;
        this.runbookMinSuccesses = runbookMinSuccesses;
        this.maxLogChars = maxLogChars;
        this.unconfirmedCeiling = unconfirmedCeiling;
        this.nanoTime = nanoTime;
    }

    /** {@code target} is null for a service that is not configured: then only the rules speak. */
    public Diagnosis diagnose(NormalisedAlert alert, Target target, Evidence evidence) {
        long started = nanoTime.getAsLong();
        Optional<Diagnosis> found = Optional.empty();
        if (target != null) {
            found = RunbookLearning.diagnose(runbook.find(RunbookEntry.signatureOf(alert.alertType(), target.service())), runbookMinSuccesses);
            if (found.isEmpty() && model.isPresent()) {
                found = model.get().advise(requestFor(alert, target, evidence));
            }
        }
        Diagnosis d = found.orElseGet(() -> DiagnosisRules.diagnose(alert, evidence, unconfirmedCeiling));
        long latencyMs = (nanoTime.getAsLong() - started) / 1_000_000;
        return new Diagnosis(d.rootCause(), d.action(), d.confidence(), d.justification(), d.evidence(), d.source(), d.model(), latencyMs);
    }

    /** What a model may see: redacted, the newest {@code maxLogChars} of the logs, and its action enum. */
    ModelRequest requestFor(NormalisedAlert alert, Target target, Evidence evidence) {
        StringBuilder logs = new StringBuilder();
        if (alert.logs() != null) {
            logs.append(alert.logs());
        }
        if (evidence != null && evidence.logs() != null) {
            logs.append(logs.isEmpty() ? "" : "\n").append(evidence.logs());
        }
        Set<Action> actions = EnumSet.of(Action.NOOP, Action.ESCALATE);
        actions.addAll(target.allowedActions());
        return new ModelRequest(target.service(), alert.alertType(), alert.severity(), Redactor.redactAndKeepTail(alert.summary(), 1_000),
                evidence != null && evidence.available() ? evidence.container() : null,
                Redactor.redactAndKeepTail(logs.toString(), maxLogChars), actions);
    }
}
