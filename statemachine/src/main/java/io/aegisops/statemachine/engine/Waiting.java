package io.aegisops.statemachine.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.statemachine.asl.JsonValues;
import io.aegisops.statemachine.asl.State.WaitState;
import io.aegisops.statemachine.asl.StatesError;
import io.aegisops.statemachine.asl.Timestamps;
import java.time.Duration;
import java.time.Instant;

/**
 * What a strand waits for on a timer: a Wait state (Seconds, Timestamp, SecondsPath, TimestampPath) and a
 * retrier's delay. Waiting parks the strand; no thread waits.
 */
final class Waiting {

    private Waiting() {}

    /** Runs a Wait state: goes on at once when its time has already come, else parks the strand until it has. */
    static Strand.Transition waitState(Strand strand, WaitState s, JsonNode raw, Instant entered) {
        Execution execution = strand.execution();
        JsonNode effective = s.flow().selectInput(raw);
        Duration delay = duration(s, effective, execution.context(s.name(), entered, null, 0), execution);
        JsonNode output = s.flow().selectOutput(effective);
        if (delay.isNegative() || delay.isZero()) {
            return new Strand.Transition(s.next(), output);
        }
        sleep(strand, StrandPhase.WAITING, delay, () -> {
            strand.emitExited(s, output);
            strand.continueWith(s.next(), output);
        });
        return null;
    }

    /** Parks the strand in {@code phase} for {@code delay}; then it resumes and runs {@code then}. */
    static void sleep(Strand strand, StrandPhase phase, Duration delay, Runnable then) {
        Timers.Timer timer = strand.execution().schedule(delay, () -> strand.wake(then));
        strand.park(phase, timer::cancel);
    }

    private static Duration duration(WaitState s, JsonNode effective, JsonNode context, Execution execution) {
        if (s.seconds() != null) {
            return Duration.ofSeconds(s.seconds());
        }
        if (s.timestamp() != null) {
            return until(s.timestamp(), execution);
        }
        if (s.secondsPath() != null) {
            JsonNode value = InputValues.select(s.secondsPath(), effective, context, "SecondsPath");
            if (!JsonValues.isInteger(value) || value.asLong() < 0) {
                throw StatesError.runtime(
                        "The SecondsPath parameter does not reference a valid integer: " + JsonValues.excerpt(value));
            }
            return Duration.ofSeconds(value.asLong());
        }
        JsonNode value = InputValues.select(s.timestampPath(), effective, context, "TimestampPath");
        if (!value.isTextual() || Timestamps.parse(value.textValue()).isEmpty()) {
            throw StatesError.runtime("The TimestampPath parameter does not reference a valid ISO-8601 timestamp: "
                    + JsonValues.excerpt(value));
        }
        return until(value.textValue(), execution);
    }

    private static Duration until(String timestamp, Execution execution) {
        return Duration.between(execution.now(), Timestamps.parse(timestamp).orElseThrow());
    }
}
