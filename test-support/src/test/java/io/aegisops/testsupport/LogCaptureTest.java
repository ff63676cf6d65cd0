package io.aegisops.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisops.contracts.logging.EventLog;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LogCaptureTest {

    @Nested
    class AnIsolatedLog {

        @Test
        void keepsItsOwnLinesAndNoOneElses() {
            try (LogCapture first = LogCapture.isolated();
                    LogCapture second = LogCapture.isolated();
                    LogCapture everything = LogCapture.everything()) {
                first.log().info("first.said", "n", 1);
                second.log().warn("second.said");

                assertThat(first.lines()).singleElement().satisfies(line -> {
                    assertThat(line.get("event").asText()).isEqualTo("first.said");
                    assertThat(line.get("n").asInt()).isEqualTo(1);
                });
                assertThat(second.events("second.said")).hasSize(1);
                assertThat(second.events("first.said")).isEmpty();
                assertThat(everything.text()).isEmpty();
            }
        }
    }

    @Nested
    class Everything {

        @Test
        void holdsTheLinesOfEveryLoggerAtTheConfiguredLevels() {
            try (LogCapture everything = LogCapture.everything()) {
                EventLog.named("io.aegisops.test.LogCaptureTest").info("ours.said");
                LoggerFactory.getLogger("software.amazon.awssdk.core.SomeClient")
                        .warn("theirs said");
                LoggerFactory.getLogger("software.amazon.awssdk.core.SomeClient")
                        .info("chatter");

                assertThat(everything.lines())
                        .extracting(line -> line.get("event").asText())
                        .containsExactly("ours.said", "software.amazon.awssdk.core.SomeClient");
            }
        }

        @Test
        void stopsWhenClosed() {
            LogCapture everything = LogCapture.everything();
            everything.close();

            EventLog.named("io.aegisops.test.LogCaptureTest").info("after.close");

            assertThat(everything.text()).isEmpty();
        }
    }
}
