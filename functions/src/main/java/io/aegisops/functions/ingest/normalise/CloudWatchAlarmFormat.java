package io.aegisops.functions.ingest.normalise;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.contracts.AlertSource;
import io.aegisops.contracts.AlertStatus;
import io.aegisops.contracts.NormalisedAlert;
import io.aegisops.contracts.TargetRef;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * CloudWatch alarms in their two documented shapes: the EventBridge "CloudWatch Alarm State Change" event
 * ({@code detail.alarmName}, {@code detail.state.value}, dimensions as an object) and the message an alarm
 * publishes to SNS ({@code AlarmName}, {@code NewStateValue}, {@code StateChangeTime} like
 * {@code 2026-11-21T03:12:45.123+0000}, dimensions as a list of name/value pairs). ALARM fires, OK resolves;
 * INSUFFICIENT_DATA is no alarm and is refused.
 *
 * <p>The target is read from the dimensions ({@code ServiceName}, {@code ContainerName}, {@code InstanceId}, any
 * case) or from alarm tags {@code service}/{@code container}; the alert type is the alarm name.
 */
public final class CloudWatchAlarmFormat {

    public static final String EVENT_DETAIL_TYPE = "CloudWatch Alarm State Change";
    public static final String EVENT_SOURCE = "aws.cloudwatch";

    private CloudWatchAlarmFormat() {}

