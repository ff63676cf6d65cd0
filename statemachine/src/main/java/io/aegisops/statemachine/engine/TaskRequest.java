package io.aegisops.statemachine.engine;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One attempt of a Task state.
 *
 * @param resource     the state's Resource, e.g. {@code arn:aws:states:::lambda:invoke.waitForTaskToken}
 * @param parameters   the effective input (after InputPath and Parameters)
 * @param taskToken    the token to complete the task with, for {@code .waitForTaskToken} resources; else null
 * @param executionArn the execution the task belongs to
 * @param stateName    the Task state's name
 */
public record TaskRequest(
        String resource, JsonNode parameters, String taskToken, String executionArn, String stateName) {

    public TaskResource parsedResource() {
        return TaskResource.parse(resource);
    }
}
