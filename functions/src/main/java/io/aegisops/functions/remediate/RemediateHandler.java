package io.aegisops.functions.remediate;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.contracts.Action;
import io.aegisops.contracts.Command;
import io.aegisops.contracts.Decision;
import io.aegisops.contracts.Diagnosis;
import io.aegisops.contracts.Evidence;
import io.aegisops.contracts.IncidentStatus;
import io.aegisops.contracts.Target;
import io.aegisops.contracts.TimelineStage;
import io.aegisops.contracts.metrics.EmfMetrics;
import io.aegisops.contracts.metrics.Measurement;
import io.aegisops.contracts.metrics.Metrics;
import io.aegisops.functions.commands.CommandQueue.Submission;
import io.aegisops.functions.commands.Commands;
import io.aegisops.functions.evidence.EvidenceReading;
import io.aegisops.functions.pipeline.CommandDispatch;
import io.aegisops.functions.pipeline.JsonStreams;
import io.aegisops.functions.pipeline.LoggedHandler;
import io.aegisops.functions.pipeline.Pipeline;
import io.aegisops.functions.pipeline.PipelineSettings;
import io.aegisops.functions.pipeline.Priming;
import io.aegisops.functions.pipeline.Stores;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;

/**
 * Remediate ({@code .waitForTaskToken}): receives {@code {incidentId, service, analysis, taskToken}} (the analysis
 * carries {@code recheck}, the INSPECT answer taken at approval, when one was taken) and has the
 * {@link Remediator} queue the incident's one remedy (RESTART, ROLLBACK, SCALE_UP or STOP) under the policy; the
 * agent answers the token with the CommandResult. A target the re-check shows recovered throws {@code Aegis.Recovered};
 * refusals throw {@code Aegis.NotAllowed} /
 * {@code Aegis.BudgetExhausted}; an unknown service is {@code Aegis.NotAllowed} (there is nothing it may touch).
 */
public final class RemediateHandler extends LoggedHandler {

    private final PipelineSettings settings;
    private final Stores stores;
    private final CommandDispatch dispatch;
    private final Remediator remediator;
    private final Clock clock;
    private final Metrics metrics;

    public RemediateHandler() {
        this(PipelineSettings.fromEnv(System.getenv()));
    }

    private RemediateHandler(PipelineSettings settings) {
        this(settings, Stores.fromEnvironment(settings.tablePrefix()), Clock.systemUTC());
    }

    /** Metrics as EMF log lines ({@link EmfMetrics#standard}). */
    public RemediateHandler(PipelineSettings settings, Stores stores, Clock clock) {
        this(settings, stores, clock, EmfMetrics.standard(clock));
    }

    public RemediateHandler(PipelineSettings settings, Stores stores, Clock clock, Metrics metrics) {
        this.settings = settings;
        this.stores = stores;
        this.dispatch = new CommandDispatch(stores.commands(), stores.incidents());
        this.remediator = new Remediator(
                stores.incidents(),
                stores.budgets(),
                dispatch,
                (alertType, service, action) -> settings.trust(stores.runbook(), alertType, service, action),
                settings.policy(),
                settings.stopTimeoutSeconds());
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    protected void handle(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode payload = JsonStreams.read(input);
        String incidentId = JsonStreams.incidentId(payload);
        String taskToken = JsonStreams.text(payload, "taskToken");
        JsonNode analysis = payload.path("analysis");
        Diagnosis diagnosis = JsonStreams.convert(analysis.get("diagnosis"), Diagnosis.class);
        Decision routed = JsonStreams.convert(analysis.get("decision"), Decision.class);
        if (diagnosis == null || routed == null || routed.mode() == null) {
            throw new IllegalArgumentException("the payload needs 'analysis' with the diagnosis and the decision");
        }
        Target target;
        try {
            target = Pipeline.targetOf(settings, JsonStreams.optionalText(payload, "service"));
        } catch (Aegis.UnknownTarget unknown) {
            throw new Aegis.NotAllowed(unknown.getMessage());
        }
        Instant now = clock.instant();
        JsonNode rechecked = analysis.get("recheck");
        Evidence recheck = rechecked == null ? null : EvidenceReading.from(rechecked, now);
        Remediator.Submitted submitted =
                remediator.remediate(incidentId, target, diagnosis, routed, recheck, taskToken, now);
        // a retry queues nothing new; the metric counts restarts only (the other remedies have none yet)
        if (submitted.submission() == Submission.WRITTEN
                && !submitted.dryRun()
                && diagnosis.action() == Action.RESTART) {
            metrics.record(Measurement.restart(target.service()));
        }
        JsonStreams.write(output, submitted);
    }

    /** A sample analysis read, the first target's budget read, its remedy (RESTART) built and mapped, not sent. */
    @Override
    protected void prime() throws IOException {
        Instant now = clock.instant();
        Target target = Priming.target(settings);
        JsonNode analysis = Priming.payload(Priming.SAMPLE_ANALYSIS);
        JsonStreams.convert(analysis.get("diagnosis"), Diagnosis.class);
        Decision routed = JsonStreams.convert(analysis.get("decision"), Decision.class);
        stores.budgets().ledger(target.service());
        Command restart = Commands.remediation(
                Priming.ABSENT_INCIDENT,
                target,
                Action.RESTART,
                null,
                "priming",
                settings.stopTimeoutSeconds(),
                routed.dryRun(),
                now);
        CommandDispatch.Dispatched sent =
                dispatch.prime(restart, IncidentStatus.REMEDIATING, TimelineStage.REMEDIATION, now);
        Priming.answer(new Remediator.Submitted(sent.commandId(), sent.hostId(), routed.dryRun(), sent.submission()));
    }
}
