package io.aegisops.functions.diagnose;

import io.aegisops.contracts.Action;
import io.aegisops.contracts.ContainerState;
import io.aegisops.contracts.Decision;
import io.aegisops.contracts.Diagnosis;
import io.aegisops.contracts.Evidence;
import io.aegisops.contracts.HealthReading;
import io.aegisops.contracts.NormalisedAlert;
import io.aegisops.contracts.RunbookEntry;
import io.aegisops.contracts.Target;
import io.aegisops.contracts.logging.EventLog;
import io.aegisops.contracts.redact.Redactor;
import io.aegisops.functions.llm.ModelAdvisor;
import io.aegisops.functions.llm.ModelRequest;
import io.aegisops.functions.runbook.RunbookLearning;
import io.aegisops.functions.runbook.RunbookStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Diagnosis in three steps: the runbook when it has earned it (no model call), else a model when one is
 * configured and answers validly, else the deterministic rules. The result carries its source and latency.
 *
 * <p>A model's RESTART is held against the rules' diagnosis of the same facts and capped when they do not
 * back it, so an answer obeying injected log text asks a human instead of restarting ({@link ModelCorroboration}).
 * A stale alert (the target restarted after it began and is healthy since) is settled by the rules alone.
 *
 * <p>The model's vocabulary is the target's allowed actions plus NOOP and ESCALATE, which never touch a
 * container: a model must always be able to say "leave it" or "ask a human".
 */
public final class Diagnoser {

    private static final EventLog LOG = EventLog.of(Diagnoser.class);

    private final RunbookStore runbook;
    private final Optional<ModelAdvisor> model;
    private final int runbookMinSuccesses;
    private final int maxLogChars;
    private final double unconfirmedCeiling;
    private final LongSupplier nanoTime;

    /** @param unconfirmedCeiling see {@link io.aegisops.functions.policy.PolicySettings#unconfirmedCeiling()} */
    public Diagnoser(
            RunbookStore runbook,
            Optional<ModelAdvisor> model,
            int runbookMinSuccesses,
            int maxLogChars,
            double unconfirmedCeiling,
            LongSupplier nanoTime) {
        this.runbook = runbook;
        this.model = model;
        this.runbookMinSuccesses = runbookMinSuccesses;
        this.maxLogChars = maxLogChars;
        this.unconfirmedCeiling = unconfirmedCeiling;
        this.nanoTime = nanoTime;
    }

    /**
     * A diagnosis, the reason it was capped when a model's restart lacked the rules' backing, and whether the runbook
     * was asked (a configured target, and evidence that did not settle the matter): a diagnosis from the runbook was a
     * hit, any other a miss.
     */
    public record Diagnosed(Diagnosis diagnosis, Optional<String> caveat, boolean runbookAsked) {

        /** The policy's decision with the caveat as its first reason. */
        public Decision explain(Decision decision) {
            if (caveat.isEmpty()) {
                return decision;
            }
            List<String> reasons = new ArrayList<>();
            reasons.add(caveat.get());
            reasons.addAll(decision.reasons());
            return new Decision(decision.mode(), reasons, decision.dryRun());
        }
    }

    /**
     * {@code target} is null for a service that is not configured: then only the rules speak. A model's answer
     * is held against the rules' ({@link ModelCorroboration}). When the evidence settles the matter (a stale alert
     * against a target healthy since its restart), the rules' verdict stands: no runbook entry or model may restart
     * a target that already recovered, and no model is paid to say so.
     */
    public Diagnosed diagnose(NormalisedAlert alert, Target target, Evidence evidence) {
        long started = nanoTime.getAsLong();
        DiagnosisRules.Verdict verdict = DiagnosisRules.diagnose(alert, evidence, unconfirmedCeiling);
        Diagnosis rules = verdict.diagnosis();
        boolean askRunbook = target != null && !verdict.settled();
        Diagnosed found = new Diagnosed(rules, Optional.empty(), askRunbook);
        if (askRunbook) {
            Optional<Diagnosis> learned = RunbookLearning.diagnose(
                    runbook.find(RunbookEntry.signatureOf(alert.alertType(), target.service(), Action.RESTART)),
                    runbookMinSuccesses);
            Optional<Diagnosis> advised = learned.isEmpty() && model.isPresent()
                    ? ask(model.get(), alert, target, evidence)
                    : Optional.empty();
            if (learned.isPresent()) {
                found = new Diagnosed(learned.get(), Optional.empty(), true);
            } else if (advised.isPresent()) {
                ModelCorroboration.Corroborated checked =
                        ModelCorroboration.check(advised.get(), rules, unconfirmedCeiling);
                found = new Diagnosed(checked.diagnosis(), checked.caveat(), true);
            }
        }
        Diagnosis d = found.diagnosis();
        long latencyMs = (nanoTime.getAsLong() - started) / 1_000_000;
        return new Diagnosed(
                new Diagnosis(
                        d.rootCause(),
                        d.action(),
                        d.confidence(),
                        d.justification(),
                        d.evidence(),
                        d.source(),
                        d.model(),
                        latencyMs),
                found.caveat(),
                askRunbook);
    }

