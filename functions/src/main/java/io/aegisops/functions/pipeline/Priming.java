package io.aegisops.functions.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.contracts.Incident;
import io.aegisops.contracts.NormalisedAlert;
import io.aegisops.contracts.RestartBudget;
import io.aegisops.contracts.Target;
import io.aegisops.contracts.dynamo.ItemMapper;
import io.aegisops.functions.store.IncidentStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What the handlers' {@link LoggedHandler#prime} share: samples that are never stored, the round trips a call's
 * values make through Jackson and the item mapper, and the one SDK request every handler may make while priming,
 * a read of an incident that does not exist.
 */
public final class Priming {

    /** No incident has this id (ingest's ids start {@code inc-<source>-}): reading it finds nothing. */
    public static final String ABSENT_INCIDENT = "inc-priming-absent";

    /** A normalised alert as the state machine passes it on, for payloads built while priming. */
    public static final String SAMPLE_ALERT = """
            {"source": "ALERTMANAGER", "status": "FIRING", "alertType": "HighMemoryUsage", "severity": "HIGH",
             "target": {"service": "priming", "container": "priming"}, "summary": "priming",
             "labels": {"alertname": "HighMemoryUsage"}, "startsAt": "2026-01-01T00:00:00Z", "fingerprint": "priming"}""";

    /** An agent's INSPECT answer, with log lines for redaction to read. */
    public static final String SAMPLE_EVIDENCE = """
            {"commandId": "inc-priming-absent#inspect#1", "type": "INSPECT", "success": true, "dryRun": false,
             "message": "priming", "after": {"status": "running", "restartCount": 0, "health": "unhealthy",
             "startedAt": "2026-01-01T00:00:00Z"}, "logs": "WARN heap 91% of max\\npassword=priming", "durationMs": 1}""";

    /** Diagnose's answer as the state machine passes it to Remediate. */
    public static final String SAMPLE_ANALYSIS = """
            {"diagnosis": {"rootCause": "priming", "action": "RESTART", "confidence": 0.9, "justification": "priming",
                           "evidence": [], "source": "RULES", "latencyMs": 0},
             "decision": {"mode": "AUTO", "reasons": ["priming"], "dryRun": true}}""";

    /** A resolved state document as Learn receives it. */
    public static final String SAMPLE_STATE_DOCUMENT = """
            {"incidentId": "inc-priming-absent", "service": "priming", "alert": %s,
             "analysis": %s,
             "remediation": {"commandId": "inc-priming-absent#restart#1", "type": "RESTART", "success": true,
                             "dryRun": true, "message": "priming", "durationMs": 1},
             "verify": {"attempt": 1, "healthy": true,
                        "result": {"commandId": "inc-priming-absent#probe#1", "type": "PROBE", "success": true,
                                   "dryRun": false, "message": "priming", "httpStatus": 200, "durationMs": 1}},
             "outcome": {"status": "RESOLVED", "reason": "priming"}}""".formatted(SAMPLE_ALERT, SAMPLE_ANALYSIS);

    private Priming() {}

    /** The first configured target (the one the first call most likely names), else a sample one. */
    public static Target target(PipelineSettings settings) {
        List<Target> configured = settings.targets().targets();
        return configured.isEmpty()
                ? new Target("priming", "priming", "priming", null, Set.of(), Set.of(), RestartBudget.DEFAULT)
                : configured.getFirst();
    }

    /**
     * The SDK client's first requests (credentials, signing, HTTP, marshalling and unmarshalling), a read and each
     * kind of write, on an incident that does not exist and without writing ({@link IncidentStore#prime}).
     */
    public static void requestsWithoutWrites(IncidentStore incidents) throws IOException {
        incidents.prime(sampleIncident(Instant.EPOCH));
    }

    /** A payload as the handler reads it ({@link JsonStreams#read}), from its text. */
    public static JsonNode payload(String json) throws IOException {
        return JsonStreams.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    /** A received incident for {@link #SAMPLE_ALERT}, as an item would hold it; never stored. */
    public static Incident sampleIncident(Instant now) throws IOException {
        NormalisedAlert alert = JsonStreams.convert(payload(SAMPLE_ALERT), NormalisedAlert.class);
        return item(Incident.opened(ABSENT_INCIDENT, alert, alert.target(), List.of(), now));
    }

    /** {@code value} written as a DynamoDB item and read back, as the stores do. */
    @SuppressWarnings("unchecked") // a record read back as its own class
    public static <T> T item(T value) {
        return ItemMapper.fromItem(ItemMapper.toItem(value), (Class<T>) value.getClass());
    }

    /** The handler's answer, written as {@link JsonStreams#write} writes it, to nowhere. */
    public static void answer(Object value) throws IOException {
        JsonStreams.write(OutputStream.nullOutputStream(), value);
    }
}
