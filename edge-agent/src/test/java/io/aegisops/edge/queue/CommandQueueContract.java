package io.aegisops.edge.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisops.contracts.Command;
import io.aegisops.contracts.CommandResult;
import io.aegisops.contracts.CommandStatus;
import io.aegisops.contracts.CommandType;
import io.aegisops.edge.CommandTable;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What every {@link CommandQueue} does, as its state diagram says: each change is conditional on the item's state
 * and changes nothing otherwise, which is how two agents never both act on one command. Run against the DynamoDB
 * adapter and against the in-memory fake the agent's unit tests use, so the fake cannot drift from the real thing.
 */
abstract class CommandQueueContract {

    /** When the commands were created (the queue orders by it; it reads no clock). */
    final Instant now = Instant.now();

    final String hostId = "host-" + UUID.randomUUID().toString().substring(0, 8);

    /** The queue under test, serving {@link #hostId}. */
    abstract CommandQueue queue();

    /** Writes a command (of any host) as the pipeline does. */
    abstract Command put(Command command);

    /** The command as stored now. */
    abstract Command get(Command command);

    /** Writes a PENDING item of {@link #hostId} whose type is not a command type. */
    abstract void putUnknownType(String commandId, String taskToken, String type);

    Command pending(CommandType type) {
        return put(CommandTable.pending(hostId, "web", type, "token-" + UUID.randomUUID(), Map.of(), false, now));
    }

    static CommandResult result(Command command, boolean success, String message) {
        return CommandResult.of(command.commandId(), command.type())
                .success(success)
                .message(message)
                .durationMs(12)
                .build();
    }

    @Nested
    class Poll {

        @Test
        void seesOnlyItsOwnHostsPendingAndClaimedCommandsOldestFirst() {
            Command newer = put(CommandTable.pending(hostId, "web", CommandType.PROBE, "t1", Map.of(), false, now));
            Command older = put(CommandTable.pending(
                    hostId, "web", CommandType.INSPECT, "t2", Map.of(), false, now.minusSeconds(30)));
            Command claimed = pending(CommandType.LOGS);
            queue().claim(claimed.commandId(), "agent-a", Long.MAX_VALUE);
            Command done = pending(CommandType.LOGS);
            queue().claim(done.commandId(), "agent-a", Long.MAX_VALUE);
            queue().complete(done.commandId(), "agent-a", CommandStatus.SUCCEEDED, result(done, true, "ok"));
            put(CommandTable.pending("another-host", "web", CommandType.RESTART, "t3", Map.of(), false));

            QueueSnapshot snapshot = queue().poll();

            assertThat(snapshot.pending())
                    .extracting(Command::commandId)
                    .containsExactly(older.commandId(), newer.commandId());
            assertThat(snapshot.claimed()).extracting(Command::commandId).containsExactly(claimed.commandId());
            assertThat(snapshot.unreadable()).isEmpty();
        }

        @Test
        void reportsAPendingItemOfAnUnknownTypeAsUnreadableWithItsToken() {
            putUnknownType("inc-x#shell#1", "token-shell", "SHELL");

            QueueSnapshot snapshot = queue().poll();

            assertThat(snapshot.pending()).isEmpty();
            assertThat(snapshot.unreadable()).singleElement().satisfies(u -> {
                assertThat(u.commandId()).isEqualTo("inc-x#shell#1");
                assertThat(u.taskToken()).isEqualTo("token-shell");
                assertThat(u.reason()).contains("SHELL");
            });
        }
    }

    @Nested
    class Read {

        @Test
        void findsOnePendingOrClaimedCommandOfItsHost() {
            Command waiting = pending(CommandType.RESTART);
            Command claimed = pending(CommandType.PROBE);
            queue().claim(claimed.commandId(), "agent-a", Long.MAX_VALUE);

            assertThat(queue().read(waiting.commandId()).pending())
                    .extracting(Command::commandId)
                    .containsExactly(waiting.commandId());
            assertThat(queue().read(claimed.commandId()).claimed())
                    .singleElement()
                    .satisfies(c -> assertThat(c.claimedBy()).isEqualTo("agent-a"));
        }

