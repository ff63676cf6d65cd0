package io.aegisops.dynamodb.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Where two normalised answers differ, one line per differing path, short enough to read in a report. */
final class JsonDiff {

    private static final int MAX_VALUE_CHARS = 400;

    private JsonDiff() {
    }

    static List<String> differences(JsonNode reference, JsonNode actual) {
        List<String> out = new ArrayList<>();
        diff("", reference, actual, out);
        return out;
    }

    private static void diff(String path, JsonNode reference, JsonNode actual, List<String> out) {
        if (reference == null || actual == null || reference.equals(actual)) {
            if ((reference == null) != (actual == null)) {
                out.add(path + ": " + (reference == null ? "unexpected " + show(actual) : "missing, expected " + show(reference)));
            }
            return;
        }
        if (reference.isObject() && actual.isObject()) {
            TreeSet<String> names = new TreeSet<>();
            reference.fieldNames().forEachRemaining(names::add);
            actual.fieldNames().forEachRemaining(names::add);
            names.forEach(name -> diff(path + "." + name, reference.get(name), actual.get(name), out));
            return;
        }
        if (reference.isArray() && actual.isArray() && reference.size() == actual.size()) {
            for (int i = 0; i < reference.size(); i++) {
                diff(path + "[" + i + "]", reference.get(i), actual.get(i), out);
            }
            return;
        }
        out.add(path + ": expected " + show(reference) + " but was " + show(actual));
    }

    private static String show(JsonNode node) {
        String text = node.toString();
        return text.length() > MAX_VALUE_CHARS ? text.substring(0, MAX_VALUE_CHARS) + "..." : text;
    }
}
