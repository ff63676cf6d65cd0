package io.aegisops.functions.ingest.normalise;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.contracts.AlertSource;
import io.aegisops.contracts.AlertStatus;
import io.aegisops.contracts.NormalisedAlert;
import io.aegisops.contracts.TargetRef;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * Prometheus Alertmanager's webhook (version "4") and Grafana's unified alerting webhook (version "1",
 * with {@code orgId}), which extends it: a batch of alerts, each with status, labels, annotations, startsAt
 * and fingerprint. Grafana adds per-alert {@code values} (or {@code valueString} before Grafana 9.5).
 */
final class AlertBatchFormat {

    private AlertBatchFormat() {}

    static List<NormalisedAlert> normalise(JsonNode payload, AlertSource source, int maxAlerts) {
        checkVersion(payload, source);
        JsonNode alerts = payload.get("alerts");
        if (alerts == null || !alerts.isArray() || alerts.isEmpty()) {
            throw new InvalidAlertException("alerts must be a non-empty array");
        }
        if (alerts.size() > maxAlerts) {
            throw new AlertLimitExceededException("the request holds " + alerts.size() + " alerts; at most " + maxAlerts
                    + " per request (set max_alerts on the sender)");
        }
        String externalUrl = Fields.text(payload, "externalURL", "");
        List<NormalisedAlert> normalised = new ArrayList<>(alerts.size());
        for (int i = 0; i < alerts.size(); i++) {
            JsonNode alert = alerts.get(i);
            String where = "alerts[" + i + "]";
            if (!alert.isObject()) {
                throw new InvalidAlertException(where + " must be an object");
            }
            normalised.add(one(alert, where, source, externalUrl));
        }
        return normalised;
    }

    private static void checkVersion(JsonNode payload, AlertSource source) {
        String version = Fields.text(payload, "version", "");
        String expected = source == AlertSource.GRAFANA ? "1" : "4";
        if (version != null && !version.equals(expected)) {
            throw new InvalidAlertException("unsupported " + source.name().toLowerCase(Locale.ROOT)
                    + " webhook version '" + Fields.truncate(version, 16) + "'; expected '" + expected + "'");
        }
    }

    private static NormalisedAlert one(JsonNode alert, String where, AlertSource source, String externalUrl) {
        AlertStatus status = status(Fields.requiredText(alert, "status", where), where);
        Map<String, String> labels = Fields.stringMap(alert, "labels", where);
        Map<String, String> annotations = Fields.stringMap(alert, "annotations", where);
        String alertType = labels.get("alertname");
        if (alertType == null || alertType.isBlank()) {
            throw new InvalidAlertException(where + ".labels.alertname is required");
        }
        Instant startsAt = Fields.requiredInstant(alert, "startsAt", where);
        String fingerprint = Fields.firstNonNull(Fields.text(alert, "fingerprint", where), fingerprintOf(labels));
        String summary = Fields.firstNonNull(annotations.get("summary"), annotations.get("description"), alertType);
        if (source == AlertSource.GRAFANA) {
            summary = summary + grafanaValues(alert, where);
        }
        TargetRef target = new TargetRef(
                Fields.firstNonNull(labels.get("service"), labels.get("job"), labels.get("app")),
                Fields.firstNonNull(labels.get("container"), labels.get("container_name")),
                Fields.withoutPort(labels.get("instance")));
        return new NormalisedAlert(
                source,
                status,
                Fields.alertType(alertType, where + ".labels.alertname"),
                Severities.parse(labels.get("severity")),
                target,
                Fields.truncate(summary, Fields.MAX_SUMMARY),
                Fields.tail(annotations.get("logs"), Fields.MAX_LOGS),
                labels,
                startsAt,
                fingerprint,
                Fields.firstNonNull(Fields.text(alert, "generatorURL", where), externalUrl));
    }

    private static AlertStatus status(String value, String where) {
        return switch (value) {
            case "firing" -> AlertStatus.FIRING;
            case "resolved" -> AlertStatus.RESOLVED;
            default -> throw new InvalidAlertException(where + ".status must be 'firing' or 'resolved'");
        };
    }

    /** Alertmanager before 0.19 sends no fingerprint; like Alertmanager, derive one from the label set. */
    static String fingerprintOf(Map<String, String> labels) {
        StringBuilder canonical = new StringBuilder();
        new TreeMap<>(labels)
                .forEach(
                        (k, v) -> canonical.append(k).append('\u0000').append(v).append('\u0000'));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String grafanaValues(JsonNode alert, String where) {
        JsonNode values = alert.get("values");
        if (values != null && values.isObject() && !values.isEmpty()) {
            StringJoiner joined = new StringJoiner(", ", " [", "]");
            for (Iterator<Map.Entry<String, JsonNode>> it = values.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> value = it.next();
                joined.add(value.getKey() + "=" + value.getValue().asText());
            }
            return joined.toString();
        }
        String valueString = Fields.text(alert, "valueString", where);
        return valueString == null ? "" : " " + valueString;
    }
}
