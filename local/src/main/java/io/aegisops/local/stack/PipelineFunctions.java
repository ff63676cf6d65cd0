package io.aegisops.local.stack;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.aegisops.functions.approval.RequestApprovalHandler;
import io.aegisops.functions.diagnose.DiagnoseHandler;
import io.aegisops.functions.evidence.CollectEvidenceHandler;
import io.aegisops.functions.config.EnvSecretSource;
import io.aegisops.functions.ingest.IngestComponents;
import io.aegisops.functions.ingest.IngestHandler;
import io.aegisops.functions.ingest.IngestSettings;
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
import java.util.List;
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
 * adapter that only translates errors (one registry, one invocation path).
 */
public final class PipelineFunctions {

    public static final String INGEST = "aegis-ingest";

    /** One function: its name, the placeholder its ARN fills (null for the API's), memory and timeout as on AWS. */
    private record Spec(String name, String placeholder, int memoryMb, int timeoutSeconds, Supplier<RequestStreamHandler> handler) {
    }

    private PipelineFunctions() {
    }

    /** {@code ${XxxFunctionArn}} → the ARN of the local function that fills it. */
    public static Map<String, String> arnPlaceholders() {
        Map<String, String> arns = new TreeMap<>();
        specs(null, null, null, null).stream().filter(s -> s.placeholder() != null)
                .forEach(s -> arns.put(s.placeholder(), LocalLambda.arnOf(s.name())));
        return arns;
    }

    /**
     * Registers every function in {@code lambda} (handlers are built on first invocation, like a Lambda
     * init) and the pipeline's in {@code engineFunctions}.
     */
    public static void register(LocalLambda lambda, LambdaFunctions engineFunctions, StackSettings settings,
                                DynamoDbClient dynamo, SfnClient sfn, Clock clock) {
        for (Spec spec : specs(settings.values(), dynamo, sfn, clock)) {
            String arn = lambda.register(new LocalFunction(spec.name(), spec.handler(), spec.memoryMb(), Duration.ofSeconds(spec.timeoutSeconds())));
            if (spec.placeholder() != null) {
                engineFunctions.register(arn, payload -> {
                    try {
                        return lambda.invoke(spec.name(), payload);
                    } catch (FunctionError e) {
                        throw new LambdaFunctionException(e.errorType(), e.getMessage());
                    }
                });
            }
        }
    }

    private static List<Spec> specs(Map<String, String> env, DynamoDbClient dynamo, SfnClient sfn, Clock clock) {
        Supplier<PipelineSettings> pipeline = () -> PipelineSettings.fromEnv(env);
        Supplier<Stores> stores = () -> Stores.over(dynamo, pipeline.get().tablePrefix());
        return List.of(
                new Spec(INGEST, null, 1024, 15, () -> new IngestHandler(
                        new IngestComponents(IngestSettings.load(env, new EnvSecretSource(env)), dynamo, sfn, clock))),
                new Spec("aegis-collect-evidence", "CollectEvidenceFunctionArn", 512, 15,
                        () -> new CollectEvidenceHandler(pipeline.get(), stores.get(), clock)),
                new Spec("aegis-diagnose", "DiagnoseFunctionArn", 1024, 60, () -> {
                    ModelSettings model = ModelSettings.fromEnv(env);
                    Optional<ModelAdvisor> advisor = model.configured() ? Optional.of(new OpenAiModelAdvisor(model)) : Optional.empty();
                    return new DiagnoseHandler(pipeline.get(), stores.get(), advisor, model.maxLogChars(), clock);
                }),
                new Spec("aegis-notify", "NotifyFunctionArn", 512, 20,
                        () -> new NotifyHandler(stores.get().incidents(), Notifiers.fromEnv(env), NotifyLinks.fromEnv(env))),
                new Spec("aegis-request-approval", "RequestApprovalFunctionArn", 512, 20,
                        () -> new RequestApprovalHandler(stores.get().incidents(), Notifiers.fromEnv(env), NotifyLinks.fromEnv(env), clock)),
                new Spec("aegis-remediate", "RemediateFunctionArn", 512, 15,
                        () -> new RemediateHandler(pipeline.get(), stores.get(), clock)),
                new Spec("aegis-verify", "VerifyFunctionArn", 512, 15,
                        () -> new VerifyHandler(pipeline.get(), stores.get(), clock)),
                new Spec("aegis-learn", "LearnFunctionArn", 512, 15,
                        () -> new LearnHandler(stores.get(), clock)));
    }
}