    public static NormalisedAlert fromEventBridge(JsonNode event) {
        JsonNode detail = Fields.requiredObject(event, "detail", "");
        String alarmName = Fields.requiredText(detail, "alarmName", "detail");
        JsonNode state = Fields.requiredObject(detail, "state", "detail");
        AlertStatus status = status(Fields.requiredText(state, "value", "detail.state"), "detail.state.value");
        String stateTime =
                Fields.firstNonNull(Fields.text(state, "timestamp", "detail.state"), Fields.text(event, "time", ""));
        if (stateTime == null) {
            throw new InvalidAlertException("detail.state.timestamp is required");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        JsonNode configuration = detail.path("configuration");
        for (JsonNode metric : configuration.path("metrics")) {
            JsonNode metricNode = metric.path("metricStat").path("metric");
            putIfPresent(labels, "namespace", metricNode.path("namespace").textValue());
            putIfPresent(labels, "metricName", metricNode.path("name").textValue());
            labels.putAll(
                    Fields.stringMap(metricNode, "dimensions", "detail.configuration.metrics[].metricStat.metric"));
        }
        Map<String, String> tags = Fields.stringMap(detail, "alarmTags", "detail");
        putIfPresent(labels, "region", Fields.text(event, "region", ""));
        putIfPresent(labels, "account", Fields.text(event, "account", ""));
        JsonNode resources = event.path("resources");
        String alarmArn =
                resources.isArray() && !resources.isEmpty() ? resources.get(0).asText(null) : null;
        String fingerprint =
                Fields.firstNonNull(alarmArn, labels.get("account") + ":" + labels.get("region") + ":" + alarmName);
        String summary = summary(
                Fields.text(configuration, "description", "detail.configuration"),
                Fields.text(state, "reason", "detail.state"),
                alarmName);
        return alert(
                alarmName,
                status,
                Fields.instant(stateTime, "detail.state.timestamp"),
                labels,
                tags,
                summary,
                fingerprint);
    }

    /** The JSON an alarm publishes to SNS (the {@code Message} of an SNS record, already parsed). */
    public static NormalisedAlert fromSnsMessage(JsonNode message) {
        String alarmName = Fields.requiredText(message, "AlarmName", "");
        AlertStatus status = status(Fields.requiredText(message, "NewStateValue", ""), "NewStateValue");
        Instant changedAt = Fields.requiredInstant(message, "StateChangeTime", "");
        Map<String, String> labels = new LinkedHashMap<>();
        JsonNode trigger = message.path("Trigger");
        putIfPresent(labels, "namespace", trigger.path("Namespace").textValue());
        putIfPresent(labels, "metricName", trigger.path("MetricName").textValue());
        putDimensionList(labels, trigger.path("Dimensions"));
        for (JsonNode metric : trigger.path("Metrics")) {
            JsonNode metricNode = metric.path("MetricStat").path("Metric");
            putIfPresent(labels, "namespace", metricNode.path("Namespace").textValue());
            putIfPresent(labels, "metricName", metricNode.path("MetricName").textValue());
            putDimensionList(labels, metricNode.path("Dimensions"));
        }
        putIfPresent(labels, "region", Fields.text(message, "Region", ""));
        putIfPresent(labels, "account", Fields.text(message, "AWSAccountId", ""));
        String fingerprint = Fields.firstNonNull(
                Fields.text(message, "AlarmArn", ""),
                labels.get("account") + ":" + labels.get("region") + ":" + alarmName);
        String summary = summary(
                Fields.text(message, "AlarmDescription", ""), Fields.text(message, "NewStateReason", ""), alarmName);
        return alert(alarmName, status, changedAt, labels, Map.of(), summary, fingerprint);
    }

    /** True for a parsed SNS message that looks like a CloudWatch alarm notification. */
    public static boolean isSnsAlarmMessage(JsonNode message) {
        return message.isObject() && message.has("AlarmName") && message.has("NewStateValue");
    }

    private static NormalisedAlert alert(
            String alarmName,
            AlertStatus status,
            Instant changedAt,
            Map<String, String> labels,
            Map<String, String> tags,
            String summary,
            String fingerprint) {
        labels.put("alarmName", Fields.truncate(alarmName, Fields.MAX_LABEL_VALUE));
        if (labels.size() > Fields.MAX_LABELS) {
            throw new InvalidAlertException(
                    "the alarm has " + labels.size() + " dimensions and fields; at most " + Fields.MAX_LABELS);
        }
        TargetRef target = new TargetRef(
                Fields.firstNonNull(dimension(labels, "servicename", "service"), tags.get("service")),
                Fields.firstNonNull(
                        dimension(labels, "containername", "container", "container_name"), tags.get("container")),
                dimension(labels, "instanceid", "host"));
        return new NormalisedAlert(
                AlertSource.CLOUDWATCH,
                status,
                Fields.alertType(alarmName, "alarm name"),
                Severities.parse(tags.get("severity")),
                target,
                Fields.truncate(summary, Fields.MAX_SUMMARY),
                null,
                labels,
                changedAt,
                fingerprint,
                null);
    }

    private static AlertStatus status(String value, String what) {
        return switch (value) {
            case "ALARM" -> AlertStatus.FIRING;
            case "OK" -> AlertStatus.RESOLVED;
            case "INSUFFICIENT_DATA" ->
                throw new InvalidAlertException(
                        what + " INSUFFICIENT_DATA is not an alarm; send only ALARM and OK transitions");
            default -> throw new InvalidAlertException(what + " must be ALARM or OK");
        };
    }

    private static String summary(String description, String reason, String alarmName) {
        if (description != null && reason != null) {
            return description + " (" + reason + ")";
        }
        return Fields.firstNonNull(description, reason, alarmName);
    }

    /** SNS messages have written both {@code {name, value}} and {@code {Name, Value}}. */
    private static void putDimensionList(Map<String, String> labels, JsonNode dimensions) {
        for (JsonNode dimension : dimensions) {
            String name = Fields.firstNonNull(
                    dimension.path("name").textValue(), dimension.path("Name").textValue());
            String value = Fields.firstNonNull(
                    dimension.path("value").textValue(), dimension.path("Value").textValue());
            if (name != null && value != null && name.length() <= Fields.MAX_LABEL_KEY) {
                labels.put(name, Fields.truncate(value, Fields.MAX_LABEL_VALUE));
            }
        }
    }

    private static String dimension(Map<String, String> labels, String... lowerCaseNames) {
        for (String wanted : lowerCaseNames) {
            for (Map.Entry<String, String> label : labels.entrySet()) {
                if (label.getKey().toLowerCase(Locale.ROOT).equals(wanted)) {
                    return label.getValue();
                }
            }
        }
        return null;
    }

    private static void putIfPresent(Map<String, String> labels, String key, String value) {
        if (value != null && !value.isBlank()) {
            labels.put(key, Fields.truncate(value, Fields.MAX_LABEL_VALUE));
        }
    }
}
