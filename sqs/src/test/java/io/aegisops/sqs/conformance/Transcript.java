package io.aegisops.sqs.conformance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;

/**
 * What the SDK saw, step by step, as canonical JSON: a response's modelled fields (an absent list or map left out,
 * an empty one kept), or an error's exception class, HTTP status and error code. Ids and receipt handles become
 * numbered placeholders (so "the same message again" still compares), timestamps and sender ids a marker, queue URLs
 * and ARNs lose their host and account.
 */
final class Transcript {

    record Step(String name, String outcome) {}

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    private static final Set<String> NUMBERED = Set.of("MessageId", "ReceiptHandle");
    private static final Set<String> TIMES =
            Set.of("SentTimestamp", "ApproximateFirstReceiveTimestamp", "CreatedTimestamp", "LastModifiedTimestamp");
    private static final Pattern QUEUE_URL = Pattern.compile("^https?://[^/]+/\\d{12}/");
    private static final Pattern QUEUE_ARN = Pattern.compile("^arn:aws:sqs:([a-z0-9-]+):\\d{12}:");

    private final List<Step> steps = new ArrayList<>();
    private final Map<String, Map<String, String>> placeholders = new HashMap<>();

    /** Runs {@code call} and records what came back. */
    <T> T step(String name, Supplier<T> call) {
        try {
            T result = call.get();
            steps.add(new Step(name, canonical(normalise(null, result))));
            return result;
        } catch (AwsServiceException e) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("error", e.getClass().getSimpleName());
            error.put("status", e.statusCode());
            error.put("code", e.awsErrorDetails().errorCode());
            steps.add(new Step(name, canonical(error)));
            return null;
        }
    }

    /** Records an error's message too, where users match on it. */
    void message(String name, Supplier<?> call) {
        try {
            Object answer = call.get();
            steps.add(new Step(name, "no error: " + answer.getClass().getSimpleName()));
        } catch (AwsServiceException e) {
            steps.add(new Step(name, e.awsErrorDetails().errorMessage()));
        }
    }

    List<Step> steps() {
        return steps;
    }

    private Object normalise(String field, Object value) {
        if (value instanceof SdkPojo pojo) {
            Map<String, Object> fields = new TreeMap<>();
            for (SdkField<?> sdkField : pojo.sdkFields()) {
                Object member = sdkField.getValueOrDefault(pojo);
                if (member == null || member instanceof SdkAutoConstructList || member instanceof SdkAutoConstructMap) {
                    continue;
                }
                fields.put(sdkField.memberName(), normalise(sdkField.memberName(), member));
            }
            return fields;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(item -> normalise(field, item)).toList();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> entries = new TreeMap<>();
            map.forEach((key, item) -> entries.put(key.toString(), normalise(key.toString(), item)));
            return entries;
        }
        if (value instanceof SdkBytes bytes) {
            return bytes.asUtf8String();
        }
        String text = value.toString();
        if (field == null) {
            return text;
        }
        if (NUMBERED.contains(field)) {
            Map<String, String> seen = placeholders.computeIfAbsent(field, f -> new HashMap<>());
            return seen.computeIfAbsent(text, t -> "<" + field + "#" + (seen.size() + 1) + ">");
        }
        if (TIMES.contains(field)) {
            return "<time>";
        }
        if (field.equals("SenderId")) {
            return "<sender>";
        }
        text = QUEUE_URL.matcher(text).replaceFirst("<endpoint>/<account>/");
        return QUEUE_ARN.matcher(text).replaceFirst("arn:aws:sqs:$1:<account>:");
    }

    private static String canonical(Object tree) {
        try {
            return JSON.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
