package io.aegisops.statemachine.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Unit: the Wait state's four ways of saying how long, and its input/output. */
class WaitStateTest {

    private final LocalEngine local = new LocalEngine();

    private String waiting(String how, String input) {
        return local.run("""
                {"StartAt": "W", "States": {"W": {"Type": "Wait", %s, "OutputPath": "$.keep", "Next": "Done"},
                  "Done": {"Type": "Succeed"}}}""".formatted(how), input);
    }

    private void assertWaits(String execution, Duration duration) {
        local.advance(duration.minusMillis(1));
        assertThat(local.info(execution).status()).isEqualTo(ExecutionStatus.RUNNING);
        local.advance(Duration.ofMillis(1));
        assertThat(local.output(execution)).isEqualTo(LocalEngine.json("\"me\""));
        var exited = local.history(execution).stream()
                .filter(e -> e.type() == HistoryEventType.WaitStateExited)
                .findFirst()
                .orElseThrow();
        assertThat(exited.timestamp()).isEqualTo(LocalEngine.T0.plus(duration));
    }

    @Test
    void seconds() {
        assertWaits(waiting("\"Seconds\": 10", "{\"keep\": \"me\"}"), Duration.ofSeconds(10));
    }

    @Test
    void timestamp() {
        assertWaits(waiting("\"Timestamp\": \"2026-01-01T00:01:00Z\"", "{\"keep\": \"me\"}"), Duration.ofMinutes(1));
    }

    @Test
    void secondsPath() {
        assertWaits(waiting("\"SecondsPath\": \"$.wait\"", "{\"keep\": \"me\", \"wait\": 25}"), Duration.ofSeconds(25));
    }

    @Test
    void timestampPathWithAnOffset() {
        assertWaits(
                waiting(
                        "\"TimestampPath\": \"$.until\"",
                        "{\"keep\": \"me\", \"until\": \"2026-01-01T01:00:05+01:00\"}"),
                Duration.ofSeconds(5));
    }

    @Test
    void aTimestampInThePastGoesOnAtOnce() {
        String execution = waiting("\"Timestamp\": \"2020-01-01T00:00:00Z\"", "{\"keep\": \"me\"}");

        assertThat(local.output(execution)).isEqualTo(LocalEngine.json("\"me\""));
    }

    @Test
    void aSecondsPathThatIsNotAnIntegerIsStatesRuntime() {
        String execution = waiting("\"SecondsPath\": \"$.wait\"", "{\"keep\": \"me\", \"wait\": -1}");

        assertThat(local.info(execution).error()).isEqualTo("States.Runtime");
        assertThat(local.info(execution).cause()).contains("SecondsPath");
    }
}
