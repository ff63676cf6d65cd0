package io.aegisops.local.stack;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.aegisops.contracts.pipeline.PipelineFunction;
import io.aegisops.functions.approval.RequestApprovalHandler;
import io.aegisops.functions.commands.Doorbell;
import io.aegisops.functions.config.EnvSecretSource;
import io.aegisops.functions.diagnose.DiagnoseHandler;
import io.aegisops.functions.evidence.CollectEvidenceHandler;
import io.aegisops.functions.ingest.IngestComponents;
import io.aegisops.functions.ingest.IngestHandler;
import io.aegisops.functions.ingest.IngestSettings;
import io.aegisops.functions.ingest.StepFunctionsPipeline;
import io.aegisops.functions.learn.LearnHandler;
import io.aegisops.functions.llm.ModelAdvisor;
import io.aegisops.functions.llm.ModelSettings;
import io.aegisops.functions.llm.OpenAiModelAdvisor;
import io.aegisops.functions.notify.Notifiers;
import io.aegisops.functions.notify.NotifyHandler;
import io.aegisops.functions.notify.NotifyLinks;
import io.aegisops.functions.pipeline.PipelineSettings;
import io.aegisops.functions.pipeline.Stores;
import io.aegisops.functions.remediate.RemediateHandler;
import io.aegisops.functions.verify.VerifyHandler;
import io.aegisops.local.lambda.FunctionError;
import io.aegisops.local.lambda.LocalFunction;
import io.aegisops.local.lambda.LocalLambda;
import io.aegisops.statemachine.engine.LambdaFunctionException;
import io.aegisops.statemachine.engine.LambdaFunctions;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The pipeline's functions in the embedded stack: each handler built with its explicit constructor from the
 * one settings map and clients that reach the edge port over HTTP, registered in {@link LocalLambda} under
 * the names the state machine's ARNs carry, and made callable by the Step Functions engine through an
 * adapter that only translates errors (one registry, one invocation path). Names, memory and timeouts are
 * contracts' {@link PipelineFunction}s, as CDK deploys them.
 */
public final class PipelineFunctions {

    private PipelineFunctions() {}

    /** {@code ${XxxFunctionArn}} → the ARN of the local function that fills it. */
    public static Map<String, String> arnPlaceholders() {
        Map<String, String> arns = new TreeMap<>();
        for (PipelineFunction task : PipelineFunction.stateMachineTasks()) {
            arns.put(task.arnPlaceholder().orElseThrow(), LocalLambda.arnOf(task.functionName()));
        }
        return arns;
    }

    /**
     * Registers every function in {@code lambda} (handlers are built on first invocation, like a Lambda
     * init) and the pipeline's in {@code engineFunctions}.
     */
    public static void register(
            LocalLambda lambda,
            LambdaFunctions engineFunctions,
            StackSettings settings,
            DynamoDbClient dynamo,
            SfnClient sfn,
            Optional<Doorbell> doorbell,
            Clock clock) {
        handlers(settings.values(), dynamo, sfn, doorbell, clock).forEach((function, handler) -> {
            String name = function.functionName();
            String arn = lambda.register(new LocalFunction(
                    name, handler, function.memoryMb(), Duration.ofSeconds(function.timeoutSeconds())));
            if (function.arnPlaceholder().isPresent()) {
                engineFunctions.register(arn, payload -> {
                    try {
                        return lambda.invoke(name, payload);
                    } catch (FunctionError e) {
                        throw new LambdaFunctionException(e.errorType(), e.getMessage());
                    }
                });
            }
        });
    }

    /** How each function's handler is built here. SnsAlarm has none: the embedded stack has no SNS. */
    static Map<PipelineFunction, Supplier<RequestStreamHandler>> handlers(
            Map<String, String> env, DynamoDbClient dynamo, SfnClient sfn, Clock clock) {
        return handlers(env, dynamo, sfn, Optional.empty(), clock);
    }

    /** @param doorbell rung after each command written (the SQS engine on the edge port); empty: none */
    static Map<PipelineFunction, Supplier<RequestStreamHandler>> handlers(
            Map<String, String> env, DynamoDbClient dynamo, SfnClient sfn, Optional<Doorbell> doorbell, Clock clock) {
        Supplier<PipelineSettings> pipeline = () -> PipelineSettings.fromEnv(env);
        Supplier<Stores> stores = () -> Stores.over(dynamo, pipeline.get().tablePrefix(), doorbell);
        Map<PipelineFunction, Supplier<RequestStreamHandler>> handlers = new EnumMap<>(PipelineFunction.class);
        handlers.put(
                PipelineFunction.INGEST,
                () -> new IngestHandler(
                        new IngestComponents(IngestSettings.load(env, new EnvSecretSource(env)), dynamo, sfn, clock)));
        handlers.put(
                PipelineFunction.COLLECT_EVIDENCE,
                () -> new CollectEvidenceHandler(pipeline.get(), stores.get(), clock));
        handlers.put(PipelineFunction.DIAGNOSE, () -> {
            ModelSettings model = ModelSettings.fromEnv(env);
            Optional<ModelAdvisor> advisor =
                    model.configured() ? Optional.of(new OpenAiModelAdvisor(model)) : Optional.empty();
            return new DiagnoseHandler(pipeline.get(), stores.get(), advisor, model.maxLogChars(), clock);
        });
        handlers.put(
                PipelineFunction.NOTIFY,
                () -> new NotifyHandler(stores.get().incidents(), Notifiers.fromEnv(env), NotifyLinks.fromEnv(env)));
        handlers.put(
                PipelineFunction.REQUEST_APPROVAL,
                () -> new RequestApprovalHandler(
                        stores.get().incidents(),
                        new StepFunctionsPipeline(sfn, env.get(IngestSettings.STATE_MACHINE_ARN)),
                        Notifiers.fromEnv(env),
                        NotifyLinks.fromEnv(env),
                        clock));
        handlers.put(PipelineFunction.REMEDIATE, () -> new RemediateHandler(pipeline.get(), stores.get(), clock));
        handlers.put(PipelineFunction.VERIFY, () -> new VerifyHandler(pipeline.get(), stores.get(), clock));
        handlers.put(PipelineFunction.LEARN, () -> new LearnHandler(stores.get(), clock));
        return handlers;
    }
}
