package io.aegisops.functions.ingest.normalise;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.contracts.redact.Redactor;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reading fields of a payload tree, with errors that name the field. */
final class Fields {

    static final int MAX_LABELS = 64;
    static final int MAX_LABEL_KEY = 128;
    static final int MAX_LABEL_VALUE = 1024;
    static final int MAX_ALERT_TYPE = 200;
    static final int MAX_SUMMARY = 2000;
    /** Logs keep their end: the last lines are the ones that explain a crash. */
    static final int MAX_LOGS = 32 * 1024;

    /** ISO-8601 with an offset written either {@code +02:00}/{@code Z} or, as CloudWatch does, {@code +0000}. */
    private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart()
            .appendOffset("+HH:MM", "Z")
            .optionalEnd()
            .optionalStart()
            .appendOffset("+HHMM", "Z")
            .optionalEnd()
            .toFormatter();

    private Fields() {}

    /** The field as text; null when missing, null or blank. Numbers and booleans are taken as their text. */
    static String text(JsonNode parent, String field, String where) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isContainerNode()) {
            throw new InvalidAlertException(path(where, field) + " must be a string");
        }
        String value = node.asText();
        return value.isBlank() ? null : value;
    }

    static String requiredText(JsonNode parent, String field, String where) {
        String value = text(parent, field, where);
        if (value == null) {
            throw new InvalidAlertException(path(where, field) + " is required");
        }
        return value;
    }

    /** An optional object of scalar values as a string map (nested values are ignored), bounded in size. */
    static Map<String, String> stringMap(JsonNode parent, String field, String where) {
        JsonNode node = parent.get(field);
        Map<String, String> map = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return map;
        }
        if (!node.isObject()) {
            throw new InvalidAlertException(path(where, field) + " must be an object");
        }
        if (node.size() > MAX_LABELS) {
            throw new InvalidAlertException(
                    path(where, field) + " has " + node.size() + " entries; at most " + MAX_LABELS);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode value = entry.getValue();
            if (value.isValueNode() && !value.isNull() && entry.getKey().length() <= MAX_LABEL_KEY) {
                map.put(entry.getKey(), truncate(value.asText(), MAX_LABEL_VALUE));
            }
        }
        return map;
    }

    static Instant requiredInstant(JsonNode parent, String field, String where) {
        return instant(requiredText(parent, field, where), path(where, field));
    }

    static Instant instant(String value, String what) {
        try {
            return OffsetDateTime.parse(value, TIMESTAMP).toInstant();
        } catch (DateTimeException e) {
            throw new InvalidAlertException(
                    what + " is not an ISO-8601 timestamp with an offset: " + truncate(value, 64));
        }
    }

    static JsonNode requiredObject(JsonNode parent, String field, String where) {
        JsonNode node = parent.get(field);
        if (node == null || !node.isObject()) {
            throw new InvalidAlertException(path(where, field) + " must be an object");
        }
        return node;
    }

    static String alertType(String value, String what) {
        if (value.length() > MAX_ALERT_TYPE) {
            throw new InvalidAlertException(what + " is longer than " + MAX_ALERT_TYPE + " characters");
        }
        return value;
    }

    static String firstNonNull(String... values) {
        for (String value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /**
     * The first {@code max} characters. A text that must be cut is redacted first (ingest redacts every field later,
     * but a secret the cut split in two would no longer be recognised).
     */
    static String truncate(String value, int max) {
        if (value == null || value.length() <= max) {
            return value;
        }
        String redacted = Redactor.redact(value);
        return redacted.length() <= max ? redacted : redacted.substring(0, max);
    }

    /** The last {@code max} characters (the newest log lines), redacted before the cut as {@link #truncate} is. */
    static String tail(String value, int max) {
        if (value == null || value.length() <= max) {
            return value;
        }
        String redacted = Redactor.redact(value);
        return redacted.length() <= max ? redacted : redacted.substring(redacted.length() - max);
    }

    /** {@code host:port} (a Prometheus instance) without the port. */
    static String withoutPort(String instance) {
        if (instance == null) {
            return null;
        }
        int colon = instance.lastIndexOf(':');
        boolean bareIpv6 = instance.indexOf(':') != colon && !instance.startsWith("[");
        return colon > 0 && !bareIpv6 ? instance.substring(0, colon) : instance;
    }

    static String path(String where, String field) {
        return where == null || where.isEmpty() ? field : where + "." + field;
    }
}
