package io.aegisops.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aegisops.contracts.Command;
import io.aegisops.contracts.CommandResult;
import io.aegisops.contracts.CommandStatus;
import io.aegisops.contracts.CommandType;
import io.aegisops.contracts.Json;
import io.aegisops.contracts.redact.Redactor;
import io.aegisops.edge.actions.CommandExecutor;
import io.aegisops.edge.answers.AnswerOutcome;
import io.aegisops.edge.answers.InMemoryTaskAnswers;
import io.aegisops.edge.answers.InMemoryTaskAnswers.Call;
import io.aegisops.edge.config.AgentConfig;
import io.aegisops.edge.ops.AgentHealth;
import io.aegisops.edge.ops.Metrics;
import io.aegisops.edge.queue.InMemoryCommandQueue;
import io.aegisops.edge.queue.InMemoryCommandQueue.Operation;
import io.aegisops.edge.queue.UnreadableCommand;
import io.aegisops.edge.runtime.InMemoryContainerRuntime;
import io.aegisops.edge.time.ManualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The agent's safety rules (lease, heartbeat, abandonment, exactly once, answer retries, shutdown) on a manual
 * clock, against in-memory fakes of the queue, the task answers and the runtime, each command's work run on the
 * test's own thread: nothing waits for real, and every run is the same.
 */
class AgentTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final String HOST = "edge-1";
    private static final String A = HOST + "/agent-a";
    private static final String B = HOST + "/agent-b";

    /** TestConfigs.agent: a 10 s lease renewed every 2 s, commands at most 10 min old, 2 s the longest backoff. */
    private static final Duration LEASE = Duration.ofSeconds(10);

    private final ManualScheduler clock = new ManualScheduler(T0);
    private final InMemoryCommandQueue queue = new InMemoryCommandQueue(HOST);
    private final InMemoryTaskAnswers answers = new InMemoryTaskAnswers(clock::now);
    private final InMemoryContainerRuntime runtime = new InMemoryContainerRuntime(clock::now);
    private final AgentConfig config = TestConfigs.agent(
            HOST,
            "test-",
            TestConfigs.container("web", null),
            TestConfigs.container("api", null, CommandType.INSPECT),
            TestConfigs.container("gone", null));
    private final Metrics metrics = new Metrics();
    private final CapturedLog log = new CapturedLog();
    private final Agent agent = agent(A, clock, metrics, log);

    AgentTest() {
        runtime.add("web");
        runtime.add("api");
    }

    private Agent agent(String agentId, ManualScheduler scheduler, Metrics metrics, CapturedLog log) {
        CommandExecutor executor = new CommandExecutor(config, runtime, url -> {
            throw new AssertionError("no container here has a health URL");
        });
        return new Agent(
                config,
                queue,
                answers,
                executor,
                new Agent.Options(agentId, false),
                scheduler,
                log.log(),
                metrics,
                Runnable::run);
    }

    private Command write(String container, CommandType type) {
        return queue.put(CommandTable.pending(HOST, container, type, answers.openTask(), Map.of(), false, clock.now()));
    }

    private Command writeCreatedAt(Instant createdAt) {
        return queue.put(
                CommandTable.pending(HOST, "web", CommandType.RESTART, answers.openTask(), Map.of(), false, createdAt));
    }

    private Command stored(Command command) {
        return queue.get(command.commandId());
    }

    /** The agent's process ends where it is: nothing of it runs on, no finally block of the agent's own code. */
    private static final class Killed extends Error {
        private static final long serialVersionUID = 1L;
    }

    private static long millis(Instant at) {
        return at.toEpochMilli();
    }

    private static Command copy(Command c, CommandStatus status, String claimedBy, Long leaseUntil, Long ttl) {
        return new Command(
                c.commandId(),
                c.hostId(),
                c.incidentId(),
                c.type(),
                c.container(),
                c.params(),
                c.dryRun(),
                c.taskToken(),
                status,
                claimedBy,
                leaseUntil,
                c.createdAt(),
                c.result(),
                ttl);
    }

    @Nested
    class ACommandThatRuns {

        @Test
        void isClaimedRunAnsweredAndRecordedOnce() {
            Command command = write("web", CommandType.RESTART);

            assertThat(agent.pollOnce()).isEqualTo(1);
            assertThat(agent.pollOnce()).isZero();

            Command recorded = stored(command);
            assertThat(recorded.status()).isEqualTo(CommandStatus.SUCCEEDED);
            assertThat(recorded.claimedBy()).isEqualTo(A);
            assertThat(recorded.result().success()).isTrue();
            assertThat(runtime.restarts("web")).isEqualTo(1);
            assertThat(answers.answers(command.taskToken())).singleElement().satisfies(answer -> {
                assertThat(answer.operation()).isEqualTo(InMemoryTaskAnswers.SUCCESS);
                assertThat(Json.read(answer.output(), CommandResult.class)).isEqualTo(recorded.result());
            });
            assertThat(metrics.value(AgentMetrics.CLAIMS)).isEqualTo(1);
            assertThat(metrics.value(AgentMetrics.COMMANDS, "type", "RESTART", "outcome", "succeeded"))
                    .isEqualTo(1);
            assertThat(agent.health().inFlight()).isZero();
        }

        @Test
        void everyLineWrittenWhileItRunsNamesTheCommandAndItsIncident() {
            Command command = write("web", CommandType.RESTART);

            agent.pollOnce();

            assertThat(log.events("command.started")).isNotEmpty();
            assertThat(log.events("command.finished")).singleElement().satisfies(line -> {
                assertThat(line.path("requestId").asText()).isEqualTo(command.commandId());
                assertThat(line.path("incidentId").asText()).isEqualTo(command.incidentId());
            });
        }

        @Test
        void thatFailsIsAnsweredWithItsErrorAndRecordedFailed() {
            Command command = write("gone", CommandType.RESTART);

            agent.pollOnce();

            assertThat(answers.answers(command.taskToken())).singleElement().satisfies(answer -> {
                assertThat(answer.operation()).isEqualTo(InMemoryTaskAnswers.FAILURE);
                assertThat(answer.error()).isEqualTo("Aegis.ContainerNotFound");
            });
            assertThat(stored(command).status()).isEqualTo(CommandStatus.FAILED);
            assertThat(metrics.value(AgentMetrics.COMMANDS, "type", "RESTART", "outcome", "failed"))
                    .isEqualTo(1);
        }
    }

    @Nested
    class TheLease {

        @Test
        void isTakenFromTheClockWhenTheCommandIsClaimed() {
            Command command = write("web", CommandType.RESTART);
            Long[] leaseWhileRunning = new Long[1];
            runtime.duringNextRestart(
                    () -> leaseWhileRunning[0] = stored(command).leaseUntil());

            agent.pollOnce();

            assertThat(leaseWhileRunning[0]).isEqualTo(millis(T0.plus(LEASE)));
        }

        @Test
        void isRenewedWithAHeartbeatEveryIntervalWhileTheActionRuns() {
            Command command = write("web", CommandType.RESTART);
            runtime.duringNextRestart(() -> clock.advance(Duration.ofSeconds(7)));

            agent.pollOnce();

            assertThat(answers.heartbeats(command.taskToken()))
                    .as("the check before running, then one every 2 s")
                    .extracting(Call::at)
                    .containsExactly(T0, T0.plusSeconds(2), T0.plusSeconds(4), T0.plusSeconds(6));
            assertThat(answers.heartbeats(command.taskToken())).allMatch(Call::delivered);
            assertThat(answers.answers(command.taskToken()))
                    .extracting(Call::at)
                    .containsExactly(T0.plusSeconds(7));
            assertThat(stored(command).leaseUntil())
                    .isEqualTo(millis(T0.plusSeconds(6).plus(LEASE)));
        }

        @Test
        void isNoLongerKeptOnceTheOutcomeIsRecorded() {
            Command command = write("web", CommandType.RESTART);
            runtime.duringNextRestart(() -> clock.advance(Duration.ofSeconds(3)));
            agent.pollOnce();
            Long recordedLease = stored(command).leaseUntil();

            clock.advance(Duration.ofMinutes(5));

            assertThat(clock.repeating()).isZero();
            assertThat(stored(command).leaseUntil()).isEqualTo(recordedLease);
            assertThat(answers.heartbeats(command.taskToken())).hasSize(2);
        }

        @Test
        void staysRenewedWithoutHeartbeatsWhileTheAnswerIsRetried() {
            Command command = write("web", CommandType.RESTART);
            runtime.duringNextRestart(() -> clock.advance(Duration.ofSeconds(1)));
            answers.failNextAnswers(3);

            agent.pollOnce();

            assertThat(answers.heartbeats(command.taskToken()))
                    .as("only the check: the action ended before the first renewal")
                    .hasSize(1);
            assertThat(stored(command).leaseUntil())
                    .as("renewed at 2 s, while the answer was retried")
                    .isGreaterThanOrEqualTo(millis(T0.plusSeconds(2).plus(LEASE)));
        }

        @Test
        void whoseRenewalFailsIsRenewedAgainAtTheNextInterval() {
            Command command = write("web", CommandType.RESTART);
            queue.failNext(Operation.RENEW, 1);
            runtime.duringNextRestart(() -> clock.advance(Duration.ofSeconds(5)));

            agent.pollOnce();

            assertThat(log.events("command.lease_renewal_failed")).hasSize(1);
            assertThat(stored(command).leaseUntil())
                    .isEqualTo(millis(T0.plusSeconds(4).plus(LEASE)));
            assertThat(stored(command).status()).isEqualTo(CommandStatus.SUCCEEDED);
        }
    }

    @Nested
    class AnotherAgentsClaim {

        private Command claimedBy(String holder, Instant leaseUntil) {
            Command pending =
                    CommandTable.pending(HOST, "web", CommandType.RESTART, answers.openTask(), Map.of(), false, T0);
            return queue.put(copy(pending, CommandStatus.CLAIMED, holder, millis(leaseUntil), pending.ttl()));
        }

        @Test
        void isLeftAloneUntilItsLeaseHasLapsed() {
            Command command = claimedBy(B, T0.plus(LEASE));

            agent.pollOnce();
            clock.advance(LEASE);
            agent.pollOnce();

            assertThat(stored(command).status()).isEqualTo(CommandStatus.CLAIMED);
            assertThat(metrics.total(AgentMetrics.COMMANDS)).isZero();
        }

        @Test
        void whoseLeaseLapsedIsMarkedAbandonedNeverRunNorAnswered() {
            Command command = claimedBy(B, T0.plus(LEASE));
            clock.advance(LEASE.plusMillis(1));

            agent.pollOnce();
            agent.pollOnce();

            Command abandoned = stored(command);
            assertThat(abandoned.status()).isEqualTo(CommandStatus.FAILED);
            assertThat(abandoned.claimedBy()).isEqualTo(B);
            assertThat(abandoned.result().success()).isFalse();
            assertThat(abandoned.result().message())
                    .contains("claimed by " + B + " whose lease lapsed at " + T0.plus(LEASE))
                    .contains("marked abandoned at " + T0.plus(LEASE).plusMillis(1) + " by " + A)
                    .contains("never re-run");
            assertThat(answers.calls(command.taskToken())).isEmpty();
            assertThat(runtime.restarts("web")).isZero();
            assertThat(metrics.value(AgentMetrics.COMMANDS, "type", "RESTART", "outcome", "abandoned"))
                    .isEqualTo(1);
            assertThat(metrics.value(AgentMetrics.CLAIMS)).isZero();
        }

        @Test
        void renewedSinceItWasReadIsNotAbandoned() {
            Command command = claimedBy(B, T0.plus(LEASE));
            clock.advance(LEASE.plusMillis(1));
            queue.afterNextPoll(
                    () -> queue.renew(command.commandId(), B, millis(clock.now().plus(LEASE))));

            agent.pollOnce();

            assertThat(stored(command).status()).isEqualTo(CommandStatus.CLAIMED);
            assertThat(metrics.total(AgentMetrics.COMMANDS)).isZero();
        }

        @Test
        void ofAnAgentThatDiedHalfWayThroughARestartIsNotReplayed() {
            Command command = write("web", CommandType.RESTART);
            Agent other = agent(B, clock, new Metrics(), new CapturedLog());
            runtime.duringNextRestart(() -> {
                throw new Killed();
            });
            assertThatThrownBy(agent::pollOnce).isInstanceOf(Killed.class);
            assertThat(stored(command).status()).isEqualTo(CommandStatus.CLAIMED);

            clock.advance(LEASE.plusMillis(1));
            other.pollOnce();
            other.pollOnce();

            assertThat(stored(command).status()).isEqualTo(CommandStatus.FAILED);
            assertThat(stored(command).claimedBy()).isEqualTo(A);
            assertThat(runtime.restarts("web"))
                    .as("the one restart begun, never a second")
                    .isEqualTo(1);
            assertThat(answers.answers(command.taskToken()))
                    .as("nobody answers: the task's heartbeat timeout escalates the incident")
                    .isEmpty();
        }

        @Test
        void ofAnAgentFrozenHalfWayThroughARestartLetsItFinishAndRecordTheTruth() {
            Command command = write("web", CommandType.RESTART);
            ManualScheduler otherClock = new ManualScheduler(T0);
            Metrics otherMetrics = new Metrics();
            Agent other = agent(B, otherClock, otherMetrics, new CapturedLog());
            runtime.duringNextRestart(() -> {
                // frozen: only the other agent's time passes, and it finds the lease lapsed
                otherClock.advance(LEASE.plusSeconds(1));
                other.pollOnce();
                assertThat(stored(command).status()).isEqualTo(CommandStatus.FAILED);
                // thawed: the frozen agent's renewals come due and find the command abandoned
                clock.advance(LEASE.plusSeconds(1));
            });

            agent.pollOnce();

            Command done = stored(command);
            assertThat(done.status()).isEqualTo(CommandStatus.SUCCEEDED);
            assertThat(done.claimedBy()).isEqualTo(A);
            assertThat(done.result().success()).isTrue();
            assertThat(answers.answers(command.taskToken()))
                    .singleElement()
                    .satisfies(answer -> assertThat(answer.delivered()).isTrue());
            assertThat(runtime.restarts("web")).isEqualTo(1);
            assertThat(otherMetrics.value(AgentMetrics.CLAIMS)).isZero();
            assertThat(otherMetrics.value(AgentMetrics.COMMANDS, "type", "RESTART", "outcome", "abandoned"))
                    .isEqualTo(1);
            assertThat(log.events("command.lease_lost")).isNotEmpty();
        }
    }

    @Nested
    class Evidence {

        @Test
        void leavesTheAgentRedactedSoNoSecretReachesTheExecutionHistory() {
            runtime.print("web", "connecting with DB_PASSWORD=hunter2-prod");
            runtime.print("web", "Authorization: Bearer abcdef0123456789xyz");
            Command command = write("web", CommandType.INSPECT);

            agent.pollOnce();

            assertThat(answers.answers(command.taskToken()))
                    .singleElement()
                    .satisfies(answer -> assertThat(answer.output())
                            .doesNotContain("hunter2-prod", "abcdef0123456789xyz")
                            .contains("DB_PASSWORD=", Redactor.MASK));
            assertThat(stored(command).result().logs()).doesNotContain("hunter2-prod");
        }
    }

    @Nested
    class TwoAgentsReadingTheSameCommands {

        @Test
        void runEachOfThemExactlyOnce() {
            List<Command> commands = List.of(
                    write("web", CommandType.RESTART),
                    write("web", CommandType.INSPECT),
                    write("api", CommandType.INSPECT));
            Metrics otherMetrics = new Metrics();
            Agent other = agent(B, clock, otherMetrics, new CapturedLog());
            // the other agent reads, claims and runs them between this agent's read and its claims
            queue.afterNextPoll(other::pollOnce);

            assertThat(agent.pollOnce()).isZero();

            assertThat(runtime.restarts("web")).isEqualTo(1);
            for (Command command : commands) {
                assertThat(stored(command).claimedBy()).isEqualTo(B);
                assertThat(answers.answers(command.taskToken()))
                        .singleElement()
                        .satisfies(answer -> assertThat(answer.operation()).isEqualTo(InMemoryTaskAnswers.SUCCESS));
            }
            assertThat(metrics.value(AgentMetrics.CLAIM_CONFLICTS)).isEqualTo(3);
            assertThat(metrics.value(AgentMetrics.CLAIMS)).isZero();
            assertThat(otherMetrics.value(AgentMetrics.CLAIMS)).isEqualTo(3);
        }
    }

    @Nested
    class ACommandThatMustNotRun {

        @Test
        void becauseItIsOlderThanTheMaximumAgeIsExpiredAndAnsweredWithoutRunning() {
            Command stale = writeCreatedAt(T0.minus(config.maxCommandAge()).minusMillis(1));

            agent.pollOnce();

            Command expired = stored(stale);
            assertThat(expired.status()).isEqualTo(CommandStatus.EXPIRED);
            assertThat(expired.claimedBy()).isNull();
            assertThat(expired.result().message()).contains("waited longer than 600 s");
            assertThat(answers.answers(stale.taskToken())).singleElement().satisfies(answer -> {
                assertThat(answer.error()).isEqualTo("Aegis.CommandExpired");
                assertThat(answer.delivered()).isTrue();
            });
            assertThat(runtime.restarts("web")).isZero();
            assertThat(metrics.value(AgentMetrics.COMMANDS, "type", "RESTART", "outcome", "expired"))
                    .isEqualTo(1);
        }

        @Test
        void butIsExactlyTheMaximumAgeRuns() {
            Command old = writeCreatedAt(T0.minus(config.maxCommandAge()));

            agent.pollOnce();

            assertThat(stored(old).status()).isEqualTo(CommandStatus.SUCCEEDED);
        }

        @Test
        void becauseItsTtlHasPassedIsExpired() {
            Command pending =
                    CommandTable.pending(HOST, "web", CommandType.RESTART, answers.openTask(), Map.of(), false, T0);
            Command command = queue.put(copy(pending, CommandStatus.PENDING, null, null, T0.getEpochSecond()));

            agent.pollOnce();

            assertThat(stored(command).status()).isEqualTo(CommandStatus.EXPIRED);
            assertThat(runtime.restarts("web")).isZero();
        }

        @Test
        void becauseItsTaskAlreadyTimedOutIsRecordedExpiredAndNeitherRunNorAnswered() {
            Command command = write("web", CommandType.RESTART);
            answers.timeOut(command.taskToken());

            agent.pollOnce();
            agent.pollOnce();

            Command recorded = stored(command);
            assertThat(recorded.status()).isEqualTo(CommandStatus.EXPIRED);
            assertThat(recorded.result().message())
                    .isEqualTo("task already closed (TASK_CLOSED) before the command ran; not run");
            assertThat(answers.calls(command.taskToken()))
                    .extracting(Call::operation)
                    .containsExactly(InMemoryTaskAnswers.HEARTBEAT);
            assertThat(runtime.restarts("web")).isZero();
        }

        @Test
        void becauseItIsNotAllowedIsRefusedAndAnsweredNotAllowed() {
            Command command = write("api", CommandType.RESTART);

            agent.pollOnce();

            assertThat(stored(command).status()).isEqualTo(CommandStatus.FAILED);
            assertThat(stored(command).result().message()).startsWith("Aegis.NotAllowed: ");
            assertThat(answers.answers(command.taskToken()))
                    .singleElement()
                    .satisfies(answer -> assertThat(answer.error()).isEqualTo("Aegis.NotAllowed"));
            assertThat(runtime.restarts("api")).isZero();
            assertThat(metrics.value(AgentMetrics.COMMANDS, "type", "RESTART", "outcome", "refused"))
                    .isEqualTo(1);
        }

        @Test
        void becauseItHasNoTaskTokenIsRefusedWithoutAnAnswer() {
            Command command =
                    queue.put(CommandTable.pending(HOST, "web", CommandType.RESTART, null, Map.of(), false, T0));

            agent.pollOnce();

            assertThat(stored(command).status()).isEqualTo(CommandStatus.FAILED);
            assertThat(stored(command).result().message()).isEqualTo("Aegis.InvalidCommand: command has no taskToken");
            assertThat(runtime.restarts("web")).isZero();
        }

        @Test
        void becauseItsItemCannotBeReadIsRefusedAndAnsweredInvalidCommand() {
            String token = answers.openTask();
            queue.putUnreadable(new UnreadableCommand("inc-x#exec#1", token, "unknown type EXEC"));

            agent.pollOnce();

            assertThat(queue.status("inc-x#exec#1")).isEqualTo(CommandStatus.FAILED);
            assertThat(queue.result("inc-x#exec#1").message())
                    .isEqualTo("Aegis.InvalidCommand: command item cannot be read: unknown type EXEC");
            assertThat(answers.answers(token))
                    .singleElement()
                    .satisfies(answer -> assertThat(answer.error()).isEqualTo("Aegis.InvalidCommand"));
            assertThat(metrics.value(AgentMetrics.COMMANDS, "type", "unknown", "outcome", "refused"))
                    .isEqualTo(1);
        }
    }

    @Nested
    class ATaskThatClosesWhileItsCommandRuns {

        @Test
        void stopsTheHeartbeatsAndIsAnsweredOnceNotRetried() {
            Command command = write("web", CommandType.RESTART);
            runtime.duringNextRestart(() -> {
                answers.timeOut(command.taskToken());
                clock.advance(Duration.ofSeconds(5));
            });

            agent.pollOnce();

            assertThat(answers.heartbeats(command.taskToken()))
                    .as("the check, and the one that found the task closed")
                    .extracting(Call::outcome)
                    .containsExactly(AnswerOutcome.DELIVERED, AnswerOutcome.TASK_CLOSED);
            assertThat(answers.answers(command.taskToken()))
                    .singleElement()
                    .satisfies(answer -> assertThat(answer.outcome()).isEqualTo(AnswerOutcome.TASK_CLOSED));
            Command recorded = stored(command);
            assertThat(recorded.status()).isEqualTo(CommandStatus.SUCCEEDED);
            assertThat(recorded.result().message()).endsWith("(answer not delivered: TASK_CLOSED)");
            assertThat(metrics.value(AgentMetrics.ANSWERS, "result", "task_closed"))
                    .isEqualTo(1);
            assertThat(log.events("command.task_closed_while_running")).hasSize(1);
        }
    }

    @Nested
    class AnAnswerThatDoesNotGetThrough {

        @Test
        void isRetriedAfterPausesThatDoubleAndIsThenDelivered() {
            Command command = write("web", CommandType.RESTART);
            answers.failNextAnswers(3);

            agent.pollOnce();

            assertThat(answers.answers(command.taskToken()))
                    .extracting(Call::delivered)
                    .containsExactly(false, false, false, true);
            List<Duration> pauses = clock.sleeps();
            assertThat(pauses).hasSize(3);
            assertThat(pauses.get(0)).isBetween(Duration.ofMillis(250), Duration.ofMillis(500));
            assertThat(pauses.get(1)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
            assertThat(pauses.get(2)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
            assertThat(log.events("command.answer_failed"))
                    .extracting(line -> line.path("attempt").asInt())
                    .containsExactly(1, 2, 3);
            assertThat(stored(command).result().message()).doesNotContain("answer not delivered");
            assertThat(metrics.value(AgentMetrics.ANSWERS, "result", "delivered"))
                    .isEqualTo(1);
        }

        @Test
        void fiveTimesIsRecordedAsNotDelivered() {
            Command command = write("web", CommandType.RESTART);
            answers.failNextAnswers(Agent.ANSWER_ATTEMPTS);

            agent.pollOnce();

            assertThat(answers.answers(command.taskToken())).hasSize(Agent.ANSWER_ATTEMPTS);
            assertThat(clock.sleeps()).hasSize(Agent.ANSWER_ATTEMPTS - 1);
            Command recorded = stored(command);
            assertThat(recorded.status()).isEqualTo(CommandStatus.SUCCEEDED);
            assertThat(recorded.result().message()).endsWith("(answer not delivered: control plane unreachable)");
            assertThat(metrics.value(AgentMetrics.ANSWERS, "result", "undelivered"))
                    .isEqualTo(1);
            assertThat(log.events("command.answer_not_delivered")).hasSize(1);
        }

        @Test
        void toTheQueueIsRetriedLikeTheAnswer() {
            Command command = write("web", CommandType.INSPECT);
            queue.failNext(Operation.COMPLETE, 2);

            agent.pollOnce();

            assertThat(stored(command).status()).isEqualTo(CommandStatus.SUCCEEDED);
            assertThat(log.events("command.record_failed")).hasSize(2);
            assertThat(log.events("command.finished"))
                    .singleElement()
                    .satisfies(line ->
                            assertThat(line.path("recorded").asBoolean()).isTrue());
        }
    }

    @Nested
    class AStoppingAgent {

        @Test
        void releasesAClaimWhoseActionHasNotBegunForAnotherAgentToRun() {
            Command command = write("web", CommandType.RESTART);
            answers.onNextHeartbeat(agent::stopClaiming);

            agent.pollOnce();
            agent.close();

            Command released = stored(command);
            assertThat(released.status()).isEqualTo(CommandStatus.PENDING);
            assertThat(released.claimedBy()).isNull();
            assertThat(released.leaseUntil()).isNull();
            assertThat(runtime.restarts("web")).isZero();
            assertThat(answers.answers(command.taskToken())).isEmpty();
            assertThat(metrics.value(AgentMetrics.COMMANDS, "type", "RESTART", "outcome", "released"))
                    .isEqualTo(1);

            agent(B, clock, new Metrics(), new CapturedLog()).pollOnce();

            assertThat(stored(command).status()).isEqualTo(CommandStatus.SUCCEEDED);
            assertThat(stored(command).claimedBy()).isEqualTo(B);
            assertThat(runtime.restarts("web")).isEqualTo(1);
        }

        @Test
        void finishesACommandWhoseActionBegan() {
            Command command = write("web", CommandType.RESTART);
            runtime.duringNextRestart(agent::stopClaiming);

            agent.pollOnce();

            assertThat(stored(command).status()).isEqualTo(CommandStatus.SUCCEEDED);
            assertThat(answers.answers(command.taskToken()))
                    .singleElement()
                    .satisfies(answer -> assertThat(answer.delivered()).isTrue());
        }

        @Test
        void claimsNothingMoreAndSaysSo() {
            Command command = write("web", CommandType.RESTART);

            agent.stopClaiming();

            assertThat(agent.pollOnce()).isZero();
            assertThat(stored(command).status()).isEqualTo(CommandStatus.PENDING);
            assertThat(agent.health().status()).isEqualTo(AgentHealth.Status.STOPPING);
        }
    }

    @Nested
    class Health {

        @Test
        void isStartingUntilTheFirstPollThenUp() {
            assertThat(agent.health().status()).isEqualTo(AgentHealth.Status.STARTING);

            agent.pollOnce();

            AgentHealth health = agent.health();
            assertThat(health.status()).isEqualTo(AgentHealth.Status.UP);
            assertThat(health.lastPollAt()).isEqualTo(T0);
            assertThat(health.agentId()).isEqualTo(A);
        }

        @Test
        void isDegradedWhileThePartitionCannotBeReadAndUpAgainAfter() {
            queue.failNext(Operation.POLL, 1);

            assertThatThrownBy(agent::pollOnce).isInstanceOf(IllegalStateException.class);

            assertThat(agent.health().status()).isEqualTo(AgentHealth.Status.DEGRADED);
            assertThat(agent.health().controlPlaneError()).startsWith("IllegalStateException: POLL failed");
            assertThat(metrics.value(AgentMetrics.POLL_ERRORS)).isEqualTo(1);

            agent.pollOnce();

            assertThat(agent.health().status()).isEqualTo(AgentHealth.Status.UP);
            assertThat(agent.health().controlPlaneError()).isNull();
        }
    }
}
