package io.aegisops.contracts.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.LoggerContext;
import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.contracts.IncidentStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.utils.Logger;

/**
 * What the shared configuration ({@link LogConfiguration}) writes on standard output, read back as
 * JSON: the lines Lambda sends to CloudWatch and the local stack and the agent write to their log files.
 */
class EventLogTest {

    private final EventLog log = EventLog.named("io.aegisops.test.EventLogTest");

    @RegisterExtension
    final StandardOutput stdout = new StandardOutput();

    private String text() {
        return stdout.text();
    }

    private List<JsonNode> lines() {
        return stdout.lines();
    }

    private JsonNode onlyLine() {
        return stdout.onlyLine();
    }

    /** Runs {@code body} as a request would be served: in its context, which ends with it. */
    private static void inRequest(String requestId, Runnable body) {
        LogContext.Scope request = LogContext.request(requestId);
        try {
            body.run();
        } finally {
            request.close();
        }
    }

    private static List<String> names(JsonNode line) {
        List<String> names = new ArrayList<>();
        line.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Nested
    class AnEvent {

        @Test
        void isOneJsonObjectOnOneLineWithTimeLevelAndEventFirstThenItsFieldsInOrder() {
            log.info("thing.done", "count", 3, "name", "restart", "left", null, "ok", true);

            assertThat(text()).endsWith("\n").hasLineCount(1);
            JsonNode line = onlyLine();
            assertThat(names(line)).containsExactly("ts", "level", "event", "count", "name", "ok");
            assertThat(Instant.parse(line.get("ts").asText())).isBeforeOrEqualTo(Instant.now());
            assertThat(line.get("level").asText()).isEqualTo("INFO");
            assertThat(line.get("event").asText()).isEqualTo("thing.done");
            assertThat(line.get("count").isInt()).isTrue();
            assertThat(line.get("ok").isBoolean()).isTrue();
        }

        @Test
        void writesEachLevelUnderItsName() {
            log.info("a");
            log.warn("b");
            log.error("c");

            assertThat(lines()).extracting(l -> l.get("level").asText()).containsExactly("INFO", "WARN", "ERROR");
        }

        @Test
        void keepsTheJsonShapeOfRecordsListsEnumsAndInstants() {
            log.info(
                    "shapes",
                    "status",
                    IncidentStatus.RESOLVED,
                    "ids",
                    List.of("a", "b"),
                    "at",
                    Instant.parse("2024-05-01T10:00:00Z"),
                    "counts",
                    Map.of("x", 1),
                    "ratio",
                    0.5);

            JsonNode line = onlyLine();
            assertThat(line.get("status").asText()).isEqualTo("RESOLVED");
            assertThat(line.get("ids").isArray()).isTrue();
            assertThat(line.get("at").asText()).isEqualTo("2024-05-01T10:00:00Z");
            assertThat(line.get("counts").get("x").asInt()).isEqualTo(1);
            assertThat(line.get("ratio").asDouble()).isEqualTo(0.5);
        }

        @Test
        void describesAThrowableByClassAndMessageWithoutItsStack() {
            log.error("thing.failed", "error", new UncheckedIOException("disk gone", new IOException("EIO")));

            assertThat(onlyLine().get("error").asText()).isEqualTo("UncheckedIOException: disk gone");
            assertThat(text()).doesNotContain("\tat ").doesNotContain("EventLogTest.java");
        }

        @Test
        void cannotOverwriteTheSchemaFieldsWithItsOwn() {
            inRequest("req-1", () -> {
                LogContext.incident("inc-1");
                log.info("real", "event", "fake", "level", "DEBUG", "incidentId", "inc-1", "ts", "then");
            });

            JsonNode line = onlyLine();
            assertThat(names(line)).containsExactly("ts", "level", "event", "incidentId", "requestId");
            assertThat(line.get("event").asText()).isEqualTo("real");
            assertThat(line.get("level").asText()).isEqualTo("INFO");
        }

        @Test
        void refusesFieldsThatAreNotNameValuePairs() {
            assertThatThrownBy(() -> log.info("odd", "name")).isInstanceOf(IllegalArgumentException.class);
            assertThat(text()).isEmpty();
        }
    }

    @Nested
    class TheContext {

        @Test
        void namesTheRequestAndItsIncidentRightAfterTheEvent() {
            inRequest("req-1", () -> {
                log.info("before.incident", "n", 1);
                LogContext.incident("inc-1");
                log.info("after.incident", "n", 2);
            });

            List<JsonNode> lines = lines();
            assertThat(names(lines.get(0))).containsExactly("ts", "level", "event", "requestId", "n");
            assertThat(names(lines.get(1))).containsExactly("ts", "level", "event", "incidentId", "requestId", "n");
            assertThat(lines.get(1).get("incidentId").asText()).isEqualTo("inc-1");
            assertThat(lines.get(1).get("requestId").asText()).isEqualTo("req-1");
        }

        @Test
        void endsWithItsRequestAndRestoresTheOneAround() {
            inRequest("outer", () -> {
                LogContext.incident("inc-outer");
                inRequest("inner", () -> log.info("inside"));
                log.info("around");
            });
            log.info("outside");

            List<JsonNode> lines = lines();
            assertThat(lines.get(0).get("requestId").asText()).isEqualTo("inner");
            assertThat(lines.get(0).has("incidentId")).isFalse();
            assertThat(lines.get(1).get("requestId").asText()).isEqualTo("outer");
            assertThat(lines.get(1).get("incidentId").asText()).isEqualTo("inc-outer");
            assertThat(names(lines.get(2))).containsExactly("ts", "level", "event");
        }

        @Test
        void staysWithTheThreadThatServesTheRequest() {
            inRequest("req-1", () -> {
                try {
                    Thread.ofVirtual().start(() -> log.info("elsewhere")).join();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            });

            assertThat(onlyLine().has("requestId")).isFalse();
        }
    }

    @Nested
    class ALibraryLine {

        @Test
        void aWarningOfTheAwsSdkIsWrittenWithItsLoggerMessageAndError() {
            inRequest("req-1", () -> {
                LogContext.incident("inc-1");
                Logger.loggerFor(SdkClientException.class)
                        .warn(
                                () -> "Unable to execute HTTP request",
                                SdkClientException.create("connect timed out", new IOException("refused")));
            });

            JsonNode line = onlyLine();
            assertThat(names(line))
                    .containsExactly("ts", "level", "event", "incidentId", "requestId", "message", "error", "cause");
            assertThat(line.get("level").asText()).isEqualTo("WARN");
            assertThat(line.get("event").asText()).isEqualTo(SdkClientException.class.getName());
            assertThat(line.get("message").asText()).isEqualTo("Unable to execute HTTP request");
            assertThat(line.get("error").asText()).isEqualTo("SdkClientException: connect timed out");
            assertThat(line.get("cause").asText()).isEqualTo("IOException: refused");
            assertThat(text()).doesNotContain("\tat ");
        }

        @Test
        void anErrorOfDockerJavaIsWritten() {
            LoggerFactory.getLogger("com.github.dockerjava.core.DockerClientImpl")
                    .error("Error during callback: {}", "stream closed");

            JsonNode line = onlyLine();
            assertThat(line.get("level").asText()).isEqualTo("ERROR");
            assertThat(line.get("message").asText()).isEqualTo("Error during callback: stream closed");
        }

        @Test
        void itsInfoAndDebugChatterIsNot() {
            Logger sdk = Logger.loggerFor(SdkClientException.class);
            sdk.info(() -> "chatter");
            sdk.debug(() -> "more chatter");
            LoggerFactory.getLogger("com.github.dockerjava.core").info("chatter");

            assertThat(text()).isEmpty();
        }
    }

    @Nested
    class TheLevels {

        @AfterEach
        void configureAsAtStart() {
            System.clearProperty(LogConfiguration.LEVEL);
            System.clearProperty(LogConfiguration.LIBRARY_LEVEL);
            reconfigure();
        }

        private static void reconfigure() {
            LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
            context.reset();
            LogConfiguration configuration = new LogConfiguration();
            configuration.setContext(context);
            configuration.configure(context);
        }

        @Test
        void areSetFromTheEnvironmentOrASystemProperty() {
            System.setProperty(LogConfiguration.LEVEL, "WARN");
            System.setProperty(LogConfiguration.LIBRARY_LEVEL, "DEBUG");
            reconfigure();

            log.info("not.written");
            log.warn("written");
            Logger.loggerFor(SdkClientException.class).debug(() -> "the SDK's detail");

            assertThat(lines())
                    .extracting(line -> line.get("event").asText())
                    .containsExactly("written", SdkClientException.class.getName());
        }
    }
}
