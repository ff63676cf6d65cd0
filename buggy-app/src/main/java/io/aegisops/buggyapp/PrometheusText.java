package io.aegisops.buggyapp;

import java.math.BigDecimal;

/** Writes the Prometheus text exposition format (version 0.0.4). */
final class PrometheusText {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final StringBuilder out = new StringBuilder();

    /** Starts a metric family with its HELP and TYPE lines. */
    PrometheusText family(String name, String type, String help) {
        out.append("# HELP ")
                .append(name)
                .append(' ')
                .append(help.replace("\\", "\\\\").replace("\n", "\\n"))
                .append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        return this;
    }

    /** One sample; {@code labels} alternate names and values. */
    PrometheusText sample(String name, double value, String... labels) {
        series(name, labels).append(number(value)).append('\n');
        return this;
    }

    /** One sample of a whole number (a count, a byte size), written exactly. */
    PrometheusText sample(String name, long value, String... labels) {
        series(name, labels).append(value).append('\n');
        return this;
    }

    private StringBuilder series(String name, String... labels) {
        out.append(name);
        if (labels.length > 0) {
            out.append('{');
            for (int i = 0; i < labels.length; i += 2) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(labels[i])
                        .append("=\"")
                        .append(labels[i + 1]
                                .replace("\\", "\\\\")
                                .replace("\"", "\\\"")
                                .replace("\n", "\\n"))
                        .append('"');
            }
            out.append('}');
        }
        return out.append(' ');
    }

    @Override
    public String toString() {
        return out.toString();
    }

    /** A number as Prometheus reads it: whole numbers without a fraction, NaN and infinities by name. */
    static String number(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
