package io.aegisops.functions.evidence;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.contracts.Command;
import io.aegisops.contracts.IncidentStatus;
import io.aegisops.contracts.Target;
import io.aegisops.contracts.TimelineStage;
import io.aegisops.functions.commands.Commands;
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
 * CollectEvidence ({@code .waitForTaskToken}): receives {@code {incidentId, service, taskToken, purpose?}}, writes one
 * INSPECT command for the target's host carrying the token, and returns; the edge agent answers the token
 * with the INSPECT CommandResult. An unknown service fails at once with {@code Aegis.UnknownTarget}, which
 * the state machine catches as "no evidence".
 *
 * <p>{@code purpose: "RECHECK"} is the second look taken when a person approved the remedy (state RecheckAtApproval):
 * its own command, no logs, and the incident moves on to REMEDIATING; Remediate reads the answer.
 */
public final class CollectEvidenceHandler extends LoggedHandler {

    /** The payload's {@code purpose} for the re-check at approval. */
    public static final String RECHECK = "RECHECK";

    private final PipelineSettings settings;
    private final CommandDispatch dispatch;
    private final Clock clock;

    public CollectEvidenceHandler() {
        this(PipelineSettings.fromEnv(System.getenv()));
    }

    private CollectEvidenceHandler(PipelineSettings settings) {
        this(settings, Stores.fromEnvironment(settings.tablePrefix()), Clock.systemUTC());
    }

    public CollectEvidenceHandler(PipelineSettings settings, Stores stores, Clock clock) {
        this.settings = settings;
        this.dispatch = new CommandDispatch(stores.commands(), stores.incidents());
        this.clock = clock;
    }

    @Override
    protected void handle(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode payload = JsonStreams.read(input);
        String incidentId = JsonStreams.incidentId(payload);
        String taskToken = JsonStreams.text(payload, "taskToken");
        Target target = Pipeline.targetOf(settings, JsonStreams.optionalText(payload, "service"));
        Instant now = clock.instant();

        CommandDispatch.Dispatched sent;
        if (RECHECK.equals(JsonStreams.optionalText(payload, "purpose"))) {
            sent = dispatch.send(
                    Commands.recheck(incidentId, target, taskToken, now),
                    "recheck.requested",
                    IncidentStatus.REMEDIATING,
                    TimelineStage.EVIDENCE,
                    "re-check (INSPECT) of " + target.container() + " sent to " + target.hostId()
                            + ": the approved remedy runs unless what the alert said is gone",
                    now);
        } else {
            sent = dispatch.send(
                    Commands.inspect(incidentId, target, taskToken, settings.evidenceLogLines(), now),
                    "evidence.requested",
                    IncidentStatus.DIAGNOSING,
                    TimelineStage.EVIDENCE,
                    "INSPECT of " + target.container() + " sent to " + target.hostId(),
                    now);
        }
        JsonStreams.write(output, sent);
    }

    /** The INSPECT for the first target built and mapped, not sent. */
    @Override
    protected void prime() throws IOException {
        Instant now = clock.instant();
        Command inspect = Commands.inspect(
                Priming.ABSENT_INCIDENT, Priming.target(settings), "priming", settings.evidenceLogLines(), now);
        Priming.answer(dispatch.prime(inspect, IncidentStatus.DIAGNOSING, TimelineStage.EVIDENCE, now));
    }
}
