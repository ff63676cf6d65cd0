package io.aegisops.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The agent's results keep the JSON form the pipeline reads ($.remediation.success, $.verify.result, ...). */
class CommandResultTest {

    @Test
    void aResultNamesItsFieldsAndWritesThemAsBefore() {
        ContainerState running =
                new ContainerState("running", 0, false, 1, null, Instant.parse("2026-01-02T03:04:05Z"));

        CommandResult result = CommandResult.of("inc-1#restart#1", CommandType.RESTART)
                .success(true)
                .message("restarted 'web'")
                .before(running)
                .after(running)
                .httpStatus(200)
                .durationMs(1234)
                .build();

        assertThat(Json.write(result))
                .isEqualTo("{\"commandId\":\"inc-1#restart#1\",\"type\":\"RESTART\",\"success\":true,\"dryRun\":false,"
                        + "\"message\":\"restarted 'web'\",\"before\":" + Json.write(running) + ",\"after\":"
                        + Json.write(running) + ",\"httpStatus\":200,\"durationMs\":1234}");
        assertThat(Json.read(Json.write(result), CommandResult.class)).isEqualTo(result);
    }

    @Test
    void aCommandThatDidNotRunHasNoSuccessEvidenceOrDuration() {
        CommandResult expired =
                CommandResult.notRun("inc-1#probe#1", CommandType.PROBE, true, "Aegis.CommandExpired: too old");

        assertThat(Json.write(expired))
                .isEqualTo("{\"commandId\":\"inc-1#probe#1\",\"type\":\"PROBE\",\"success\":false,\"dryRun\":true,"
                        + "\"message\":\"Aegis.CommandExpired: too old\",\"durationMs\":0}");
    }

    @Test
    void aNoteIsAppendedToTheMessageAndChangesNothingElse() {
        CommandResult result = CommandResult.of("c", CommandType.LOGS)
                .success(true)
                .message("last 5 log line(s)")
                .logs("a\nb\n")
                .durationMs(7)
                .build();

        CommandResult noted = result.withNote("answer not delivered: TASK_CLOSED");

        assertThat(noted.message()).isEqualTo("last 5 log line(s) (answer not delivered: TASK_CLOSED)");
        assertThat(noted).usingRecursiveComparison().ignoringFields("message").isEqualTo(result);
    }
}
