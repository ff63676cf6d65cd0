package io.aegisops.buggyapp;

/**
 * Writes one flat JSON object. The app has no JSON library on purpose (it stands in for any user's
 * service and depends on nothing), and every document it writes is a flat object of strings and numbers.
 */
final class JsonText {

    private final StringBuilder text = new StringBuilder("{");

    static JsonText object() {
        return new JsonText();
    }

    /** A string field; a null value is left out, as the project's contracts do. */
    JsonText field(String name, String value) {
        return value == null ? this : put(name, quote(value));
    }

    JsonText field(String name, long value) {
        return put(name, Long.toString(value));
    }

    /** A number field; NaN and infinities have no JSON form and are left out. */
    JsonText field(String name, double value) {
        return Double.isFinite(value) ? put(name, Double.toString(value)) : this;
    }

    JsonText field(String name, boolean value) {
        return put(name, Boolean.toString(value));
    }

    /** A field whose value is already JSON (a nested object or an array). */
    JsonText rawField(String name, String json) {
        return put(name, json);
    }

    @Override
    public String toString() {
        return text + "}";
    }

    static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    static String array(Iterable<String> values) {
        StringBuilder out = new StringBuilder("[");
        for (String value : values) {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append(quote(value));
        }
        return out.append(']').toString();
    }

    private JsonText put(String name, String json) {
        if (text.length() > 1) {
            text.append(',');
        }
        text.append(quote(name)).append(':').append(json);
        return this;
    }
}
