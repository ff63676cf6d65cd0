package io.aegisops.contracts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/** One incident (the incidents table: pk incidentId). {@code version} drives optimistic locking. */
public record Incident(
        String incidentId,
        IncidentStatus status,
        NormalisedAlert alert,
        int alertCount,
        TargetRef target,
        Evidence evidence,
        Diagnosis diagnosis,
        Decision decision,
        List<CommandResult> commandResults,
        Verification verification,
        List<TimelineEntry> timeline,
        String executionArn,
        Instant createdAt,
        Instant resolvedAt,
        Long mttrMs,
        long version) {

    public Incident {
        commandResults = commandResults == null ? List.of() : List.copyOf(commandResults);
        timeline = timeline == null ? List.of() : List.copyOf(timeline);
    }

    /**
     * The deterministic incident id for an alert: the same source, fingerprint and start time always give
     * the same id, so a redelivered alert maps to the same Step Functions execution. The result is a valid
     * execution name (at most 80 characters of {@code [0-9A-Za-z-_]}).
     */
    public static String idFor(AlertSource source, String fingerprint, Instant startsAt) {
        String key = source + "|" + fingerprint + "|" + startsAt;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return "inc-" + source.name().toLowerCase(Locale.ROOT) + "-"
                    + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** An incident as ingest opens it: RECEIVED, one alert, nothing found or done yet, version 0. */
    public static Incident opened(
            String incidentId,
            NormalisedAlert alert,
            TargetRef target,
            List<TimelineEntry> timeline,
            Instant createdAt) {
        return new Incident(
                incidentId,
                IncidentStatus.RECEIVED,
                alert,
                1,
                target,
                null,
                null,
                null,
                null,
                null,
                timeline,
                null,
                createdAt,
                null,
                null,
                0);
    }

    /** A copy to change a few fields of: {@code incident.toBuilder().status(RESOLVED).build()}. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Appends one timeline entry. */
    public Incident withEvent(Instant at, TimelineStage stage, String detail) {
        List<TimelineEntry> next = new java.util.ArrayList<>(timeline);
        next.add(new TimelineEntry(at, stage.wireName(), detail));
        return toBuilder().timeline(next).build();
    }

    public static final class Builder {
        private String incidentId;
        private IncidentStatus status;
        private NormalisedAlert alert;
        private int alertCount;
        private TargetRef target;
        private Evidence evidence;
        private Diagnosis diagnosis;
        private Decision decision;
        private List<CommandResult> commandResults;
        private Verification verification;
        private List<TimelineEntry> timeline;
        private String executionArn;
        private Instant createdAt;
        private Instant resolvedAt;
        private Long mttrMs;
        private long version;

        private Builder(Incident i) {
            this.incidentId = i.incidentId;
            this.status = i.status;
            this.alert = i.alert;
            this.alertCount = i.alertCount;
            this.target = i.target;
            this.evidence = i.evidence;
            this.diagnosis = i.diagnosis;
            this.decision = i.decision;
            this.commandResults = i.commandResults;
            this.verification = i.verification;
            this.timeline = i.timeline;
            this.executionArn = i.executionArn;
            this.createdAt = i.createdAt;
            this.resolvedAt = i.resolvedAt;
            this.mttrMs = i.mttrMs;
            this.version = i.version;
        }

        public Builder incidentId(String incidentId) {
            this.incidentId = incidentId;
            return this;
        }

        public Builder status(IncidentStatus status) {
            this.status = status;
            return this;
        }

        public Builder alert(NormalisedAlert alert) {
            this.alert = alert;
            return this;
        }

        public Builder alertCount(int alertCount) {
            this.alertCount = alertCount;
            return this;
        }

        public Builder target(TargetRef target) {
            this.target = target;
            return this;
        }

        public Builder evidence(Evidence evidence) {
            this.evidence = evidence;
            return this;
        }

        public Builder diagnosis(Diagnosis diagnosis) {
            this.diagnosis = diagnosis;
            return this;
        }

        public Builder decision(Decision decision) {
            this.decision = decision;
            return this;
        }

        public Builder commandResults(List<CommandResult> commandResults) {
            this.commandResults = commandResults;
            return this;
        }

        public Builder verification(Verification verification) {
            this.verification = verification;
            return this;
        }

        public Builder timeline(List<TimelineEntry> timeline) {
            this.timeline = timeline;
            return this;
        }

        public Builder executionArn(String executionArn) {
            this.executionArn = executionArn;
            return this;
        }

        public Builder createdAt(Instant createdAt) {
            this.createdAt = createdAt;
            return this;
        }

        public Builder resolvedAt(Instant resolvedAt) {
            this.resolvedAt = resolvedAt;
            return this;
        }

        public Builder mttrMs(Long mttrMs) {
            this.mttrMs = mttrMs;
            return this;
        }

        public Builder version(long version) {
            this.version = version;
            return this;
        }

        public Incident build() {
            return new Incident(
                    incidentId,
                    status,
                    alert,
                    alertCount,
                    target,
                    evidence,
                    diagnosis,
                    decision,
                    commandResults,
                    verification,
                    timeline,
                    executionArn,
                    createdAt,
                    resolvedAt,
                    mttrMs,
                    version);
        }
    }
}
