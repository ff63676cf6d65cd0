package io.aegisops.functions.verify;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.contracts.Action;
import io.aegisops.contracts.Command;
import io.aegisops.contracts.ContainerState;
import io.aegisops.contracts.Incident;
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
import io.aegisops.functions.store.IncidentStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;

/**
 * Verify ({@code .waitForTaskToken}): receives {@code {incidentId, service, attempt, taskToken}} and writes
 * the PROBE command of that attempt (one per attempt, deterministic id); the agent probes the health URL from
 * the host, reads the container's health, and answers a CommandResult whose {@code success} is "the remedy worked":
 * healthy again after a RESTART or SCALE_UP, healthy and running the image rolled back to after a ROLLBACK (the
 * previous image the incident's evidence named), stopped after a STOP. The remedy is the incident's diagnosis.
 * The state machine loops through a Wait state up to its bound.
 */
public final class VerifyHandler extends LoggedHandler {

    private final PipelineSettings settings;
    private final IncidentStore incidents;
    private final CommandDispatch dispatch;
    private final Clock clock;

    public VerifyHandler() {
        this(PipelineSettings.fromEnv(System.getenv()));
    }

    private VerifyHandler(PipelineSettings settings) {
        this(settings, Stores.fromEnvironment(settings.tablePrefix()), Clock.systemUTC());
    }

    public VerifyHandler(PipelineSettings settings, Stores stores, Clock clock) {
        this.settings = settings;
        this.incidents = stores.incidents();
        this.dispatch = new CommandDispatch(stores.commands(), stores.incidents());
        this.clock = clock;
    }

    @Override
    protected void handle(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode payload = JsonStreams.read(input);
        String incidentId = JsonStreams.incidentId(payload);
        String taskToken = JsonStreams.text(payload, "taskToken");
        JsonNode attemptNode = payload.get("attempt");
        int attempt = attemptNode == null || attemptNode.isNull() ? 1 : attemptNode.asInt();
        if (attempt < 1) {
            throw new IllegalArgumentException("'attempt' counts from 1, was " + attemptNode);
        }
        Target target = Pipeline.targetOf(settings, JsonStreams.optionalText(payload, "service"));
        Instant now = clock.instant();

        Incident incident = incidents.get(incidentId).orElse(null);
        Action remedy = incident == null || incident.diagnosis() == null
                ? Action.RESTART
                : incident.diagnosis().action();
        ContainerState observed = incident == null ? null : Pipeline.observed(incident);
        String rolledBackTo = observed == null ? null : observed.previousImage();
        Command probe = Commands.probe(
                incidentId, target, taskToken, attempt, settings.probeAttempts(), remedy, rolledBackTo, now);
        CommandDispatch.Dispatched sent = dispatch.send(
                probe,
                "verification.requested",
                IncidentStatus.VERIFYING,
                TimelineStage.VERIFICATION,
                "health probe " + attempt + " sent to " + target.hostId(),
                now);
        JsonStreams.write(output, sent);
    }

    /** The first PROBE for the first target built and mapped, not sent. */
    @Override
    protected void prime() throws IOException {
        Instant now = clock.instant();
        Command probe = Commands.probe(
                Priming.ABSENT_INCIDENT,
                Priming.target(settings),
                "priming",
                1,
                settings.probeAttempts(),
                Action.RESTART,
                null,
                now);
        Priming.answer(dispatch.prime(probe, IncidentStatus.VERIFYING, TimelineStage.VERIFICATION, now));
    }
}
