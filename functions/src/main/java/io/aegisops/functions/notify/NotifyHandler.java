package io.aegisops.functions.notify;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.contracts.Incident;
import io.aegisops.contracts.TimelineEntry;
import io.aegisops.contracts.TimelineStage;
import io.aegisops.contracts.logging.EventLog;
import io.aegisops.functions.pipeline.JsonStreams;
import io.aegisops.functions.pipeline.LoggedHandler;
import io.aegisops.functions.pipeline.PipelineSettings;
import io.aegisops.functions.pipeline.Priming;
import io.aegisops.functions.pipeline.Stores;
import io.aegisops.functions.store.IncidentStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

/**
 * NotifyDiagnosed / NotifyOutcome: receives {@code {event, incidentId}}, tells the configured sinks what
 * happened, returns {@code {delivered}}. A failed post answers {@code delivered: false}; it never fails.
 */
public final class NotifyHandler extends LoggedHandler {

    private static final EventLog LOG = EventLog.of(NotifyHandler.class);

    private final IncidentStore incidents;
    private final Notifier notifier;
    private final NotifyLinks links;
    private final Clock clock;

    public NotifyHandler() {
        this(System.getenv());
    }

    private NotifyHandler(Map<String, String> env) {
        this(
                Stores.fromEnvironment(PipelineSettings.tablePrefix(env)).incidents(),
                Notifiers.fromEnvironment(env),
                NotifyLinks.fromEnv(env));
    }

    public NotifyHandler(IncidentStore incidents, Notifier notifier, NotifyLinks links) {
        this(incidents, notifier, links, Clock.systemUTC());
    }

    public NotifyHandler(IncidentStore incidents, Notifier notifier, NotifyLinks links, Clock clock) {
        this.incidents = incidents;
        this.notifier = notifier;
        this.links = links;
        this.clock = clock;
    }

    public record Delivery(boolean delivered) {}

    @Override
    protected void handle(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode payload = JsonStreams.read(input);
        String event = JsonStreams.text(payload, "event");
        String incidentId = JsonStreams.incidentId(payload);
        Optional<Incident> incident = incidents.get(incidentId);
        boolean delivered = false;
        if (incident.isPresent()) {
            delivered = notifier.send(Notification.of(event, incident.get(), links));
            recordOn(incidentId, event, delivered);
        } else {
            LOG.warn("notify.noIncident", "incidentId", incidentId, "notification", event);
        }
        JsonStreams.write(output, new Delivery(delivered));
    }

    /** The notification on the incident's timeline, so its page shows what the team was told; best effort. */
    private void recordOn(String incidentId, String event, boolean delivered) {
        try {
            incidents.appendTimeline(
                    incidentId,
                    TimelineEntry.of(
                            clock.instant().truncatedTo(ChronoUnit.MILLIS),
                            TimelineStage.NOTIFIED,
                            event + (delivered ? " sent" : " not delivered (the sinks are in the log)")));
        } catch (RuntimeException notRecorded) {
            LOG.warn(
                    "notify.notRecorded",
                    "incidentId",
                    incidentId,
                    "error",
                    notRecorded.getClass().getSimpleName());
        }
    }

    /** The incident read, not found; a sample's notification and Slack message built, not sent. */
    @Override
    protected void prime() throws IOException {
        Priming.requestsWithoutWrites(incidents);
        Notification notification =
                Notification.of(Notification.DIAGNOSED, Priming.sampleIncident(Instant.now()), links);
        Priming.answer(SlackMessage.of(notification));
        Priming.answer(new Delivery(false));
    }
}
