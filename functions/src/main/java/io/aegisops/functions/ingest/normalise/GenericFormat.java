package io.aegisops.functions.ingest.normalise;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.contracts.AlertSource;
import io.aegisops.contracts.AlertStatus;
import io.aegisops.contracts.NormalisedAlert;
import io.aegisops.contracts.TargetRef;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The seed project's format, also what {@code buggy-app} and a hand-written {@code curl} send:
 * {@code {incident_id?, container_name, alert_type, severity?, logs?, timestamp, status?, summary?, service?}}.
 * {@code timestamp} is ISO-8601 or epoch seconds/milliseconds; {@code logs} a string or a list of lines;
 * {@code status} {@code firing} (default) or {@code resolved}. The sender's {@code incident_id}, when given,
 * is the fingerprint, so the sender's own retries dedupe.
 */
final class GenericFormat {

    /** Epoch values above this are milliseconds (it is 2001-09-09 in milliseconds, the year 33658 in seconds). */
    private static final long MILLIS_THRESHOLD = 1_000_000_000_000L;

    private GenericFormat() {}

    static NormalisedAlert normalise(JsonNode payload) {
        String container = Fields.requiredText(payload, "container_name", "");
        String alertType = Fields.alertType(Fields.requiredText(payload, "alert_type", ""), "alert_type");
        Instant startsAt = timestamp(payload);
        String incidentId = Fields.text(payload, "incident_id", "");
        String service = Fields.text(payload, "service", "");
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alert_type", alertType);
        labels.put("container_name", Fields.truncate(container, Fields.MAX_LABEL_VALUE));
        if (incidentId != null) {
            labels.put("incident_id", Fields.truncate(incidentId, Fields.MAX_LABEL_VALUE));
        }
        String fingerprint = Fields.firstNonNull(incidentId, container + "|" + alertType);
        String summary = Fields.firstNonNull(Fields.text(payload, "summary", ""), alertType + " on " + container);
        return new NormalisedAlert(
                AlertSource.GENERIC,
                status(payload),
                alertType,
                Severities.parse(Fields.text(payload, "severity", "")),
                new TargetRef(service, container, null),
                Fields.truncate(summary, Fields.MAX_SUMMARY),
                Fields.tail(logs(payload), Fields.MAX_LOGS),
                labels,
                startsAt,
                Fields.truncate(fingerprint, Fields.MAX_LABEL_VALUE),
                null);
    }

    private static AlertStatus status(JsonNode payload) {
        String status = Fields.text(payload, "status", "");
        if (status == null || status.equalsIgnoreCase("firing")) {
            return AlertStatus.FIRING;
        }
        if (status.equalsIgnoreCase("resolved")) {
            return AlertStatus.RESOLVED;
        }
        throw new InvalidAlertException("status must be 'firing' or 'resolved'");
    }

    private static Instant timestamp(JsonNode payload) {
        JsonNode node = payload.get("timestamp");
        if (node != null && node.isIntegralNumber() && node.canConvertToLong() && node.longValue() > 0) {
            long epoch = node.longValue();
            return epoch >= MILLIS_THRESHOLD ? Instant.ofEpochMilli(epoch) : Instant.ofEpochSecond(epoch);
        }
        if (node != null && node.isNumber()) {
            throw new InvalidAlertException(
                    "timestamp must be ISO-8601 or positive whole epoch seconds or milliseconds");
        }
        return Fields.requiredInstant(payload, "timestamp", "");
    }

    private static String logs(JsonNode payload) {
        JsonNode logs = payload.get("logs");
        if (logs == null || logs.isNull()) {
            return null;
        }
        if (logs.isArray()) {
            StringJoiner lines = new StringJoiner("\n");
            logs.forEach(line -> lines.add(line.asText()));
            return lines.toString();
        }
        return Fields.text(payload, "logs", "");
    }
}
