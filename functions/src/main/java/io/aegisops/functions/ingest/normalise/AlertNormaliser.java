package io.aegisops.functions.ingest.normalise;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.contracts.AlertSource;
import io.aegisops.contracts.NormalisedAlert;
import java.util.List;

/**
 * Turns a {@code POST /alerts} payload into normalised alerts, recognising the format by its shape:
 * <ul>
 *   <li>{@code detail-type} → EventBridge event (only "CloudWatch Alarm State Change" from aws.cloudwatch);</li>
 *   <li>{@code alerts} with {@code orgId} or {@code version "1"} → Grafana unified alerting;</li>
 *   <li>{@code alerts} otherwise → Alertmanager webhook v4;</li>
 *   <li>{@code alert_type}, {@code container_name} or {@code incident_id} → the generic format.</li>
 * </ul>
 * Unknown fields are ignored. Pure: no I/O, the same payload always gives the same alerts.
 */
public final class AlertNormaliser {

    /**
     * At most this many alerts per request unless {@code AEGIS_MAX_ALERTS_PER_REQUEST} says otherwise (Alertmanager:
     * set {@code max_alerts} on the webhook receiver to match). Bounds what one request can fan out to.
     */
    public static final int DEFAULT_MAX_ALERTS_PER_REQUEST = 50;

    private AlertNormaliser() {}

    /**
     * With the default limit, {@link #DEFAULT_MAX_ALERTS_PER_REQUEST}.
     *
     * @throws AlertLimitExceededException when the payload holds more alerts than that
     * @throws InvalidAlertException when the shape is unknown or a required field is missing or malformed
     */
    public static List<NormalisedAlert> normalise(JsonNode payload) {
        return normalise(payload, DEFAULT_MAX_ALERTS_PER_REQUEST);
    }

    /**
     * @throws AlertLimitExceededException when the payload holds more than {@code maxAlerts} alerts
     * @throws InvalidAlertException when the shape is unknown or a required field is missing or malformed
     */
    public static List<NormalisedAlert> normalise(JsonNode payload, int maxAlerts) {
        return switch (detect(payload)) {
            case ALERTMANAGER -> AlertBatchFormat.normalise(payload, AlertSource.ALERTMANAGER, maxAlerts);
            case GRAFANA -> AlertBatchFormat.normalise(payload, AlertSource.GRAFANA, maxAlerts);
            case CLOUDWATCH -> List.of(CloudWatchAlarmFormat.fromEventBridge(payload));
            case GENERIC -> List.of(GenericFormat.normalise(payload));
        };
    }

    public static AlertSource detect(JsonNode payload) {
        if (payload == null || !payload.isObject()) {
            throw new InvalidAlertException("the body must be a JSON object");
        }
        if (payload.has("detail-type")) {
            if (!CloudWatchAlarmFormat.EVENT_DETAIL_TYPE.equals(
                            payload.get("detail-type").textValue())
                    || !CloudWatchAlarmFormat.EVENT_SOURCE.equals(
                            payload.path("source").textValue())) {
                throw new InvalidAlertException(
                        "only EventBridge events of detail-type '" + CloudWatchAlarmFormat.EVENT_DETAIL_TYPE + "' from "
                                + CloudWatchAlarmFormat.EVENT_SOURCE + " are accepted");
            }
            return AlertSource.CLOUDWATCH;
        }
        if (payload.has("alerts")) {
            return payload.has("orgId") || "1".equals(payload.path("version").asText())
                    ? AlertSource.GRAFANA
                    : AlertSource.ALERTMANAGER;
        }
        if (payload.has("alert_type") || payload.has("container_name") || payload.has("incident_id")) {
            return AlertSource.GENERIC;
        }
        throw new InvalidAlertException(
                "unrecognised alert format: expected an Alertmanager or Grafana webhook, an EventBridge "
                        + "CloudWatch alarm event, or {container_name, alert_type, timestamp, ...}");
    }
}
