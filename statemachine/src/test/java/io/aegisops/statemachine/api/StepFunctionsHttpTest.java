package io.aegisops.statemachine.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aegisops.statemachine.engine.EngineConfig;
import io.aegisops.statemachine.engine.ManualTimers;
import io.aegisops.statemachine.engine.StepFunctionsEngine;
import io.aegisops.statemachine.engine.TaskInvoker;
import io.aegisops.testsupport.LocalAws;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.InvalidDefinitionException;
import software.amazon.awssdk.services.sfn.model.InvalidExecutionInputException;
import software.amazon.awssdk.services.sfn.model.InvalidNameException;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.ListExecutionsResponse;
import software.amazon.awssdk.services.sfn.model.StateMachineAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/** HTTP: the real AWS SDK SfnClient drives the engine through the JSON 1.0 protocol on loopback. */
class StepFunctionsHttpTest {

    private static final String GREETER = """
            {"StartAt": "Greet", "States": {"Greet": {"Type": "Pass",
              "Parameters": {"greeting.$": "States.Format('hello {}', $.who)"}, "End": true}}}""";
    private static final String SLEEPER = """
            {"StartAt": "Sleep", "States": {"Sleep": {"Type": "Wait", "Seconds": 3600, "End": true}}}""";
    private static final String CALLBACK = """
            {"StartAt": "AskAgent", "States": {"AskAgent": {"Type": "Task",
              "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
              "Parameters": {"FunctionName": "agent", "Payload": {"token.$": "$$.Task.Token"}},
              "HeartbeatSeconds": 1, "TimeoutSeconds": 30, "End": true}}}""";

    private final BlockingQueue<String> tokens = new LinkedBlockingQueue<>();
    private StepFunctionsEngine engine;
    private StepFunctionsHttpServer server;
    private SfnClient sfn;

    @BeforeEach
    void start() throws Exception {
        serve(EngineConfig.defaults());
    }

    private void serve(EngineConfig config) throws Exception {
        TaskInvoker invoker = request -> {
            tokens.add(request.taskToken());
            return request.parameters();
        };
        engine = new StepFunctionsEngine(config, invoker);
        server = StepFunctionsHttpServer.start(engine, 0);
        sfn = LocalAws.sfn(server.endpoint());
    }

    /**
     * Serves an engine on manual time instead, its steps run by whoever moves the clock or calls it: a test moves
     * time with the timers it returns, and each step has run when the call that caused it returns.
     */
    private ManualTimers onManualTime() throws Exception {
        stop();
        ManualTimers timers = new ManualTimers(Instant.parse("2026-01-01T00:00:00Z"));
        serve(EngineConfig.defaults().withTimers(timers).withWorkers(Runnable::run));
        return timers;
    }

    @AfterEach
    void stop() {
        sfn.close();
        server.close();
        engine.close();
    }

    private String create(String name, String definition) {
        return sfn.createStateMachine(
                        b -> b.name(name).definition(definition).roleArn("arn:aws:iam::000000000000:role/sfn"))
                .stateMachineArn();
    }

    private DescribeExecutionResponse finished(String executionArn) throws Exception {
        engine.awaitCompletion(executionArn, Duration.ofSeconds(10));
        return sfn.describeExecution(b -> b.executionArn(executionArn));
    }

    private String nextToken() throws InterruptedException {
        String token = tokens.poll(5, TimeUnit.SECONDS);
        assertThat(token).as("the task was invoked with a token").isNotNull();
        return token;
    }

    @Nested
    class StateMachines {

        @Test
        void createsAndDescribes() {
            String arn = create("greeter", GREETER);

            var described = sfn.describeStateMachine(b -> b.stateMachineArn(arn));
            assertThat(arn).isEqualTo("arn:aws:states:us-east-1:000000000000:stateMachine:greeter");
            assertThat(described.name()).isEqualTo("greeter");
            assertThat(described.definition()).isEqualTo(GREETER);
            assertThat(described.statusAsString()).isEqualTo("ACTIVE");
            assertThat(described.typeAsString()).isEqualTo("STANDARD");
            assertThat(described.creationDate()).isNotNull();
            assertThat(sfn.listStateMachines(b -> b.maxResults(10)).stateMachines())
                    .extracting(m -> m.name())
                    .containsExactly("greeter");
        }

