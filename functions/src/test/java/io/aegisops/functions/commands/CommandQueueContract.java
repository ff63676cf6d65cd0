package io.aegisops.functions.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisops.contracts.Action;
import io.aegisops.contracts.Command;
import io.aegisops.contracts.CommandStatus;
import io.aegisops.contracts.CommandType;
import io.aegisops.contracts.RestartBudget;
import io.aegisops.contracts.Target;
import io.aegisops.functions.commands.CommandQueue.Submission;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What every {@link CommandQueue} keeps, held against the DynamoDB adapter ({@link CommandQueueDynamoDbTest}) and
 * the in-memory fake ({@link InMemoryCommandQueueTest}): a command lands once, in its host's partition, as the agent
 * reads it.
 */
abstract class CommandQueueContract {

    static final Instant NOW = Instant.parse("2026-11-21T03:15:00Z");
    static final Target TARGET = new Target(
            "buggy-app",
            "edge-1",
            "buggy-app-container",
            "http://127.0.0.1:8080/health",
            Set.of(Action.RESTART),
            Set.of(),
            RestartBudget.DEFAULT);

    final CommandQueue queue;

    CommandQueueContract(CommandQueue queue) {
        this.queue = queue;
    }

    /** The command as the agent reads it, or empty. */
    abstract Optional<Command> find(String hostId, String commandId);

    /** The commands of one host, in command-id order. */
    abstract List<Command> commandsOf(String hostId);

    /** What an agent's claim does to the command: it is no longer PENDING. */
    abstract void claim(String hostId, String commandId, String agentId);

    @Nested
    class RetriedWriter {
        @Test
        void neverAddsASecondCommandAndAPendingCommandTakesTheNewTaskToken() {
            String incident = "inc-" + UUID.randomUUID();
            assertThat(queue.submit(
                            Commands.remediation(incident, TARGET, Action.RESTART, null, "token-1", 10, false, NOW)))
                    .isEqualTo(Submission.WRITTEN);
            assertThat(queue.submit(Commands.remediation(
                            incident, TARGET, Action.RESTART, null, "token-2", 10, true, NOW.plusSeconds(5))))
                    .isEqualTo(Submission.TOKEN_REPLACED);

            List<Command> commands = commandsOfIncident(incident);
            assertThat(commands).hasSize(1);
            assertThat(commands.getFirst().taskToken())
                    .as("the waiting task's token")
                    .isEqualTo("token-2");
            assertThat(commands.getFirst().dryRun()).as("nothing else changes").isFalse();
            assertThat(commands.getFirst().createdAt()).isEqualTo(NOW);
        }

        @Test
        void aClaimedCommandKeepsItsToken() {
            String incident = "inc-" + UUID.randomUUID();
            queue.submit(Commands.remediation(incident, TARGET, Action.RESTART, null, "token-1", 10, false, NOW));
            claim("edge-1", incident + "#restart#1", "agent-1");

            assertThat(queue.submit(
                            Commands.remediation(incident, TARGET, Action.RESTART, null, "token-2", 10, false, NOW)))
                    .isEqualTo(Submission.ALREADY_CLAIMED);

            List<Command> commands = commandsOfIncident(incident);
            assertThat(commands).hasSize(1);
            assertThat(commands.getFirst().taskToken()).isEqualTo("token-1");
            assertThat(commands.getFirst().status()).isEqualTo(CommandStatus.CLAIMED);
            assertThat(commands.getFirst().claimedBy()).isEqualTo("agent-1");
        }
    }

    @Test
    void aNewCommandIsPendingAndReadsBackAsItWasWritten() {
        String incident = "inc-" + UUID.randomUUID();
        Command restart = Commands.remediation(incident, TARGET, Action.RESTART, null, "token-1", 10, true, NOW);

        queue.submit(restart);

        assertThat(find("edge-1", incident + "#restart#1")).contains(restart);
        assertThat(restart.status()).isEqualTo(CommandStatus.PENDING);
    }

    @Test
    void probesOfEachAttemptAreSeparateCommands() {
        String incident = "inc-" + UUID.randomUUID();
        assertThat(queue.submit(Commands.probe(incident, TARGET, "t1", 1, 3, Action.RESTART, null, NOW)))
                .isEqualTo(Submission.WRITTEN);
        assertThat(queue.submit(Commands.probe(incident, TARGET, "t2", 2, 3, Action.RESTART, null, NOW)))
                .isEqualTo(Submission.WRITTEN);

        Command second = find("edge-1", incident + "#probe#2").orElseThrow();
        assertThat(second.type()).isEqualTo(CommandType.PROBE);
        assertThat(second.status()).isEqualTo(CommandStatus.PENDING);
        assertThat(second.params())
                .containsEntry("healthUrl", "http://127.0.0.1:8080/health")
                .containsEntry("attempts", "3");
    }

    private List<Command> commandsOfIncident(String incident) {
        return commandsOf("edge-1").stream()
                .filter(c -> c.commandId().startsWith(incident + "#"))
                .toList();
    }
}
