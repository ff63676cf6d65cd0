package io.aegisops.functions.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.aegisops.contracts.AlertStatus;
import io.aegisops.contracts.Incident;
import io.aegisops.contracts.IncidentStatus;
import io.aegisops.contracts.Json;
import io.aegisops.contracts.NormalisedAlert;
import io.aegisops.contracts.Target;
import io.aegisops.contracts.TargetRef;
import io.aegisops.contracts.TimelineEntry;
import io.aegisops.contracts.TimelineStage;
import io.aegisops.contracts.redact.Redactor;
import io.aegisops.functions.ingest.normalise.TargetResolver;
import io.aegisops.functions.store.IncidentStore;
import io.aegisops.functions.store.OpenIncidents;
import io.aegisops.functions.store.OpenIncidents.Opening;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a normalised alert into exactly one incident and one execution, however often and however
 * concurrently it is delivered:
 * <ul>
 *   <li>the incident id is derived from the alert ({@link Incident#idFor}), and is the execution's name;</li>
 *   <li>the incident and the open-incident marker for its service and alert type are written in one
 *       transaction, so a repeat while an incident is open attaches to it (alertCount, timeline);</li>
 *   <li>the execution is started from the stored incident, so every attempt sends the same name and input,
 *       and whoever finds an incident without an execution starts it: a delivery that failed between storing
 *       and starting is completed by the next delivery.</li>
 * </ul>
 * A resolved notification is recorded on the open incident's timeline and changes nothing else.
 */
public final class AlertIntake {

    /** Duplicates are counted always, but only the first ones are written to the timeline. */
    static final int DUPLICATES_ON_TIMELINE = 10;

    private static final int MAX_ATTEMPTS = 10;
    /** Sorted map keys: the same incident always gives byte-for-byte the same execution input. */
    private static final ObjectWriter INPUT_WRITER =
            Json.mapper().writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private final IncidentStore store;
    private final OpenIncidents open;
    private final PipelineStarter pipeline;
    private final TargetResolver targets;
    private final Clock clock;

    public AlertIntake(
            IncidentStore store, OpenIncidents open, PipelineStarter pipeline, TargetResolver targets, Clock clock) {
        this.store = store;
        this.open = open;
        this.pipeline = pipeline;
        this.targets = targets;
        this.clock = clock;
    }

    /** The alert is redacted first: nothing below stores, logs or forwards a secret the sender put in it. */
    public IntakeResult accept(NormalisedAlert received) {
        return acceptRedacted(Redactor.redactAlert(received));
    }

    /**
     * The alerts of one request, in order, each as {@link #accept} takes it, except that firing alerts for targets
     * nobody configured are grouped: the first opens the request's escalation (an incident and an execution, as it
     * would alone), the others are counted on it. A request naming a hundred unknown hosts pages once.
     */
    public List<IntakeResult> acceptAll(List<NormalisedAlert> received) {
        List<IntakeResult> results = new ArrayList<>(received.size());
        String escalation = null;
        for (NormalisedAlert original : received) {
            NormalisedAlert alert = Redactor.redactAlert(original);
            boolean unknownFiring = alert.status() == AlertStatus.FIRING
                    && targets.resolve(alert).isEmpty();
            if (unknownFiring && escalation != null) {
                TargetRef said = unresolved(alert);
                results.add(attach(
                        escalation,
                        clock.instant().truncatedTo(ChronoUnit.MILLIS),
                        "alert " + alert.alertType() + " for another unknown target (" + said.service()
                                + ") grouped into this request's escalation"));
                continue;
            }
            IntakeResult result = acceptRedacted(alert);
            if (unknownFiring && !IncidentStatus.valueOf(result.status()).isTerminal()) {
                escalation = result.incidentId();
            }
            results.add(result);
        }
        return results;
    }

    private IntakeResult acceptRedacted(NormalisedAlert alert) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Optional<Target> target = targets.resolve(alert);
        TargetRef incidentTarget = target.map(t -> new TargetRef(t.service(), t.container(), t.hostId()))
                .orElseGet(() -> unresolved(alert));
        String id = Incident.idFor(alert.source(), alert.fingerprint(), alert.startsAt());
        return alert.status() == AlertStatus.RESOLVED
                ? resolved(alert, id, incidentTarget.service(), now)
                : firing(newIncident(id, alert, target.isPresent(), incidentTarget, now), now);
    }

    private IntakeResult firing(Incident incident, Instant now) {
        String service = incident.target().service();
        String alertType = incident.alert().alertType();
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Optional<Incident> existing =
                    store.get(incident.incidentId()); // a read spares a redelivery the transaction
            if (existing.isPresent()) {
                return redelivered(existing.get(), service, alertType, now);
            }
            Opening opening = open.open(incident, service, alertType, now);
            switch (opening.outcome()) {
                case OPENED -> {
                    return IntakeResult.of(started(incident, now), false);
                }
                case INCIDENT_EXISTS -> {
                    // created concurrently: the next round reads it
                }
                case HELD_BY_ANOTHER -> {
                    Optional<Incident> holder = openIncident(opening.holder());
                    if (holder.isPresent()) {
                        return attach(
                                holder.get().incidentId(),
                                now,
                                "alert " + incident.incidentId() + " for the same target and alert type attached");
                    }
                    open.release(service, alertType, opening.holder()); // its incident has ended: the marker is stale
                }
            }
        }
        throw new IllegalStateException("the open-incident marker for " + service + "/" + alertType + " kept changing");
    }

    /** The incident exists: count the alert on the open incident for its target, and finish its start if need be. */
    private IntakeResult redelivered(Incident existing, String service, String alertType, Instant now) {
        String id = existing.incidentId();
        if (existing.status().isTerminal()) {
            return attach(id, now, "alert delivered again after the incident ended");
        }
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            // read first: claiming would refresh the marker's expiry, which must run from when the incident opened
            String holder =
                    open.holder(service, alertType, now).orElseGet(() -> open.claim(service, alertType, id, now));
            if (holder.equals(id)) {
                return attach(id, now, "alert delivered again");
            }
            if (openIncident(holder).isPresent()) {
                return attach(holder, now, "alert " + id + " for the same target and alert type attached");
            }
            open.release(service, alertType, holder);
        }
        throw new IllegalStateException("the open-incident marker for " + service + "/" + alertType + " kept changing");
    }

    private IntakeResult attach(String incidentId, Instant now, String detail) {
        Incident attached = store.attachAlert(
                incidentId, TimelineEntry.of(now, TimelineStage.DUPLICATE, detail), DUPLICATES_ON_TIMELINE);
        return IntakeResult.of(attached.status().isTerminal() ? attached : started(attached, now), true);
    }

    private IntakeResult resolved(NormalisedAlert alert, String id, String service, Instant now) {
        Optional<Incident> target = openIncident(id)
                .or(() -> open.holder(service, alert.alertType(), now).flatMap(this::openIncident));
        if (target.isEmpty()) {
            return IntakeResult.ignored();
        }
        Incident recorded = store.appendTimeline(
                target.get().incidentId(),
                TimelineEntry.of(
                        now,
                        TimelineStage.ALERT_RESOLVED,
                        alert.source() + " reports " + alert.alertType() + " resolved"));
        return IntakeResult.of(recorded, false);
    }

    /** The incident with its execution: started now if it has none yet (idempotent by name and input). */
    private Incident started(Incident incident, Instant now) {
        if (incident.executionArn() != null) {
            return incident;
        }
        String arn = pipeline.start(incident.incidentId(), executionInput(incident));
        store.recordExecution(incident.incidentId(), arn, TimelineEntry.of(now, TimelineStage.EXECUTION_STARTED, arn));
        return incident.toBuilder().executionArn(arn).build();
    }

    /** {@code {incidentId, alert, service}} as the state machine expects it (docs/architecture.md). */
    private String executionInput(Incident incident) {
        String service = targets.resolve(incident.alert()).map(Target::service).orElse(null);
        try {
            return INPUT_WRITER.writeValueAsString(
                    new ExecutionInput(incident.incidentId(), incident.alert(), service));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code service} is written even when null (unknown target): the definition's paths require the field. */
    private record ExecutionInput(
            String incidentId,
            NormalisedAlert alert,
            @JsonInclude(JsonInclude.Include.ALWAYS) String service) {}

    private Optional<Incident> openIncident(String incidentId) {
        return store.get(incidentId).filter(i -> !i.status().isTerminal());
    }

    private static Incident newIncident(
            String id, NormalisedAlert alert, boolean known, TargetRef target, Instant now) {
        List<TimelineEntry> timeline = new ArrayList<>();
        timeline.add(TimelineEntry.of(
                now,
                TimelineStage.RECEIVED,
                alert.alertType() + " (" + alert.severity() + ") from " + alert.source() + " for " + target.service()));
        if (!known) {
            timeline.add(TimelineEntry.of(
                    now,
                    TimelineStage.TARGET_UNKNOWN,
                    "no configured target matches the alert (it names "
                            + target.service() + ", container " + target.container() + ", host " + target.host()
                            + "); the pipeline escalates it and acts on nothing"));
        }
        return Incident.opened(id, alert, target, timeline, now);
    }

    /** What the alert says it is about; the first name it gives stands for the service in the open-incident marker. */
    private static TargetRef unresolved(NormalisedAlert alert) {
        TargetRef said = alert.target() == null ? new TargetRef(null, null, null) : alert.target();
        String name = said.service() != null
                ? said.service()
                : said.container() != null ? said.container() : said.host() != null ? said.host() : "unknown";
        return new TargetRef(name, said.container(), said.host());
    }
}