        @Test
        void findsNothingForADoneUnknownOrForeignCommand() {
            Command done = pending(CommandType.LOGS);
            queue().claim(done.commandId(), "agent-a", Long.MAX_VALUE);
            queue().complete(done.commandId(), "agent-a", CommandStatus.SUCCEEDED, result(done, true, "ok"));
            Command foreign =
                    put(CommandTable.pending("another-host", "web", CommandType.RESTART, "t3", Map.of(), false));

            for (String commandId : new String[] {done.commandId(), "inc-none#restart#1", foreign.commandId()}) {
                QueueSnapshot snapshot = queue().read(commandId);
                assertThat(snapshot.pending()).as(commandId).isEmpty();
                assertThat(snapshot.claimed()).as(commandId).isEmpty();
                assertThat(snapshot.unreadable()).as(commandId).isEmpty();
            }
        }

        @Test
        void reportsAPendingItemOfAnUnknownTypeAsUnreadable() {
            putUnknownType("inc-x#shell#1", "token-shell", "SHELL");

            assertThat(queue().read("inc-x#shell#1").unreadable())
                    .singleElement()
                    .satisfies(u -> assertThat(u.taskToken()).isEqualTo("token-shell"));
        }
    }

    @Nested
    class AnUnreadableItem {

        @Test
        void isClaimedAndRecordedLikeACommandAndThenNoLongerReported() {
            putUnknownType("inc-x#shell#1", "token-shell", "SHELL");

            assertThat(queue().claim("inc-x#shell#1", "agent-a", 1_000L)).isTrue();
            assertThat(queue().poll().unreadable()).isEmpty();
            assertThat(queue().complete(
                                    "inc-x#shell#1",
                                    "agent-a",
                                    CommandStatus.FAILED,
                                    CommandResult.notRun("inc-x#shell#1", null, false, "cannot be read")))
                    .isTrue();

            QueueSnapshot snapshot = queue().poll();
            assertThat(snapshot.unreadable()).isEmpty();
            assertThat(snapshot.claimed()).isEmpty();
        }
    }

    @Nested
    class Claim {

        @Test
        void succeedsForExactlyOneOfManyAgentsRacingForOneCommand() throws Exception {
            Command command = pending(CommandType.RESTART);
            ExecutorService racers = Executors.newFixedThreadPool(8);
            try {
                var attempts = IntStream.range(0, 8)
                        .mapToObj(i -> (Callable<Boolean>)
                                () -> queue().claim(command.commandId(), "agent-" + i, Long.MAX_VALUE))
                        .toList();
                long winners = 0;
                for (Future<Boolean> attempt : racers.invokeAll(attempts)) {
                    winners += attempt.get() ? 1 : 0;
                }
                assertThat(winners).isEqualTo(1);
            } finally {
                racers.shutdown();
            }
            Command claimed = get(command);
            assertThat(claimed.status()).isEqualTo(CommandStatus.CLAIMED);
            assertThat(claimed.claimedBy()).startsWith("agent-");
            assertThat(claimed.leaseUntil()).isEqualTo(Long.MAX_VALUE);
        }

        @Test
        void failsForACommandThatIsNoLongerPending() {
            Command command = pending(CommandType.RESTART);
            queue().claim(command.commandId(), "agent-a", 1_000L);

            assertThat(queue().claim(command.commandId(), "agent-b", 2_000L)).isFalse();
            assertThat(get(command).claimedBy()).isEqualTo("agent-a");
        }

        @Test
        void failsForACommandThatDoesNotExist() {
            assertThat(queue().claim("no-such-command", "agent-a", 1_000L)).isFalse();
        }
    }

    @Nested
    class TheHolder {

        @Test
        void renewsItsLeaseAndNoOneElseCan() {
            Command command = pending(CommandType.RESTART);
            queue().claim(command.commandId(), "agent-a", 1_000L);

            assertThat(queue().renew(command.commandId(), "agent-b", 9_000L)).isFalse();
            assertThat(queue().renew(command.commandId(), "agent-a", 5_000L)).isTrue();
            assertThat(get(command).leaseUntil()).isEqualTo(5_000L);
        }

        @Test
        void releasesItBackToPendingAndNoOneElseCan() {
            Command command = pending(CommandType.RESTART);
            queue().claim(command.commandId(), "agent-a", 1_000L);

            assertThat(queue().release(command.commandId(), "agent-b")).isFalse();
            assertThat(queue().release(command.commandId(), "agent-a")).isTrue();
            Command released = get(command);
            assertThat(released.status()).isEqualTo(CommandStatus.PENDING);
            assertThat(released.claimedBy()).isNull();
            assertThat(released.leaseUntil()).isNull();
            assertThat(queue().claim(command.commandId(), "agent-b", 2_000L)).isTrue();
        }

