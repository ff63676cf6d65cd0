package io.aegisops.contracts.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.contracts.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;

/**
 * The one log layout (Logback encoder): one JSON object per line, {@code ts} (ISO-8601, UTC), {@code level},
 * {@code event}, then {@code incidentId} and {@code requestId} (and any other MDC entry), then the line's fields.
 *
 * <p>An {@link EventLog} line's event is its name and its fields are the ones given. A line of any other logger
 * (the AWS SDK, docker-java, ...) has the logger's name as its event and its text as {@code message}. A
 * throwable logged with a line is {@code error} (class and message; its root cause's as {@code cause}), never
 * its stack. A field may not overwrite one written before it.
 */
public final class JsonLineEncoder extends EncoderBase<ILoggingEvent> {

    private static final List<String> CONTEXT_FIRST = List.of(LogContext.INCIDENT_ID, LogContext.REQUEST_ID);

    @Override
    public byte[] headerBytes() {
        return null;
    }

    @Override
    public byte[] footerBytes() {
        return null;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (JsonGenerator json = Json.mapper().getFactory().createGenerator(bytes, JsonEncoding.UTF8)) {
            Line line = new Line(json);
            json.writeStartObject();
            line.field("ts", event.getInstant().toString());
            line.field("level", event.getLevel().toString());
            boolean aegisEvent = isAegisEvent(event);
            line.field("event", aegisEvent ? event.getMessage() : event.getLoggerName());
            Map<String, String> context = event.getMDCPropertyMap();
            for (String key : CONTEXT_FIRST) {
                line.field(key, context.get(key));
            }
            new TreeMap<>(context).forEach(line::field);
            if (!aegisEvent) {
                line.field("message", event.getFormattedMessage());
            }
            List<KeyValuePair> fields = event.getKeyValuePairs();
            if (fields != null) {
                for (KeyValuePair field : fields) {
                    line.field(field.key, field.value);
                }
            }
            IThrowableProxy thrown = event.getThrowableProxy();
            if (thrown != null) {
                line.field("error", describe(thrown));
                IThrowableProxy root = thrown;
                while (root.getCause() != null && root.getCause() != root) {
                    root = root.getCause();
                }
                if (root != thrown) {
                    line.field("cause", describe(root));
                }
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        bytes.write('\n');
        return bytes.toByteArray();
    }

    private static boolean isAegisEvent(ILoggingEvent event) {
        List<Marker> markers = event.getMarkerList();
        return markers != null && markers.contains(EventLog.EVENT);
    }

    private static String describe(IThrowableProxy thrown) {
        return EventLog.describe(thrown.getClassName(), thrown.getMessage());
    }

    /** Writes each name once (the first value wins) and leaves nulls out. */
    private static final class Line {

        private final JsonGenerator json;
        private final Set<String> written = new HashSet<>();

        Line(JsonGenerator json) {
            this.json = json;
        }

        void field(String name, Object value) {
            if (value == null || !written.add(name)) {
                return;
            }
            try {
                json.writeFieldName(name);
                switch (value) {
                    case String text -> json.writeString(text);
                    case Integer number -> json.writeNumber(number);
                    case Long number -> json.writeNumber(number);
                    case Boolean bool -> json.writeBoolean(bool);
                    default -> json.writeTree(tree(value));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The value as JSON; one Jackson cannot write is written as its text rather than lost with the line. */
        private static JsonNode tree(Object value) {
            try {
                return Json.mapper().valueToTree(value);
            } catch (IllegalArgumentException unwritable) {
                return Json.mapper().getNodeFactory().textNode(String.valueOf(value));
            }
        }
    }
}
