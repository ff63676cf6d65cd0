package io.aegisops.statemachine.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.statemachine.asl.JsonValues;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Unit: Lambda tasks with Step Functions' Lambda semantics against in-process functions. */
class LambdaTaskInvokerTest {

    private final LambdaFunctions functions = new LambdaFunctions()
            .register("arn:aws:lambda:us-east-1:000000000000:function:echo", payload -> payload)
            .register("refuse", payload -> {
                throw new LambdaFunctionException("Aegis.NotAllowed", "RESTART is not allowed for db");
            })
            .register("crash", payload -> {
                throw new IllegalStateException("boom");
            })
            .register("text", payload -> "plain words".getBytes(StandardCharsets.UTF_8));
    private final LambdaTaskInvoker invoker = new LambdaTaskInvoker(functions);

    private JsonNode invoke(String resource, String parameters) throws TaskFailedException {
        return invoker.invoke(new TaskRequest(resource, JsonValues.parse(parameters), null, "arn:exec", "State"));
    }

    @Test
    void invokeReturnsTheInvokeResponseWithThePayload() throws Exception {
        JsonNode response = invoke(
                "arn:aws:states:::lambda:invoke",
                "{\"FunctionName\": \"arn:aws:lambda:us-east-1:000000000000:function:echo:live\", \"Payload\": {\"a\": 1}}");

        assertThat(response.path("StatusCode").asInt()).isEqualTo(200);
        assertThat(response.path("ExecutedVersion").asText()).isEqualTo("$LATEST");
        assertThat(response.path("Payload")).isEqualTo(JsonValues.parse("{\"a\": 1}"));
    }

    @Test
    void aFunctionArnResourceReturnsTheOutputAsItIs() throws Exception {
        assertThat(invoke("arn:aws:lambda:us-east-1:000000000000:function:echo", "{\"a\": 1}"))
                .isEqualTo(JsonValues.parse("{\"a\": 1}"));
        assertThat(invoke("arn:aws:lambda:us-east-1:000000000000:function:text", "{}")
                        .asText())
                .isEqualTo("plain words");
    }

    @Test
    void functionErrorsAreNamedByTheirErrorType() {
        TaskFailedException refused = catchThrowableOfType(
                TaskFailedException.class,
                () -> invoke("arn:aws:states:::lambda:invoke", "{\"FunctionName\": \"refuse\"}"));
        assertThat(refused.error()).isEqualTo("Aegis.NotAllowed");
        assertThat(JsonValues.parse(refused.cause()).path("errorMessage").asText())
                .isEqualTo("RESTART is not allowed for db");

        TaskFailedException crashed = catchThrowableOfType(
                TaskFailedException.class,
                () -> invoke("arn:aws:states:::lambda:invoke", "{\"FunctionName\": \"crash\"}"));
        assertThat(crashed.error()).isEqualTo("java.lang.IllegalStateException");
        assertThat(JsonValues.parse(crashed.cause()).path("stackTrace").isArray())
                .isTrue();
    }

    @Test
    void unknownFunctionsAndOtherResourcesAreReported() {
        assertThat(catchThrowableOfType(
                                TaskFailedException.class,
                                () -> invoke("arn:aws:states:::lambda:invoke", "{\"FunctionName\": \"missing\"}"))
                        .error())
                .isEqualTo("Lambda.ResourceNotFoundException");
        assertThat(catchThrowableOfType(
                                TaskFailedException.class, () -> invoke("arn:aws:states:::dynamodb:putItem", "{}"))
                        .error())
                .isEqualTo("States.Runtime");
        assertThat(catchThrowableOfType(
                                TaskFailedException.class,
                                () -> invoke("arn:aws:states:::lambda:invoke", "{\"Payload\": {}}"))
                        .error())
                .isEqualTo("States.Runtime");
    }

    @Test
    void functionNamesResolveFromNamesAndArns() {
        assertThat(functions.find("echo")).isPresent();
        assertThat(functions.find("echo:live")).isPresent();
        assertThat(functions.find("000000000000:function:echo")).isPresent();
        assertThat(functions.find("arn:aws:lambda:eu-west-1:123456789012:function:refuse:7"))
                .isPresent();
        assertThat(functions.find("arn:aws:lambda:us-east-1:000000000000:function:nope"))
                .isEmpty();
    }
}
