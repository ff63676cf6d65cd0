package io.aegisops.functions.diagnose;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.contracts.Action;
import io.aegisops.contracts.Decision;
import io.aegisops.contracts.Diagnosis;
import io.aegisops.contracts.DiagnosisSource;
import io.aegisops.contracts.Evidence;
import io.aegisops.contracts.Incident;
import io.aegisops.contracts.NormalisedAlert;
import io.aegisops.contracts.Target;
import io.aegisops.contracts.TimelineStage;
import io.aegisops.contracts.logging.EventLog;
import io.aegisops.contracts.metrics.EmfMetrics;
import io.aegisops.contracts.metrics.Measurement;
import io.aegisops.contracts.metrics.Metrics;
import io.aegisops.contracts.metrics.ModelDiscard;
import io.aegisops.contracts.redact.Redactor;
import io.aegisops.functions.config.SecretSource;
import io.aegisops.functions.evidence.EvidenceReading;
import io.aegisops.functions.llm.ModelAdvisor;
import io.aegisops.functions.llm.ModelAdvisors;
import io.aegisops.functions.llm.ModelSettings;
import io.aegisops.functions.pipeline.JsonStreams;
import io.aegisops.functions.pipeline.LoggedHandler;
import io.aegisops.functions.pipeline.PipelineSettings;
import io.aegisops.functions.pipeline.Priming;
import io.aegisops.functions.pipeline.Stores;
import io.aegisops.functions.policy.Policy;
import io.aegisops.functions.policy.PolicyVerdict;
import io.aegisops.functions.policy.RestartLedger;
import io.aegisops.functions.policy.Trust;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Diagnose: receives {@code {incidentId, alert, service, evidence}}, diagnoses (runbook → model → rules),
 * decides under the safety policy (with what people said of the pattern: {@link Trust}), records evidence, diagnosis and decision on the incident, and returns
 * {@code {diagnosis, decision}} for the state machine's Route. Idempotent per incident: an incident that already
 * has its diagnosis and decision gets them back, without a model call or a second timeline entry.
 */
public final class DiagnoseHandler extends LoggedHandler {

    private static final EventLog LOG = EventLog.of(DiagnoseHandler.class);

    /** Evidence logs kept on the incident (redacted), enough to read, small enough for one item. */
    private static final int STORED_LOG_CHARS = 8_000;

    private final PipelineSettings settings;
    private final Stores stores;
    private final Diagnoser diagnoser;
    private final Clock clock;
    private final Metrics metrics;

    public DiagnoseHandler() {
        this(System.getenv());
    }

    private DiagnoseHandler(Map<String, String> env) {
        this(env, PipelineSettings.fromEnv(env), ModelSettings.fromEnv(env), EmfMetrics.standard(Clock.systemUTC()));
    }

    /** {@code model} is read without the API keys, which the advisor reads on first use and after every TTL. */
    private DiagnoseHandler(Map<String, String> env, PipelineSettings settings, ModelSettings model, Metrics metrics) {
        this(
                settings,
                Stores.fromEnvironment(settings.tablePrefix()),
                ModelAdvisors.fromEnvironment(
                        env, model, SecretSource.fromEnvironment(env), Clock.systemUTC(), metrics),
                model.maxLogChars(),
                Clock.systemUTC(),
                metrics);
    }

    /** Metrics as EMF log lines ({@link EmfMetrics#standard}). */
    public DiagnoseHandler(
            PipelineSettings settings, Stores stores, Optional<ModelAdvisor> model, int maxLogChars, Clock clock) {
        this(settings, stores, model, maxLogChars, clock, EmfMetrics.standard(clock));
    }

    public DiagnoseHandler(
            PipelineSettings settings,
            Stores stores,
            Optional<ModelAdvisor> model,
            int maxLogChars,
            Clock clock,
            Metrics metrics) {
        this.settings = settings;
        this.stores = stores;
        this.diagnoser = new Diagnoser(
                stores.runbook(),
                model,
                settings.runbookMinSuccesses(),
                maxLogChars,
                settings.policy().unconfirmedCeiling(),
                System::nanoTime);
        this.clock = clock;
        this.metrics = metrics;
    }

    /** The handler's answer, as the state machine stores it under {@code $.analysis}. */
    public record Analysis(Diagnosis diagnosis, Decision decision) {}

