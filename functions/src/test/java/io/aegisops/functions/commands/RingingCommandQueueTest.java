package io.aegisops.functions.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisops.contracts.Action;
import io.aegisops.contracts.Command;
import io.aegisops.functions.commands.CommandQueue.Submission;
import io.aegisops.functions.pipeline.Fixtures;
import io.aegisops.testsupport.LogCapture;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Unit: each command written to wait for an agent rings its host's doorbell; a doorbell never fails a write. */
class RingingCommandQueueTest {

    @RegisterExtension
    final LogCapture logs = LogCapture.everything();

    private final InMemoryCommandQueue table = new InMemoryCommandQueue();
    private final InMemoryDoorbell doorbell = new InMemoryDoorbell();
    private final RingingCommandQueue commands = new RingingCommandQueue(table, doorbell);
    private final Command restart =
            Commands.remediation("inc-1", Fixtures.BUGGY_APP, Action.RESTART, null, "token-1", 10, false, Fixtures.NOW);

    private String ring(Command command) {
        return command.hostId() + " " + command.commandId();
    }

    @Nested
    class ANewCommand {

        @Test
        void isWrittenThenRungOnItsHostsDoorbell() {
            assertThat(commands.submit(restart)).isEqualTo(Submission.WRITTEN);

            assertThat(table.find(restart.hostId(), restart.commandId())).isPresent();
            assertThat(doorbell.rings()).containsExactly(ring(restart));
        }

        @Test
        void isWrittenEvenWhenTheDoorbellFailsAndTheFailureIsLogged() {
            doorbell.fail();

            assertThat(commands.submit(restart)).isEqualTo(Submission.WRITTEN);

            assertThat(table.find(restart.hostId(), restart.commandId())).isPresent();
            assertThat(logs.events("doorbell.not_rung")).singleElement().satisfies(line -> {
                assertThat(line.path("commandId").asText()).isEqualTo(restart.commandId());
                assertThat(line.path("hostId").asText()).isEqualTo(restart.hostId());
            });
        }
    }

    @Nested
    class ARetriedWrite {

        @Test
        void ofACommandStillWaitingRingsAgainForTheNewToken() {
            commands.submit(restart);
            Command retried = Commands.remediation(
                    "inc-1", Fixtures.BUGGY_APP, Action.RESTART, null, "token-2", 10, false, Fixtures.NOW);

            assertThat(commands.submit(retried)).isEqualTo(Submission.TOKEN_REPLACED);

            assertThat(doorbell.rings()).containsExactly(ring(restart), ring(restart));
        }

        @Test
        void ofACommandAlreadyClaimedDoesNotRing() {
            commands.submit(restart);
            table.claim(restart.hostId(), restart.commandId(), "agent-a");

            assertThat(commands.submit(restart)).isEqualTo(Submission.ALREADY_CLAIMED);

            assertThat(doorbell.rings()).containsExactly(ring(restart));
        }
    }
}
