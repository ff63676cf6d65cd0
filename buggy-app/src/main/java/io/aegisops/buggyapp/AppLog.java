package io.aegisops.buggyapp;

import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The app's structured log: one JSON object per line on stdout (what {@code docker logs} shows), and the
 * last lines kept in a ring buffer so an alert can carry them. Callers never pass secrets in.
 *
 * <p>The lines keep AegisOps' schema ({@code ts}, {@code level}, {@code event}, then fields; here {@code service}
 * first) without its logger: the app stands in for any user's service and has no dependency. Its events are
 * sentences, as a service's log messages are: they are the log text the demo's diagnosis reads (the words
 * "dependency", "crashing", ...).
 */
final class AppLog {

    enum Level {
        INFO,
        WARN,
        ERROR
    }

    private final PrintStream out;
    private final Clock clock;
    private final String service;
    private final int capacity;
    private final ArrayDeque<String> recent;

    AppLog(PrintStream out, Clock clock, String service, int capacity) {
        this.out = out;
        this.clock = clock;
        this.service = service;
        this.capacity = capacity;
        this.recent = new ArrayDeque<>(capacity);
    }

    void info(String event, Object... fields) {
        write(Level.INFO, event, fields);
    }

    void warn(String event, Object... fields) {
        write(Level.WARN, event, fields);
    }

    void error(String event, Object... fields) {
        write(Level.ERROR, event, fields);
    }

    /** The newest {@code count} lines, oldest first. */
    synchronized List<String> lastLines(int count) {
        List<String> lines = new ArrayList<>(recent);
        return List.copyOf(lines.subList(Math.max(0, lines.size() - count), lines.size()));
    }

    /** {@code fields} alternate names and values; numbers and booleans stay JSON numbers and booleans. */
    private void write(Level level, String event, Object... fields) {
        if (fields.length % 2 != 0) {
            throw new IllegalArgumentException("log fields come in name/value pairs: " + event);
        }
        JsonText line = JsonText.object()
                .field("ts", clock.instant().toString())
                .field("level", level.name())
                .field("event", event)
                .field("service", service);
        for (int i = 0; i < fields.length; i += 2) {
            String name = (String) fields[i];
            switch (fields[i + 1]) {
                case null -> {}
                case Integer n -> line.field(name, n.longValue());
                case Long n -> line.field(name, n);
                case Number n -> line.field(name, n.doubleValue());
                case Boolean b -> line.field(name, b);
                case Object value -> line.field(name, value.toString());
            }
        }
        String text = line.toString();
        synchronized (this) {
            if (recent.size() == capacity) {
                recent.removeFirst();
            }
            recent.addLast(text);
            out.println(text);
        }
    }
}