        @Test
        void recordsTheOutcomeAndNoOneElseCan() {
            Command command = pending(CommandType.RESTART);
            queue().claim(command.commandId(), "agent-a", 1_000L);

            assertThat(queue().complete(
                                    command.commandId(), "agent-b", CommandStatus.FAILED, result(command, false, "no")))
                    .isFalse();
            assertThat(queue().complete(
                                    command.commandId(),
                                    "agent-a",
                                    CommandStatus.SUCCEEDED,
                                    result(command, true, "restarted")))
                    .isTrue();

            Command done = get(command);
            assertThat(done.status()).isEqualTo(CommandStatus.SUCCEEDED);
            assertThat(done.result()).isEqualTo(result(command, true, "restarted"));
            assertThat(done.taskToken()).isEqualTo(command.taskToken());
        }

        @Test
        void recordsTheTruthEvenAfterAnotherAgentMarkedItAbandoned() {
            Command command = pending(CommandType.RESTART);
            queue().claim(command.commandId(), "slow-agent", 1_000L);
            queue().abandon(command.commandId(), "slow-agent", 1_000L, result(command, false, "abandoned"));

            assertThat(queue().complete(
                                    command.commandId(),
                                    "slow-agent",
                                    CommandStatus.SUCCEEDED,
                                    result(command, true, "restarted")))
                    .isTrue();
            assertThat(get(command).status()).isEqualTo(CommandStatus.SUCCEEDED);
        }
    }

    @Nested
    class Expire {

        @Test
        void marksAPendingCommandExpired() {
            Command command = pending(CommandType.RESTART);

            assertThat(queue().expire(command.commandId(), result(command, false, "too old")))
                    .isTrue();
            Command expired = get(command);
            assertThat(expired.status()).isEqualTo(CommandStatus.EXPIRED);
            assertThat(expired.result().message()).isEqualTo("too old");
            assertThat(queue().claim(command.commandId(), "agent-a", 1_000L)).isFalse();
        }

        @Test
        void leavesAClaimedCommandAlone() {
            Command command = pending(CommandType.RESTART);
            queue().claim(command.commandId(), "agent-a", 1_000L);

            assertThat(queue().expire(command.commandId(), result(command, false, "too old")))
                    .isFalse();
            assertThat(get(command).status()).isEqualTo(CommandStatus.CLAIMED);
        }
    }

    @Nested
    class Abandon {

        @Test
        void marksALapsedClaimFailedWithItsHolderKept() {
            Command command = pending(CommandType.RESTART);
            queue().claim(command.commandId(), "dead-agent", 1_000L);

            assertThat(queue().abandon(command.commandId(), "dead-agent", 1_000L, result(command, false, "abandoned")))
                    .isTrue();
            Command abandoned = get(command);
            assertThat(abandoned.status()).isEqualTo(CommandStatus.FAILED);
            assertThat(abandoned.claimedBy()).isEqualTo("dead-agent");
            assertThat(abandoned.result().message()).isEqualTo("abandoned");
        }

        @Test
        void losesToALeaseRenewedSinceItWasRead() {
            Command command = pending(CommandType.RESTART);
            queue().claim(command.commandId(), "live-agent", 1_000L);
            queue().renew(command.commandId(), "live-agent", 2_000L);

            assertThat(queue().abandon(command.commandId(), "live-agent", 1_000L, result(command, false, "abandoned")))
                    .isFalse();
            assertThat(get(command).status()).isEqualTo(CommandStatus.CLAIMED);
        }

        @Test
        void neverTurnsACommandBackToPending() {
            Command command = pending(CommandType.RESTART);
            queue().claim(command.commandId(), "dead-agent", 1_000L);
            queue().abandon(command.commandId(), "dead-agent", 1_000L, result(command, false, "abandoned"));

            assertThat(queue().claim(command.commandId(), "agent-b", 5_000L)).isFalse();
            assertThat(queue().poll().pending()).isEmpty();
            assertThat(queue().poll().claimed()).isEmpty();
        }
    }
}