        @Test
        void creatingAgainIsIdempotentButADifferentDefinitionIsRefused() {
            String arn = create("greeter", GREETER);

            assertThat(create("greeter", GREETER)).isEqualTo(arn);
            assertThatThrownBy(() -> create("greeter", SLEEPER)).isInstanceOf(StateMachineAlreadyExistsException.class);
        }

        @Test
        void aMalformedDefinitionIsRejectedNamingTheStateAndField() {
            String broken = GREETER.replace("\"End\": true", "\"Next\": \"Nowhere\"");

            assertThatThrownBy(() -> create("broken", broken))
                    .isInstanceOf(InvalidDefinitionException.class)
                    .hasMessageContaining("MISSING_TRANSITION_TARGET")
                    .hasMessageContaining("/States/Greet/Next");
            assertThat(sfn.listStateMachines().stateMachines()).isEmpty();
        }

        @Test
        void anUnknownMachineIsReported() {
            assertThatThrownBy(() -> sfn.describeStateMachine(
                            b -> b.stateMachineArn("arn:aws:states:us-east-1:000000000000:stateMachine:nope")))
                    .isInstanceOf(StateMachineDoesNotExistException.class);
        }
    }

    @Nested
    class Executions {

        @Test
        void runsToCompletionWithItsOutput() throws Exception {
            String machine = create("greeter", GREETER);
            var started = sfn.startExecution(
                    b -> b.stateMachineArn(machine).name("first").input("{\"who\": \"ops\"}"));

            DescribeExecutionResponse execution = finished(started.executionArn());
            assertThat(started.executionArn())
                    .isEqualTo("arn:aws:states:us-east-1:000000000000:execution:greeter:first");
            assertThat(execution.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(execution.output()).isEqualTo("{\"greeting\":\"hello ops\"}");
            assertThat(execution.input()).isEqualTo("{\"who\": \"ops\"}");
            assertThat(execution.stopDate()).isAfterOrEqualTo(execution.startDate());
        }

        @Test
        void aNameIsUniquePerStateMachine() throws Exception {
            String machine = create("sleeper", SLEEPER);
            String arn = sfn.startExecution(
                            b -> b.stateMachineArn(machine).name("inc-1").input("{\"a\": 1}"))
                    .executionArn();

            assertThat(sfn.startExecution(b ->
                                    b.stateMachineArn(machine).name("inc-1").input("{\"a\": 1}"))
                            .executionArn())
                    .as("same name and input while running: the same execution")
                    .isEqualTo(arn);
            assertThatThrownBy(() -> sfn.startExecution(
                            b -> b.stateMachineArn(machine).name("inc-1").input("{\"a\": 2}")))
                    .isInstanceOf(ExecutionAlreadyExistsException.class);
            sfn.stopExecution(b -> b.executionArn(arn));
            assertThatThrownBy(() -> sfn.startExecution(
                            b -> b.stateMachineArn(machine).name("inc-1").input("{\"a\": 1}")))
                    .as("a finished execution keeps its name")
                    .isInstanceOf(ExecutionAlreadyExistsException.class);
        }

        @Test
        void badInputAndNamesAreRefused() {
            String machine = create("greeter", GREETER);

            assertThatThrownBy(() ->
                            sfn.startExecution(b -> b.stateMachineArn(machine).input("{not json")))
                    .isInstanceOf(InvalidExecutionInputException.class);
            assertThatThrownBy(() -> sfn.startExecution(
                            b -> b.stateMachineArn(machine).name("has space").input("{}")))
                    .isInstanceOf(InvalidNameException.class);
            assertThat(sfn.listExecutions(b -> b.stateMachineArn(machine)).executions())
                    .isEmpty();
        }

        @Test
        void stopAbortsWithErrorAndCause() {
            String machine = create("sleeper", SLEEPER);
            String arn = sfn.startExecution(b -> b.stateMachineArn(machine).input("{}"))
                    .executionArn();

            var stopped = sfn.stopExecution(
                    b -> b.executionArn(arn).error("Operator.Stop").cause("maintenance"));

            var execution = sfn.describeExecution(b -> b.executionArn(arn));
            assertThat(execution.status()).isEqualTo(ExecutionStatus.ABORTED);
            assertThat(execution.error()).isEqualTo("Operator.Stop");
            assertThat(execution.cause()).isEqualTo("maintenance");
            assertThat(stopped.stopDate()).isNotNull();
            List<HistoryEvent> events =
                    sfn.getExecutionHistory(b -> b.executionArn(arn)).events();
            assertThat(events.getLast().type()).isEqualTo(HistoryEventType.EXECUTION_ABORTED);
            assertThat(events.getLast().executionAbortedEventDetails().error()).isEqualTo("Operator.Stop");
        }

        @Test
        void listsNewestFirstByStatusAndPage() throws Exception {
            String machine = create("greeter", GREETER);
            String sleeper = create("sleeper", SLEEPER);
            for (String name : List.of("one", "two", "three")) {
                finished(sfn.startExecution(
                                b -> b.stateMachineArn(machine).name(name).input("{\"who\": \"x\"}"))
                        .executionArn());
            }
            sfn.startExecution(b -> b.stateMachineArn(sleeper).name("asleep").input("{}"));

            ListExecutionsResponse first =
                    sfn.listExecutions(b -> b.stateMachineArn(machine).maxResults(2));
            ListExecutionsResponse second = sfn.listExecutions(
                    b -> b.stateMachineArn(machine).maxResults(2).nextToken(first.nextToken()));
            assertThat(first.executions()).hasSize(2);
            assertThat(second.executions()).hasSize(1);
            assertThat(second.nextToken()).isNull();
            assertThat(sfn.listExecutions(b -> b.stateMachineArn(machine).statusFilter(ExecutionStatus.SUCCEEDED))
                            .executions())
                    .extracting(e -> e.name())
                    .containsExactlyInAnyOrder("one", "two", "three");
            assertThat(sfn.listExecutions(b -> b.stateMachineArn(sleeper).statusFilter(ExecutionStatus.RUNNING))
                            .executions())
                    .extracting(e -> e.name())
                    .containsExactly("asleep");
        }

        @Test
        void historyReadsLikeTheConsole() throws Exception {
            String machine = create("greeter", GREETER);
            String arn = sfn.startExecution(b -> b.stateMachineArn(machine).input("{\"who\": \"ops\"}"))
                    .executionArn();
            finished(arn);

            GetExecutionHistoryResponse history = sfn.getExecutionHistory(b -> b.executionArn(arn));
            assertThat(history.events())
                    .extracting(HistoryEvent::type)
                    .containsExactly(
                            HistoryEventType.EXECUTION_STARTED,
                            HistoryEventType.PASS_STATE_ENTERED,
                            HistoryEventType.PASS_STATE_EXITED,
                            HistoryEventType.EXECUTION_SUCCEEDED);
            assertThat(history.events()).extracting(HistoryEvent::id).containsExactly(1L, 2L, 3L, 4L);
            assertThat(history.events())
                    .extracting(HistoryEvent::previousEventId)
                    .containsExactly(0L, 1L, 2L, 3L);
            HistoryEvent entered = history.events().get(1);
            assertThat(entered.stateEnteredEventDetails().name()).isEqualTo("Greet");
            assertThat(entered.stateEnteredEventDetails().input()).isEqualTo("{\"who\":\"ops\"}");
            assertThat(history.events().get(2).stateExitedEventDetails().output())
                    .isEqualTo("{\"greeting\":\"hello ops\"}");
            assertThat(history.events()
                            .getFirst()
                            .executionStartedEventDetails()
                            .roleArn())
                    .isEqualTo("arn:aws:iam::000000000000:role/sfn");

            var reversed = sfn.getExecutionHistory(
                    b -> b.executionArn(arn).reverseOrder(true).includeExecutionData(false));
            assertThat(reversed.events().getFirst().type()).isEqualTo(HistoryEventType.EXECUTION_SUCCEEDED);
            assertThat(reversed.events().get(2).stateEnteredEventDetails().input())
                    .isNull();
            assertThat(reversed.events().get(2).stateEnteredEventDetails().name())
                    .isEqualTo("Greet");
        }
    }

