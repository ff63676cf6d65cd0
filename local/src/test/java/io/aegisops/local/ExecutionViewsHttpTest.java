package io.aegisops.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.contracts.Json;
import io.aegisops.contracts.redact.Redactor;
import io.aegisops.functions.ingest.ExecutionViews.StateIo;
import io.aegisops.functions.ingest.ExecutionViews.StateVisit;
import io.aegisops.functions.ingest.StepFunctionsExecutions;
import io.aegisops.local.client.AegisClient;
import io.aegisops.statemachine.api.StepFunctionsHttpServer;
import io.aegisops.statemachine.engine.StepFunctionsEngine;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * HTTP: the console's execution reader (functions' {@link StepFunctionsExecutions}) through the AWS SDK against
 * AegisOps' Step Functions engine: the states visited, and one visit's input and output with secrets and task tokens
 * kept out.
 */
class ExecutionViewsHttpTest {

    private static final String ASK_THEN_DONE = """
            {"StartAt": "Ask", "States": {
              "Ask": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                "Parameters": {"FunctionName": "agent", "Payload": {"taskToken.$": "$$.Task.Token", "note.$": "$.note"}},
                "ResultPath": "$.answer", "Next": "Done"},
              "Done": {"Type": "Pass", "End": true}}}""";

    private final BlockingQueue<String> tokens = new LinkedBlockingQueue<>();
    private StepFunctionsEngine engine;
    private StepFunctionsHttpServer server;
    private SfnClient sfn;
    private StepFunctionsExecutions executions;
    private String answeredToken;

    @BeforeEach
    void start() throws Exception {
        engine = new StepFunctionsEngine(request -> {
            tokens.add(request.taskToken());
            return request.parameters();
        });
        server = StepFunctionsHttpServer.start(engine, 0);
        sfn = AegisClient.stepFunctions(server.endpoint());
        executions = new StepFunctionsExecutions(sfn);
    }

    @AfterEach
    void stop() {
        sfn.close();
        server.close();
        engine.close();
    }

    /** Runs the machine to its end; the task is answered with its own token echoed back and a secret. */
    private String finishedExecution() throws Exception {
        String machine = sfn.createStateMachine(b ->
                        b.name("ask-then-done").definition(ASK_THEN_DONE).roleArn("arn:aws:iam::000000000000:role/sfn"))
                .stateMachineArn();
        String execution = sfn.startExecution(b -> b.stateMachineArn(machine)
                        .input("{\"incidentId\":\"inc-1\",\"note\":\"it logged password=hunter22\"}"))
                .executionArn();
        String token = tokens.poll(10, TimeUnit.SECONDS);
        assertThat(token).isNotNull();
        answeredToken = token;
        sfn.sendTaskSuccess(b -> b.taskToken(token).output(Json.write(Map.of("taskToken", token, "approved", true))));
        engine.awaitCompletion(execution, Duration.ofSeconds(10));
        return execution;
    }

    @Test
    void theViewListsTheStatesVisitedAndNoDocument() throws Exception {
        String execution = finishedExecution();

        var view = executions.view(execution).orElseThrow();

        assertThat(view.status()).isEqualTo("SUCCEEDED");
        assertThat(view.visits()).extracting(StateVisit::state).containsExactly("Ask", "Done");
        assertThat(view.visits())
                .allSatisfy(visit -> assertThat(visit.exitedAt()).isAfterOrEqualTo(visit.enteredAt()));
        assertThat(Json.write(view)).doesNotContain("hunter22", answeredToken);
    }

    @Test
    void aVisitShowsWhatWentInAndCameOutRedactedAndWithoutTheToken() throws Exception {
        String execution = finishedExecution();

        StateIo ask = executions.visit(execution, 0).orElseThrow();

        assertThat(ask.state()).isEqualTo("Ask");
        assertThat(ask.input().get("incidentId").asText()).isEqualTo("inc-1");
        assertThat(ask.input().get("note").asText()).isEqualTo("it logged password=" + Redactor.MASK);
        JsonNode answer = ask.output().get("answer");
        assertThat(answer.get("approved").asBoolean()).isTrue();
        assertThat(answer.get("taskToken").asText()).isEqualTo(Redactor.MASK);
        assertThat(ask.output().toString()).doesNotContain("hunter22", answeredToken);
        StateIo done = executions.visit(execution, 1).orElseThrow();
        assertThat(done.state()).isEqualTo("Done");
        assertThat(done.input()).isEqualTo(ask.output());
    }

    @Test
    void aVisitThatDoesNotExistIsEmpty() throws Exception {
        String execution = finishedExecution();

        assertThat(executions.visit(execution, 2)).isEmpty();
        assertThat(executions.visit(execution + "-gone", 0)).isEmpty();
        assertThat(executions.view(execution + "-gone")).isEmpty();
    }
}
