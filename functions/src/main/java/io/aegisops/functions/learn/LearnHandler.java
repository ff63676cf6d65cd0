package io.aegisops.functions.learn;

import com.amazonaws.services.lambda.runtime.Context;
import io.aegisops.contracts.Incident;
import io.aegisops.contracts.logging.EventLog;
import io.aegisops.contracts.logging.LogContext;
import io.aegisops.contracts.metrics.EmfMetrics;
import io.aegisops.contracts.metrics.IncidentOutcome;
import io.aegisops.contracts.metrics.Measurement;
import io.aegisops.contracts.metrics.Metrics;
import io.aegisops.contracts.pipeline.StateDocument;
import io.aegisops.functions.pipeline.JsonStreams;
import io.aegisops.functions.pipeline.LoggedHandler;
import io.aegisops.functions.pipeline.PipelineSettings;
import io.aegisops.functions.pipeline.Priming;
import io.aegisops.functions.pipeline.Stores;
import io.aegisops.functions.runbook.Outcome;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Learn: receives the whole state document, closes the incident (terminal status, timeline, command
 * results, verification, resolvedAt and MTTR when resolved), frees the open-incident marker, then teaches the
 * runbook from a verified, confirmed outcome, and returns {@code {status}}.
 *
 * <p>Idempotent, so the state machine may retry it: closing a closed incident writes nothing, the marker is
 * released on condition, and the runbook counts each incident's lesson once. Closing and releasing may fail the
 * invocation (to be retried); the runbook is best effort and its failure is only logged.
 */
public final class LearnHandler extends LoggedHandler {

    private static final EventLog LOG = EventLog.of(LearnHandler.class);

    private final Stores stores;
    private final Clock clock;
    private final Metrics metrics;

    public LearnHandler() {
        this(Stores.fromEnvironment(PipelineSettings.tablePrefix(System.getenv())), Clock.systemUTC());
    }

    /** Metrics as EMF log lines ({@link EmfMetrics#standard}). */
    public LearnHandler(Stores stores, Clock clock) {
        this(stores, clock, EmfMetrics.standard(clock));
    }

    public LearnHandler(Stores stores, Clock clock, Metrics metrics) {
        this.stores = stores;
        this.clock = clock;
        this.metrics = metrics;
    }

    public record Learned(String status) {}

    @Override
    protected void handle(InputStream input, OutputStream output, Context context) throws IOException {
        StateDocument doc = closing(StateDocument.read(JsonStreams.read(input)));
        LogContext.incident(doc.incidentId());
        Instant now = clock.instant();
        // what must not fail: the incident is final (a retry changes nothing) and its alert may open a new one
        AtomicBoolean closedHere = new AtomicBoolean();
        Incident closed = stores.incidents().update(doc.incidentId(), current -> {
            closedHere.set(!current.status().isTerminal());
            return IncidentClosing.close(current, doc, now);
        });
        if (closedHere.get()) {
            // measured by the invocation that closed it, before anything else can fail it: a retry finds it closed
            measure(closed, doc);
        }
        String service = doc.service() != null
                ? doc.service()
                : closed.target() == null ? null : closed.target().service();
        boolean released = service != null
                && closed.alert() != null
                && stores.openIncidents().release(service, closed.alert().alertType(), closed.incidentId());

        LOG.info(
                "incident.closed",
                "incidentId",
                closed.incidentId(),
                "status",
                closed.status(),
                "mttrMs",
                closed.mttrMs(),
                "markerReleased",
                released,
                "lesson",
                learn(IncidentClosing.lesson(closed, doc)));
        JsonStreams.write(output, new Learned(closed.status().name()));
    }

    /** A sample incident closed in memory by a sample document; the incident and its lesson's entry read, not found. */
    @Override
    protected void prime() throws IOException {
        Instant now = clock.instant();
        StateDocument doc = closing(StateDocument.read(Priming.payload(Priming.SAMPLE_STATE_DOCUMENT)));
        Priming.requestsWithoutWrites(stores.incidents());
        Incident closed = Priming.item(IncidentClosing.close(Priming.sampleIncident(now), doc, now));
        IncidentClosing.lesson(closed, doc).ifPresent(lesson -> stores.runbook().find(lesson.signature()));
        Priming.answer(new Learned(closed.status().name()));
    }

    /** Its outcome, and its MTTR when resolved; the service only as {@code $.service} names a configured target. */
    private void measure(Incident closed, StateDocument doc) {
        boolean approved =
                doc.approval().result() != null && doc.approval().result().approved();
        metrics.record(Measurement.incidentClosed(IncidentOutcome.of(closed.status(), approved), doc.service()));
        if (closed.mttrMs() != null) {
            metrics.record(Measurement.mttr(closed.mttrMs(), doc.service()));
        }
    }

    /** The document Learn closes an incident by: it names the incident, and a terminal outcome. */
    private static StateDocument closing(StateDocument doc) {
        if (doc.outcome() == null
                || doc.outcome().status() == null
                || !doc.outcome().status().isTerminal()) {
            throw new IllegalArgumentException("the state document needs '$.outcome.status' with a terminal status");
        }
        if (doc.incidentId() == null || doc.incidentId().isBlank()) {
            throw new IllegalArgumentException("the payload needs a text field 'incidentId'");
        }
        return doc;
    }

    /** Best effort: a runbook that cannot be updated now loses one lesson, never the incident. */
    private String learn(Optional<Outcome> lesson) {
        if (lesson.isEmpty()) {
            return "none";
        }
        try {
            return stores.runbook().learn(lesson.get()).isPresent()
                    ? lesson.get().kind().name()
                    : "counted before";
        } catch (RuntimeException failed) {
            LOG.warn(
                    "runbook.notUpdated",
                    "incidentId",
                    lesson.get().incidentId(),
                    "signature",
                    lesson.get().signature(),
                    "error",
                    failed.getClass().getSimpleName());
            return "failed";
        }
    }
}
