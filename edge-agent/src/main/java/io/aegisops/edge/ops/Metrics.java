package io.aegisops.edge.ops;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.function.DoubleSupplier;

/**
 * The agent's counters and gauges, rendered in the Prometheus text format (version 0.0.4) by
 * {@code /metrics}. Series are named {@code name{label="value",...}}; families are declared once with
 * their type and help text.
 */
public final class Metrics {

    private record Family(String type, String help) {}

    private final Map<String, Family> families = new ConcurrentSkipListMap<>();
    private final Map<String, Map<String, DoubleAdder>> series = new ConcurrentHashMap<>();
    private final Map<String, DoubleSupplier> gauges = new ConcurrentHashMap<>();

    public Metrics counter(String name, String help) {
        families.put(name, new Family("counter", help));
        return this;
    }

    public Metrics gauge(String name, String help, DoubleSupplier value) {
        families.put(name, new Family("gauge", help));
        gauges.put(name, value);
        return this;
    }

    /** Adds one to the series of {@code name} with the given label name/value pairs. */
    public void increment(String name, String... labels) {
        add(name, 1, labels);
    }

    public void add(String name, double amount, String... labels) {
        if (!families.containsKey(name)) {
            throw new IllegalArgumentException("metric " + name + " was not declared");
        }
        series.computeIfAbsent(name, n -> new ConcurrentSkipListMap<>())
                .computeIfAbsent(labelText(labels), l -> new DoubleAdder())
                .add(amount);
    }

    /** The current value of one series, 0 if it was never incremented. */
    public double value(String name, String... labels) {
        DoubleAdder adder = series.getOrDefault(name, Map.of()).get(labelText(labels));
        return adder == null ? 0 : adder.sum();
    }

    /** The sum over every series of {@code name}, whatever its labels. */
    public double total(String name) {
        return series.getOrDefault(name, Map.of()).values().stream()
                .mapToDouble(DoubleAdder::sum)
                .sum();
    }

    public String render() {
        StringBuilder out = new StringBuilder();
        families.forEach((name, family) -> {
            out.append("# HELP ").append(name).append(' ').append(family.help()).append('\n');
            out.append("# TYPE ").append(name).append(' ').append(family.type()).append('\n');
            DoubleSupplier gauge = gauges.get(name);
            if (gauge != null) {
                out.append(name).append(' ').append(format(gauge.getAsDouble())).append('\n');
            }
            series.getOrDefault(name, Map.of())
                    .forEach((labels, adder) -> out.append(name)
                            .append(labels)
                            .append(' ')
                            .append(format(adder.sum()))
                            .append('\n'));
        });
        return out.toString();
    }

    private static String labelText(String... labels) {
        if (labels.length % 2 != 0) {
            throw new IllegalArgumentException("labels must be name/value pairs");
        }
        if (labels.length == 0) {
            return "";
        }
        StringBuilder text = new StringBuilder("{");
        for (int i = 0; i < labels.length; i += 2) {
            if (i > 0) {
                text.append(',');
            }
            text.append(labels[i])
                    .append("=\"")
                    .append(labels[i + 1]
                            .replace("\\", "\\\\")
                            .replace("\"", "\\\"")
                            .replace("\n", "\\n"))
                    .append('"');
        }
        return text.append('}').toString();
    }

    private static String format(double value) {
        return value == Math.rint(value) && !Double.isInfinite(value)
                ? Long.toString((long) value)
                : Double.toString(value);
    }
}
