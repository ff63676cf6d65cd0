package io.aegisops.functions.ingest;

import java.util.Map;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/**
 * The pipeline on AWS Step Functions (or anything speaking its API: LocalStack, the embedded engine).
 * A Standard workflow returns the same execution for the same name and input; a name already used with
 * another input, or by an execution that has ended, answers {@code ExecutionAlreadyExists}, which is a
 * duplicate here. The execution's ARN follows from the state machine's ARN and the name, so nobody needs
 * StartExecution's answer to know it.
 */
public final class StepFunctionsPipeline implements PipelineStarter, TaskCompleter {

    private final SfnClient sfn;
    private final String stateMachineArn;

    public StepFunctionsPipeline(SfnClient sfn, String stateMachineArn) {
        if (stateMachineArn == null || !stateMachineArn.contains(":stateMachine:")) {
            throw new IllegalArgumentException("not a state machine ARN: " + stateMachineArn);
        }
        this.sfn = sfn;
        this.stateMachineArn = stateMachineArn;
    }

    /**
     * The pipeline {@code env} names ({@link IngestSettings#STATE_MACHINE_ARN}), through a client from the environment
     * (region, credentials and endpoint as the SDK reads them).
     *
     * @throws IllegalStateException when the variable is not set
     */
    public static StepFunctionsPipeline fromEnvironment(Map<String, String> env) {
        String stateMachineArn = IngestSettings.stateMachineArn(env); // before the client: a missing one says so
        return new StepFunctionsPipeline(
                SfnClient.builder().httpClient(UrlConnectionHttpClient.create()).build(), stateMachineArn);
    }

    @Override
    public void start(String name, String input) {
        try {
            sfn.startExecution(
                    b -> b.stateMachineArn(stateMachineArn).name(name).input(input));
        } catch (ExecutionAlreadyExistsException started) {
            // started before, under this name: the execution exists, which is all the caller asks
        }
    }

    @Override
    public void succeed(String taskToken, String output) {
        try {
            sfn.sendTaskSuccess(b -> b.taskToken(taskToken).output(output));
        } catch (TaskTimedOutException e) {
            throw new TaskTokenRejectedException("the task is over: it timed out or was answered already", e);
        } catch (TaskDoesNotExistException e) {
            throw new TaskTokenRejectedException("the task no longer exists", e);
        } catch (InvalidTokenException e) {
            throw new TaskTokenRejectedException("the task token is not valid", e);
        }
    }

    /** {@code arn:aws:states:r:a:stateMachine:m} and name n give {@code arn:aws:states:r:a:execution:m:n}. */
    @Override
    public String executionArn(String name) {
        return stateMachineArn.replace(":stateMachine:", ":execution:") + ":" + name;
    }
}
