package io.aegisops.contracts.logging;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * AegisOps' structured log: one JSON object per line, {@code ts}, {@code level}, {@code event}, the ids of
 * {@link LogContext} ({@code incidentId}, {@code requestId}), then the fields given, in order. Written through
 * SLF4J; {@link JsonLineEncoder} makes the line.
 *
 * <p>Callers pass ids, names and counts: never a secret, a task token, a credential or raw log text (it may
 * hold one). A {@link Throwable} field is written as its class and message, never its stack.
 */
public final class EventLog {

    /** Marks a line as an AegisOps event: its message is the event's name and its key-value pairs its fields. */
    static final Marker EVENT = MarkerFactory.getMarker("aegis.event");

    private final Logger logger;

    private EventLog(Logger logger) {
        this.logger = logger;
    }

    /** The log of {@code owner}'s component, named after its class. */
    public static EventLog of(Class<?> owner) {
        return new EventLog(LoggerFactory.getLogger(owner));
    }

    /** The log named {@code name}; levels are configured by name prefix ({@code io.aegisops} for AegisOps'). */
    public static EventLog named(String name) {
        return new EventLog(LoggerFactory.getLogger(name));
    }

    /** {@code fields} alternate names and values; null values are left out. */
    public void info(String event, Object... fields) {
        write(logger.atInfo(), event, fields);
    }

    /** {@code fields} alternate names and values; null values are left out. */
    public void warn(String event, Object... fields) {
        write(logger.atWarn(), event, fields);
    }

    /** {@code fields} alternate names and values; null values are left out. */
    public void error(String event, Object... fields) {
        write(logger.atError(), event, fields);
    }

    private static void write(LoggingEventBuilder builder, String event, Object... fields) {
        if (fields.length % 2 != 0) {
            throw new IllegalArgumentException("log fields come in name/value pairs: " + event);
        }
        LoggingEventBuilder line = builder.addMarker(EVENT).setMessage(event);
        for (int i = 0; i < fields.length; i += 2) {
            Object value = fields[i + 1];
            if (value != null) {
                line = line.addKeyValue(String.valueOf(fields[i]), value instanceof Throwable t ? describe(t) : value);
            }
        }
        line.log();
    }

    /** A throwable as its class and message, without the stack (a stack adds nothing a reader acts on). */
    static String describe(Throwable t) {
        return describe(t.getClass().getName(), t.getMessage());
    }

    static String describe(String className, String message) {
        String simpleName = className.substring(className.lastIndexOf('.') + 1);
        return message == null ? simpleName : simpleName + ": " + message;
    }
}