    @Nested
    class TaskTokens {

        @Test
        void successCompletesTheTaskAndALateAnswerIsTimedOut() throws Exception {
            String machine = create("callback", CALLBACK);
            String arn = sfn.startExecution(b -> b.stateMachineArn(machine).input("{}"))
                    .executionArn();
            String token = nextToken();

            sfn.sendTaskSuccess(b -> b.taskToken(token).output("{\"healthy\": true}"));

            DescribeExecutionResponse execution = finished(arn);
            assertThat(execution.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(execution.output()).isEqualTo("{\"healthy\":true}");
            assertThat(sfn.getExecutionHistory(b -> b.executionArn(arn)).events())
                    .extracting(HistoryEvent::type)
                    .containsSubsequence(
                            HistoryEventType.TASK_SCHEDULED,
                            HistoryEventType.TASK_STARTED,
                            HistoryEventType.TASK_SUBMITTED,
                            HistoryEventType.TASK_SUCCEEDED,
                            HistoryEventType.TASK_STATE_EXITED);
            assertThatThrownBy(() -> sfn.sendTaskSuccess(b -> b.taskToken(token).output("{}")))
                    .isInstanceOf(TaskTimedOutException.class);
        }

        @Test
        void failureFailsTheExecutionWithTheGivenError() throws Exception {
            String machine = create("callback", CALLBACK);
            String arn = sfn.startExecution(b -> b.stateMachineArn(machine).input("{}"))
                    .executionArn();

            sfn.sendTaskFailure(
                    b -> b.taskToken(tokenOrFail()).error("Aegis.CommandFailed").cause("no such container"));

            DescribeExecutionResponse execution = finished(arn);
            assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(execution.error()).isEqualTo("Aegis.CommandFailed");
            assertThat(execution.cause()).isEqualTo("no such container");
        }

        private String tokenOrFail() {
            try {
                return nextToken();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }

        @Test
        void heartbeatsKeepTheTaskAliveUntilTheyStop() throws Exception {
            ManualTimers timers = onManualTime();
            String machine = create("callback", CALLBACK);
            String arn = sfn.startExecution(b -> b.stateMachineArn(machine).input("{}"))
                    .executionArn();
            String token = nextToken();
            for (int i = 0; i < 6; i++) {
                timers.advance(Duration.ofMillis(300));
                sfn.sendTaskHeartbeat(b -> b.taskToken(token));
            }
            assertThat(sfn.describeExecution(b -> b.executionArn(arn)).status())
                    .as("1.8 s in with HeartbeatSeconds 1")
                    .isEqualTo(ExecutionStatus.RUNNING);

            timers.advance(Duration.ofSeconds(1));
            DescribeExecutionResponse execution = finished(arn);
            assertThat(execution.stopDate())
                    .as("a heartbeat's HeartbeatSeconds after the last one")
                    .isEqualTo(execution.startDate().plus(Duration.ofMillis(2_800)));
            assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(execution.error()).isEqualTo("States.HeartbeatTimeout");
            assertThatThrownBy(() -> sfn.sendTaskHeartbeat(b -> b.taskToken(token)))
                    .isInstanceOf(TaskTimedOutException.class);
        }

        @Test
        void malformedAndUnknownTokensAreTold() {
            assertThatThrownBy(() ->
                            sfn.sendTaskSuccess(b -> b.taskToken("not a token!").output("{}")))
                    .isInstanceOf(InvalidTokenException.class);
            assertThatThrownBy(() -> sfn.sendTaskSuccess(
                            b -> b.taskToken("AAAAKgAAAAIAAAAAAAAAAA").output("{}")))
                    .isInstanceOf(TaskDoesNotExistException.class);
        }
    }

    @Nested
    class Protocol {

        private HttpResponse<String> post(String target, String body) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.endpoint() + "/"))
                    .header("Content-Type", StepFunctionsApi.CONTENT_TYPE)
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            if (target != null) {
                request.header("X-Amz-Target", target);
            }
            try (HttpClient client = HttpClient.newHttpClient()) {
                return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            }
        }

        @Test
        void anUnknownOperationIsAClientError() throws Exception {
            HttpResponse<String> response = post("AWSStepFunctions.TeleportExecution", "{}");

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValue(StepFunctionsApi.CONTENT_TYPE);
            assertThat(response.body()).contains("\"__type\":\"UnknownOperationException\"");
        }

        @Test
        void aBodyThatIsNotJsonIsASerializationError() throws Exception {
            HttpResponse<String> response = post("AWSStepFunctions.ListStateMachines", "{oops");

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body()).contains("\"__type\":\"SerializationException\"");
        }

        @Test
        void aMissingRequiredFieldIsAValidationError() throws Exception {
            HttpResponse<String> response = post("AWSStepFunctions.DescribeExecution", "{}");

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body())
                    .contains("\"__type\":\"ValidationException\"")
                    .contains("executionArn");
        }
    }
}
