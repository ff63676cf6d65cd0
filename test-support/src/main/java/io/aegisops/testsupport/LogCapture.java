package io.aegisops.testsupport;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.contracts.Json;
import io.aegisops.contracts.logging.EventLog;
import io.aegisops.contracts.logging.JsonLineEncoder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * The log lines written while it is open, as the runnables write them (one JSON object per line, by
 * {@link JsonLineEncoder}), kept in memory for a test to read. Registered as an extension
 * ({@code @RegisterExtension}) it stops after each test; else close it.
 */
public final class LogCapture implements AfterEachCallback, AutoCloseable {

    private static final AtomicInteger ISOLATED = new AtomicInteger();

    private final Logger logger;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();

    private LogCapture(String loggerName, boolean alsoWrittenElsewhere) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        logger = context.getLogger(loggerName);
        logger.setAdditive(alsoWrittenElsewhere);
        JsonLineEncoder encoder = new JsonLineEncoder();
        encoder.setContext(context);
        encoder.start();
        appender.setContext(context);
        appender.setName("capture-" + loggerName);
        appender.setEncoder(encoder);
        appender.setOutputStream(bytes);
        appender.start();
        logger.addAppender(appender);
    }

    /** Every line logged in this JVM from now on, whoever logs it, at the levels configured. */
    public static LogCapture everything() {
        return new LogCapture(org.slf4j.Logger.ROOT_LOGGER_NAME, true);
    }

    /**
     * A log of its own ({@link #log()}) whose lines are kept here and written nowhere else: for a component that
     * is handed its log, so that two of them in one test are told apart.
     */
    public static LogCapture isolated() {
        return new LogCapture("io.aegisops.capture." + ISOLATED.incrementAndGet(), false);
    }

    /** The log whose lines this captures (with {@link #everything()}: one of many). */
    public EventLog log() {
        return EventLog.named(logger.getName());
    }

    public String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    public List<JsonNode> lines() {
        return text().lines().map(line -> Json.read(line, JsonNode.class)).toList();
    }

    /** The lines of {@code event}, oldest first. */
    public List<JsonNode> events(String event) {
        return lines().stream()
                .filter(line -> event.equals(line.path("event").asText()))
                .toList();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
    }
}