    @Override
    protected void handle(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode payload = JsonStreams.read(input);
        String incidentId = JsonStreams.incidentId(payload);
        NormalisedAlert alert = JsonStreams.convert(payload.get("alert"), NormalisedAlert.class);
        if (alert == null || alert.alertType() == null) {
            throw new IllegalArgumentException("the payload needs the normalised 'alert'");
        }
        String service = JsonStreams.optionalText(payload, "service");
        Target target =
                service == null ? null : settings.targets().byService(service).orElse(null);
        Optional<Analysis> earlier = stores.incidents().get(incidentId).flatMap(DiagnoseHandler::analysisOf);
        if (earlier.isPresent()) {
            // a retried Diagnose: the same answer, no second model call, nothing appended twice
            LOG.info(
                    "diagnosis.repeated",
                    "incidentId",
                    incidentId,
                    "mode",
                    earlier.get().decision().mode());
            JsonStreams.write(output, earlier.get());
            return;
        }
        Instant now = clock.instant();
        Evidence evidence = EvidenceReading.from(payload.get("evidence"), now);

        Diagnoser.Diagnosed diagnosed = diagnoser.diagnose(alert, target, evidence);
        Diagnosis diagnosis = diagnosed.diagnosis();
        RestartLedger ledger =
                target == null ? RestartLedger.EMPTY : stores.budgets().ledger(target.service());
        Trust trust = target == null
                ? Trust.none(settings.autonomyMinApprovals())
                : settings.trust(stores.runbook(), alert.alertType(), target.service(), diagnosis.action());
        PolicyVerdict verdict = Policy.decide(
                target,
                diagnosis,
                alert.severity(),
                evidence.available() ? evidence.container() : null,
                ledger,
                trust,
                settings.policy(),
                now);
        Decision decision = diagnosed.explain(verdict.decision());

        Evidence stored = new Evidence(
                evidence.available(),
                evidence.container(),
                Redactor.redactAndKeepTail(evidence.logs(), STORED_LOG_CHARS),
                evidence.note(),
                evidence.collectedAt());
        Incident recorded = stores.incidents()
                .update(
                        incidentId,
                        i -> i.status().isTerminal() || analysisOf(i).isPresent()
                                ? i
                                : i
                                        .withEvent(
                                                now,
                                                TimelineStage.DIAGNOSIS,
                                                diagnosis.source() + ": " + diagnosis.action() + " at confidence "
                                                        + diagnosis.confidence() + " — " + diagnosis.rootCause())
                                        .withEvent(
                                                now,
                                                TimelineStage.DECISION,
                                                decision.mode() + (decision.dryRun() ? " (dry run)" : "") + ": "
                                                        + String.join("; ", decision.reasons()))
                                        .toBuilder()
                                        .evidence(stored)
                                        .diagnosis(diagnosis)
                                        .decision(decision)
                                        .build());
        // when a concurrent invocation recorded its analysis first, answer with that one: the state machine and the
        // incident must agree
        Analysis mine = new Analysis(diagnosis, decision);
        Optional<Analysis> onIncident = analysisOf(recorded);
        Analysis answer = onIncident.orElse(mine);
        if (onIncident.filter(mine::equals).isPresent()) { // measured once: by the invocation whose analysis was stored
            measure(target, diagnosed, decision);
        }

        LOG.info(
                "diagnosis.decided",
                "incidentId",
                incidentId,
                "source",
                diagnosis.source(),
                "action",
                diagnosis.action(),
                "confidence",
                diagnosis.confidence(),
                "latencyMs",
                diagnosis.latencyMs(),
                "mode",
                decision.mode(),
                "rule",
                verdict.rule());
        JsonStreams.write(output, answer);
    }

    /**
     * A sample alert and evidence read, the incident, runbook entry and budget that the first target's diagnosis
     * would read, the rules, the policy and redaction run on them; the model client, when a model is configured,
     * primed against {@code LoopbackModel}: no call to a configured model (it costs, and needs a secret).
     */
    @Override
    protected void prime() throws IOException {
        Instant now = clock.instant();
        Target target = Priming.target(settings);
        NormalisedAlert alert = JsonStreams.convert(Priming.payload(Priming.SAMPLE_ALERT), NormalisedAlert.class);
        Evidence evidence = EvidenceReading.from(Priming.payload(Priming.SAMPLE_EVIDENCE), now);
        Priming.requestsWithoutWrites(stores.incidents());
        Trust trust = settings.trust(stores.runbook(), alert.alertType(), target.service(), Action.RESTART);
        Diagnosis diagnosis = DiagnosisRules.diagnose(
                        alert, evidence, settings.policy().unconfirmedCeiling())
                .diagnosis();
        RestartLedger ledger = stores.budgets().ledger(target.service());
        PolicyVerdict verdict = Policy.decide(
                target,
                diagnosis,
                alert.severity(),
                evidence.available() ? evidence.container() : null,
                ledger,
                trust,
                settings.policy(),
                now);
        Redactor.redactAndKeepTail(evidence.logs(), STORED_LOG_CHARS);
        diagnoser.primeModel(alert, target, evidence);
        Priming.answer(new Analysis(diagnosis, verdict.decision()));
    }

    /** What one recorded diagnosis shows; the service only when the target is a configured one. */
    private void measure(Target target, Diagnoser.Diagnosed diagnosed, Decision decision) {
        String service = target == null ? null : target.service();
        metrics.record(Measurement.decision(decision.mode(), service));
        if (diagnosed.runbookAsked()) {
            metrics.record(
                    Measurement.runbookLookup(diagnosed.diagnosis().source() == DiagnosisSource.RUNBOOK, service));
        }
        if (diagnosed.caveat().isPresent()) { // ModelCorroboration capped a model's restart
            metrics.record(Measurement.modelDiscarded(ModelDiscard.CONFIDENCE_CAPPED, service));
        }
    }

    private static Optional<Analysis> analysisOf(Incident incident) {
        return incident.diagnosis() == null || incident.decision() == null
                ? Optional.empty()
                : Optional.of(new Analysis(incident.diagnosis(), incident.decision()));
    }
}
