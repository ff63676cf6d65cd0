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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a normalised alert into exactly one incident and one execution, however often and however
 * concurrently it is delivered:
 * <ul>
 *   <li>the incident id is derived from the alert ({@link Incident#idFor}), and is the execution's name; the
 *       execution's ARN follows from the state machine's and is stored with the incident when it is created;</li>
 *   <li>the incident and the open-incident marker for its service and alert type are written in one
 *       transaction, so a repeat while an incident is open attaches to it (alertCount, timeline); when the
 *       transaction fails, its cancellation reasons carry what exists, so nothing is read before it;</li>
 *   <li>the execution is started from the stored incident, so every attempt sends the same name and input
 *       (Step Functions answers a repeat with the same execution). Until the pipeline takes the incident up
 *       (its status leaves {@code RECEIVED}), every delivery that reaches it starts it again: a delivery that
 *       failed between storing and starting is completed by the next delivery.</li>
 * </ul>
 * A new alert costs two calls (TransactWriteItems, StartExecution); a repeat of an open incident's alert costs
 * the failed transaction and one update, plus a StartExecution while the incident is still {@code RECEIVED}
 * unless this instance saw its start answered.
 * A resolved notification is recorded on the open incident's timeline; when the incident awaits approval, the
 * approval is withdrawn ({@link ApprovalWithdrawal#withdraw}): the execution ends NOOP "resolved before approval".
 */
public final class AlertIntake {

    /** Duplicates are counted always, but only the first ones are written to the timeline. */
    static final int DUPLICATES_ON_TIMELINE = 10;

    private static final int MAX_ATTEMPTS = 10;
    /** Sorted map keys: the same incident always gives byte-for-byte the same execution input. */
    private static final ObjectWriter INPUT_WRITER =
            Json.mapper().writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    /**
     * What this instance has learnt about incidents and cannot unlearn: that their execution exists (its
     * StartExecution was answered here), and that their timeline holds all the duplicates it keeps. Both spare a
     * repeat a call; forgetting costs only that call again.
     */
    private final Recent startedHere = new Recent();

    private final Recent fullTimelines = new Recent();
    private final IncidentStore store;
    private final OpenIncidents open;
    private final PipelineStarter pipeline;
    private final TargetResolver targets;
    private final ApprovalWithdrawal approvals;
    private final Clock clock;

    public AlertIntake(
            IncidentStore store,
            OpenIncidents open,
            PipelineStarter pipeline,
            TargetResolver targets,
            ApprovalWithdrawal approvals,
            Clock clock) {
        this.store = store;
        this.open = open;
        this.pipeline = pipeline;
        this.targets = targets;
        this.approvals = approvals;
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
        Incident escalation = null;
        for (NormalisedAlert original : received) {
            NormalisedAlert alert = Redactor.redactAlert(original);
            String target = targets.resolve(alert).map(Target::service).orElse(null);
            boolean unknownFiring = alert.status() == AlertStatus.FIRING && target == null;
            Landed landed;
            if (unknownFiring && escalation != null) {
                TargetRef said = unresolved(alert);
                landed = counted( // the escalation was started by this request already
                        escalation,
                        clock.instant().truncatedTo(ChronoUnit.MILLIS),
                        "alert " + alert.alertType() + " for another unknown target (" + said.service()
                                + ") grouped into this request's escalation");
            } else {
                landed = acceptLanded(alert);
            }
            if (unknownFiring
                    && landed.incident() != null
                    && !landed.incident().status().isTerminal()) {
                escalation = landed.incident(); // its alertCount, as this request left it
            }
            results.add(landed.result(target));
        }
        return results;
    }

    /** The incident an alert landed on as it was stored after the alert (none for an ignored resolution). */
    private record Landed(Incident incident, boolean duplicate) {

        /** @param target the configured target's service the alert matched; null: none */
        IntakeResult result(String target) {
            return incident == null ? IntakeResult.ignored(target) : IntakeResult.of(incident, duplicate, target);
        }
    }

    private IntakeResult acceptRedacted(NormalisedAlert alert) {
        return acceptLanded(alert)
                .result(targets.resolve(alert).map(Target::service).orElse(null));
    }

    private Landed acceptLanded(NormalisedAlert alert) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Optional<Target> target = targets.resolve(alert);
        TargetRef incidentTarget = target.map(t -> new TargetRef(t.service(), t.container(), t.hostId()))
                .orElseGet(() -> unresolved(alert));
        String id = Incident.idFor(alert.source(), alert.fingerprint(), alert.startsAt());
        return alert.status() == AlertStatus.RESOLVED
                ? resolved(alert, id, incidentTarget.service(), now)
                : firing(newIncident(id, alert, target.isPresent(), incidentTarget, now), now);
    }

    private Landed firing(Incident incident, Instant now) {
        String service = incident.target().service();
        String alertType = incident.alert().alertType();
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Opening opening = open.open(incident, service, alertType, now);
            switch (opening.outcome()) {
                case OPENED -> {
                    start(incident);
                    return new Landed(incident, false);
                }
                case INCIDENT_EXISTS -> {
                    return redelivered(opening.existing(), opening.holder(), service, alertType, now);
                }
                case HELD_BY_ANOTHER -> {
                    Optional<Landed> attached = attachToOpen(
                            opening.holder(),
                            now,
                            "alert " + incident.incidentId() + " for the same target and alert type attached");
                    if (attached.isPresent()) {
                        return attached.get();
                    }
                    open.release(service, alertType, opening.holder()); // its incident has ended: the marker is stale
                }
            }
        }
        throw new IllegalStateException("the open-incident marker for " + service + "/" + alertType + " kept changing");
    }

    /**
     * The incident exists: count the alert on the open incident for its target, and start its execution again
     * while the pipeline has not taken it up. {@code holder} is the incident the marker names (null: none).
     */
    private Landed redelivered(Incident existing, String holder, String service, String alertType, Instant now) {
        String id = existing.incidentId();
        if (existing.status().isTerminal()) {
            return attach(existing, now, "alert delivered again after the incident ended");
        }
        // no marker (expired): claim it; its expiry runs from when the incident opened, so a held one is left as is
        String current = holder != null ? holder : open.claim(service, alertType, id, now);
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            if (current.equals(id)) {
                return attach(existing, now, "alert delivered again");
            }
            Optional<Landed> attached =
                    attachToOpen(current, now, "alert " + id + " for the same target and alert type attached");
            if (attached.isPresent()) {
                return attached.get();
            }
            open.release(service, alertType, current);
            current = open.claim(service, alertType, id, now);
        }
        throw new IllegalStateException("the open-incident marker for " + service + "/" + alertType + " kept changing");
    }

    /**
     * Counts the alert on {@code known}, an incident as just stored: its count says which one update succeeds,
     * with a timeline entry or (past {@link #DUPLICATES_ON_TIMELINE}) the count alone.
     */
    private Landed attach(Incident known, Instant now, String detail) {
        return new Landed(startedAgainIfWaiting(counted(known, now, detail).incident()), true);
    }

    /** As {@link #attach}, without starting the execution. */
    private Landed counted(Incident known, Instant now, String detail) {
        String id = known.incidentId();
        Incident attached = known.alertCount() < DUPLICATES_ON_TIMELINE
                ? store.attachAlert(id, TimelineEntry.of(now, TimelineStage.DUPLICATE, detail), DUPLICATES_ON_TIMELINE)
                : store.countAlert(id);
        return new Landed(attached, true);
    }

    /** Counts the alert on another incident, if it is still open. */
    private Optional<Landed> attachToOpen(String incidentId, Instant now, String detail) {
        Optional<Incident> attached = fullTimelines.contains(incidentId)
                ? store.countOnOpen(incidentId)
                : store.attachToOpen(
                        incidentId, TimelineEntry.of(now, TimelineStage.DUPLICATE, detail), DUPLICATES_ON_TIMELINE);
        attached.filter(i -> i.alertCount() >= DUPLICATES_ON_TIMELINE)
                .ifPresent(full -> fullTimelines.add(full.incidentId()));
        return attached.map(incident -> new Landed(startedAgainIfWaiting(incident), true));
    }

    private Landed resolved(NormalisedAlert alert, String id, String service, Instant now) {
        Optional<Incident> target = openIncident(id)
                .or(() -> open.holder(service, alert.alertType(), now).flatMap(this::openIncident));
        if (target.isEmpty()) {
            return new Landed(null, false);
        }
        Incident recorded = store.appendTimeline(
                target.get().incidentId(),
                TimelineEntry.of(
                        now,
                        TimelineStage.ALERT_RESOLVED,
                        alert.source() + " reports " + alert.alertType() + " resolved"));
        if (recorded.status() == IncidentStatus.AWAITING_APPROVAL) {
            approvals.withdraw(recorded.incidentId());
        }
        return new Landed(recorded, false);
    }

    /**
     * Starts the execution again while the incident is {@code RECEIVED}: the delivery that stored it may have
     * ended before its StartExecution. Once the pipeline has moved the incident on, or once a start was answered
     * here, its execution exists.
     */
    private Incident startedAgainIfWaiting(Incident incident) {
        if (incident.status() == IncidentStatus.RECEIVED && !startedHere.contains(incident.incidentId())) {
            start(incident);
        }
        return incident;
    }

    private void start(Incident incident) {
        pipeline.start(incident.incidentId(), executionInput(incident));
        startedHere.add(incident.incidentId());
    }

    /** A set of incident ids that forgets them all at once past a bound: a cache of facts that stay true. */
    private static final class Recent {
        private static final int LIMIT = 4096;
        private final Set<String> ids = ConcurrentHashMap.newKeySet();

        boolean contains(String incidentId) {
            return ids.contains(incidentId);
        }

        void add(String incidentId) {
            if (ids.size() >= LIMIT) {
                ids.clear();
            }
            ids.add(incidentId);
        }
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

    /** With its execution's ARN, and the timeline entry of that execution's start, which follows the write. */
    private Incident newIncident(String id, NormalisedAlert alert, boolean known, TargetRef target, Instant now) {
        String executionArn = pipeline.executionArn(id);
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
        timeline.add(TimelineEntry.of(now, TimelineStage.EXECUTION_STARTED, executionArn));
        return Incident.opened(id, alert, target, timeline, now).toBuilder()
                .executionArn(executionArn)
                .build();
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