    /** For SnapStart's snapshot: the model client's path, primed without asking the configured model. */
    void primeModel(NormalisedAlert alert, Target target, Evidence evidence) throws IOException {
        if (model.isPresent()) {
            model.get().prime(requestFor(alert, target, evidence));
        }
    }

    /**
     * The model's answer, discarded when its action is outside the vocabulary it was given (the target's catalog
     * plus NOOP and ESCALATE), whatever the advisor promised: the rules speak instead, and the policy would refuse
     * such an action anyway.
     */
    private Optional<Diagnosis> ask(ModelAdvisor advisor, NormalisedAlert alert, Target target, Evidence evidence) {
        ModelRequest request = requestFor(alert, target, evidence);
        Optional<Diagnosis> answer = advisor.advise(request);
        if (answer.isPresent() && !request.actions().contains(answer.get().action())) {
            LOG.warn(
                    "diagnosis.modelOutOfCatalog",
                    "service",
                    target.service(),
                    "action",
                    answer.get().action());
            return Optional.empty();
        }
        return answer;
    }

    /**
     * What a model may see: the alert's logs and the host's, each redacted on its own (a rule anchored at the start of
     * a text, for the end of a key whose BEGIN line was cut off, must see where each starts), the newest
     * {@code maxLogChars} of them, the container's state with the agent's probe and resource figures (its free text
     * redacted), the target's uptime when inspected, and its action enum.
     */
    ModelRequest requestFor(NormalisedAlert alert, Target target, Evidence evidence) {
        String logs = Stream.of(alert.logs(), evidence == null ? null : evidence.logs())
                .filter(Objects::nonNull)
                .map(Redactor::redact)
                .collect(Collectors.joining("\n"));
        Set<Action> actions = EnumSet.of(Action.NOOP, Action.ESCALATE);
        actions.addAll(target.allowedActions());
        ContainerState container = evidence != null && evidence.available() ? redacted(evidence.container()) : null;
        return new ModelRequest(
                target.service(),
                alert.alertType(),
                alert.severity(),
                Redactor.redactAndKeepTail(alert.summary(), 1_000),
                alert.startsAt(),
                container,
                container == null || evidence.collectedAt() == null ? null : container.uptimeAt(evidence.collectedAt()),
                Redactor.keepTail(logs, maxLogChars),
                actions);
    }

    /**
     * The state with its free text (the probe's URL and error, the images) redacted; the agent redacts only logs.
     */
    private static ContainerState redacted(ContainerState c) {
        if (c == null) {
            return null;
        }
        HealthReading probe = c.healthProbe() == null
                ? null
                : new HealthReading(
                        Redactor.redact(c.healthProbe().url()),
                        c.healthProbe().httpStatus(),
                        c.healthProbe().latencyMillis(),
                        Redactor.redactAndKeepTail(c.healthProbe().error(), 300));
        return new ContainerState(
                c.status(),
                c.exitCode(),
                c.oomKilled(),
                c.restartCount(),
                c.health(),
                c.startedAt(),
                probe,
                c.resources(),
                Redactor.redact(c.image()),
                Redactor.redact(c.previousImage()));
    }
}
