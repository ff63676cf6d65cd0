package io.aegisops.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisops.contracts.Command;
import io.aegisops.contracts.CommandStatus;
import io.aegisops.contracts.CommandType;
import io.aegisops.edge.actions.CommandExecutor;
import io.aegisops.edge.answers.InMemoryTaskAnswers;
import io.aegisops.edge.config.AgentConfig;
import io.aegisops.edge.config.ConfigLoader;
import io.aegisops.edge.doorbell.InMemoryDoorbell;
import io.aegisops.edge.liveness.InMemoryLiveness;
import io.aegisops.edge.ops.Metrics;
import io.aegisops.edge.queue.InMemoryCommandQueue;
import io.aegisops.edge.queue.InMemoryCommandQueue.Operation;
import io.aegisops.edge.runtime.InMemoryContainerRuntime;
import io.aegisops.edge.time.ManualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The agent with a doorbell, on a manual clock against in-memory fakes: a ring starts its command at once, a lost
 * ring is made good by the safety poll, a ring never runs a command twice, and an idle agent stays within issue 17's
 * request budget.
 */
class DoorbellAgentTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final String HOST = "edge-1";
    private static final String ME = HOST + "/agent-a";

    private final ManualScheduler clock = new ManualScheduler(T0);
    private final InMemoryCommandQueue queue = new InMemoryCommandQueue(HOST);
    private final InMemoryDoorbell doorbell = new InMemoryDoorbell(clock);
    private final InMemoryTaskAnswers answers = new InMemoryTaskAnswers(clock::now);
    private final InMemoryContainerRuntime runtime = new InMemoryContainerRuntime(clock::now);
    private final AgentConfig config = TestConfigs.agent(HOST, "test-", TestConfigs.container("web", null))
            .withDoorbell("aegis-edge-edge-1", ConfigLoader.DEFAULT_SAFETY_POLL);
    private final CapturedLog log = new CapturedLog();
    private final InMemoryLiveness liveness = new InMemoryLiveness();

    /** Where claimed commands run: at once on the test's thread, unless a test holds them back. */
    private final List<Runnable> heldBack = new ArrayList<>();

    private boolean holdBack;
    private final Executor threads = work -> {
        if (holdBack) {
            heldBack.add(work);
        } else {
            work.run();
        }
    };
    private final Agent agent = new Agent(
            config,
            queue,
            doorbell,
            liveness,
            answers,
            new CommandExecutor(config, runtime, url -> {
                throw new AssertionError("no health URL here");
            }),
            new Agent.Options(ME, false),
            clock,
            log.log(),
            new Metrics(),
            threads);

    DoorbellAgentTest() {
        runtime.add("web");
    }

    private Command write(CommandType type) {
        return queue.put(CommandTable.pending(HOST, "web", type, answers.openTask(), Map.of(), false, clock.now()));
    }

    private int tableRequests() {
        return queue.calls(Operation.POLL) + queue.calls(Operation.READ);
    }

    /** Starts listening: the first turn reads the table, then a long poll runs its course (20 s). */
    private void idleFirstTurn() {
        agent.listenOnce();
        assertThat(clock.now()).isEqualTo(T0.plusSeconds(20));
    }

    @Nested
    class ARing {

        @Test
        void claimsAndRunsItsCommandAtOnceWithoutReadingThePartition() {
            idleFirstTurn();
            Command restart = write(CommandType.RESTART);
            doorbell.ring(restart.commandId());

            agent.listenOnce();

            assertThat(queue.get(restart.commandId()).status()).isEqualTo(CommandStatus.SUCCEEDED);
            assertThat(queue.get(restart.commandId()).claimedBy()).isEqualTo(ME);
            assertThat(runtime.restarts("web")).isEqualTo(1);
            assertThat(clock.now()).as("no time passed").isEqualTo(T0.plusSeconds(20));
            assertThat(queue.calls(Operation.POLL))
                    .as("only the first safety poll")
                    .isEqualTo(1);
            assertThat(doorbell.unanswered()).isEmpty();
        }

        @Test
        void rungTwiceRestartsTheContainerOnceAndAnswersBoth() {
            idleFirstTurn();
            Command restart = write(CommandType.RESTART);
            doorbell.ring(restart.commandId());
            doorbell.ring(restart.commandId());

            agent.listenOnce();
            doorbell.ring(restart.commandId());
            agent.listenOnce();

            assertThat(runtime.restarts("web")).isEqualTo(1);
            assertThat(queue.calls(Operation.CLAIM)).isEqualTo(1);
            assertThat(answers.calls(restart.taskToken()).stream().filter(InMemoryTaskAnswers.Call::isAnswer))
                    .hasSize(1);
            assertThat(doorbell.unanswered()).isEmpty();
        }

        @Test
        void forACommandAnotherAgentClaimedOrNoOneKnowsIsAnsweredAndStartsNothing() {
            idleFirstTurn();
            Command taken = write(CommandType.RESTART);
            queue.claim(taken.commandId(), HOST + "/agent-b", clock.millis() + 60_000);
            doorbell.ring(taken.commandId());
            doorbell.ring("inc-unknown#restart#1");
            doorbell.ring("");

            agent.listenOnce();

            assertThat(runtime.restarts("web")).isZero();
            assertThat(queue.get(taken.commandId()).claimedBy()).isEqualTo(HOST + "/agent-b");
            assertThat(doorbell.unanswered()).isEmpty();
        }

        @Test
        void whileEverySlotIsBusyIsLeftToRingAgainAndThenClaimed() {
            idleFirstTurn();
            holdBack = true;
            List<Command> inspects =
                    List.of(write(CommandType.INSPECT), write(CommandType.INSPECT), write(CommandType.INSPECT));
            inspects.forEach(c -> doorbell.ring(c.commandId()));

            agent.listenOnce();

            assertThat(doorbell.unanswered()).containsExactly(inspects.get(2).commandId());
            assertThat(queue.get(inspects.get(2).commandId()).status()).isEqualTo(CommandStatus.PENDING);

            holdBack = false;
            heldBack.forEach(Runnable::run);
            doorbell.redeliver();
            agent.listenOnce();

            assertThat(inspects)
                    .allSatisfy(
                            c -> assertThat(queue.get(c.commandId()).status()).isEqualTo(CommandStatus.SUCCEEDED));
            assertThat(doorbell.unanswered()).isEmpty();
        }

        @Test
        void thatTheTableDidNotAnswerForRingsAgainAndIsThenClaimed() {
            idleFirstTurn();
            Command restart = write(CommandType.RESTART);
            doorbell.ring(restart.commandId());
            queue.failNext(Operation.READ, 1);

            agent.listenOnce();

            assertThat(doorbell.unanswered()).containsExactly(restart.commandId());
            assertThat(log.events("doorbell.ring_unanswered")).hasSize(1);

            doorbell.redeliver();
            agent.listenOnce();

            assertThat(queue.get(restart.commandId()).status()).isEqualTo(CommandStatus.SUCCEEDED);
            assertThat(runtime.restarts("web")).isEqualTo(1);
        }
    }

    @Nested
    class ALostRing {

        @Test
        void costsOnlyLatencyTheSafetyPollFindsTheCommand() {
            idleFirstTurn();
            Command restart = write(CommandType.RESTART); // written, never rung

            while (clock.now().isBefore(T0.plus(ConfigLoader.DEFAULT_SAFETY_POLL))) {
                agent.listenOnce();
            }
            assertThat(queue.get(restart.commandId()).status()).isEqualTo(CommandStatus.PENDING);
            assertThat(clock.now()).isEqualTo(T0.plus(ConfigLoader.DEFAULT_SAFETY_POLL));

            agent.listenOnce();

            assertThat(queue.get(restart.commandId()).status()).isEqualTo(CommandStatus.SUCCEEDED);
            assertThat(runtime.restarts("web")).isEqualTo(1);
        }

        @Test
        void behindADoorbellThatDoesNotAnswerIsStillFoundByTheSafetyPoll() {
            idleFirstTurn();
            doorbell.failing(true);
            Command restart = write(CommandType.RESTART);

            while (queue.get(restart.commandId()).status() == CommandStatus.PENDING) {
                agent.listenOnce();
                assertThat(clock.now()).isBefore(T0.plus(Duration.ofMinutes(3)));
            }

            assertThat(runtime.restarts("web")).isEqualTo(1);
            assertThat(log.events("doorbell.failed")).isNotEmpty();
        }
    }

    @Nested
    class AnIdleAgent {

        @Test
        void makesAtMostFourRequestsAMinuteLongPollsSafetyPollsAndLivenessWrites() {
            Instant end = T0.plus(Duration.ofMinutes(12));
            while (clock.now().isBefore(end)) {
                agent.listenOnce();
            }

            assertThat(doorbell.waits()).hasSize(36).containsOnly(Duration.ofSeconds(20));
            assertThat(tableRequests()).as("a Query every 80 s").isEqualTo(9);
            assertThat(liveness.reports()).as("a liveness write every 240 s").hasSize(3);
            assertThat(doorbell.requests()
                            + tableRequests()
                            + liveness.reports().size())
                    .isLessThanOrEqualTo(4 * 12);
        }
    }

    @Nested
    class ItsLiveness {

        @Test
        void isReportedAtTheFirstTurnWithWhoTheAgentIsAndWhenItLastPolled() {
            idleFirstTurn();

            assertThat(liveness.reports()).hasSize(1);
            var first = liveness.last();
            assertThat(first.hostId()).isEqualTo(HOST);
            assertThat(first.agentId()).isEqualTo(ME);
            assertThat(first.runtime()).isEqualTo("docker");
            assertThat(first.startedAt()).isEqualTo(T0);
            assertThat(first.lastPollAt()).isEqualTo(T0);
            assertThat(first.lastHeartbeatAt()).isEqualTo(T0);
            assertThat(first.ttl()).isEqualTo(T0.plus(Duration.ofDays(7)).getEpochSecond());
        }

        @Test
        void afterCommandsRanIsReportedSoonerWithTheirCounts() {
            idleFirstTurn();
            doorbell.ring(write(CommandType.RESTART).commandId());
            agent.listenOnce(); // runs the restart at 20 s
            runtime.duringNextRestart(() -> {
                throw new IllegalStateException("the engine refused the start");
            });
            doorbell.ring(write(CommandType.RESTART).commandId());
            agent.listenOnce(); // runs the failing restart, still at 20 s

            while (liveness.reports().size() < 2) {
                agent.listenOnce();
            }

            assertThat(liveness.last().lastHeartbeatAt())
                    .as("the first turn at least 30 s after the first report, not 240 s")
                    .isEqualTo(T0.plusSeconds(40));
            assertThat(liveness.last().commandsRun()).isEqualTo(2);
            assertThat(liveness.last().commandsFailed()).isEqualTo(1);
        }

        @Test
        void thatFailsIsLoggedAndTriedAgainAtTheNextTurnWhilePollingGoesOn() {
            liveness.failing(true);
            agent.listenOnce();
            agent.listenOnce();
            assertThat(log.events("liveness.not_reported")).hasSize(2);

            liveness.failing(false);
            Command restart = write(CommandType.RESTART);
            doorbell.ring(restart.commandId());
            agent.listenOnce();

            assertThat(queue.get(restart.commandId()).status()).isEqualTo(CommandStatus.SUCCEEDED);
            assertThat(liveness.reports()).hasSize(1);
            assertThat(liveness.last().lastHeartbeatAt()).isEqualTo(T0.plusSeconds(40));
        }
    }
}
