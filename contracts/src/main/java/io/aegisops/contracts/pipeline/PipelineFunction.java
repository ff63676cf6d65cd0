package io.aegisops.contracts.pipeline;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The Lambda functions of AegisOps, as CDK deploys them and the embedded stack runs them. The handler is named by
 * its class name only: contracts does not depend on the functions module (a test loads each class).
 */
public enum PipelineFunction {
    INGEST("Ingest", "io.aegisops.functions.ingest.IngestHandler", 1024, 15, null),
    SNS_ALARM("SnsAlarm", "io.aegisops.functions.ingest.SnsAlarmHandler", 512, 15, null),
    COLLECT_EVIDENCE(
            "CollectEvidence",
            "io.aegisops.functions.evidence.CollectEvidenceHandler",
            512,
            15,
            "CollectEvidenceFunctionArn"),
    DIAGNOSE("Diagnose", "io.aegisops.functions.diagnose.DiagnoseHandler", 1024, 60, "DiagnoseFunctionArn"),
    NOTIFY("Notify", "io.aegisops.functions.notify.NotifyHandler", 512, 20, "NotifyFunctionArn"),
    REQUEST_APPROVAL(
            "RequestApproval",
            "io.aegisops.functions.approval.RequestApprovalHandler",
            512,
            20,
            "RequestApprovalFunctionArn"),
    REMEDIATE("Remediate", "io.aegisops.functions.remediate.RemediateHandler", 512, 15, "RemediateFunctionArn"),
    VERIFY("Verify", "io.aegisops.functions.verify.VerifyHandler", 512, 15, "VerifyFunctionArn"),
    LEARN("Learn", "io.aegisops.functions.learn.LearnHandler", 512, 15, "LearnFunctionArn");

    private final String id;
    private final String handlerClass;
    private final int memoryMb;
    private final int timeoutSeconds;
    private final String arnPlaceholder;

    PipelineFunction(String id, String handlerClass, int memoryMb, int timeoutSeconds, String arnPlaceholder) {
        this.id = id;
        this.handlerClass = handlerClass;
        this.memoryMb = memoryMb;
        this.timeoutSeconds = timeoutSeconds;
        this.arnPlaceholder = arnPlaceholder;
    }

    /** The functions the state machine invokes, each through its ARN placeholder. */
    public static List<PipelineFunction> stateMachineTasks() {
        return Arrays.stream(values()).filter(f -> f.arnPlaceholder != null).toList();
    }

    /** The short name CDK's construct ids start with, such as {@code CollectEvidence}. */
    public String id() {
        return id;
    }

    /**
     * The function's name in the embedded stack, {@code aegis-} and the id in kebab case
     * ({@code aegis-collect-evidence}). CloudFormation names the deployed ones.
     */
    public String functionName() {
        return "aegis-" + id.replaceAll("(?<=[a-z])(?=[A-Z])", "-").toLowerCase(Locale.ROOT);
    }

    /** The fully qualified class of its {@code RequestStreamHandler}. */
    public String handlerClass() {
        return handlerClass;
    }

    /** Lambda's handler string, {@code class::method}. */
    public String handler() {
        return handlerClass + "::handleRequest";
    }

    public int memoryMb() {
        return memoryMb;
    }

    public int timeoutSeconds() {
        return timeoutSeconds;
    }

    /**
     * The {@code ${Placeholder}} of {@code aegis-pipeline.asl.json} its ARN fills; empty for the functions the API
     * and SNS call.
     */
    public Optional<String> arnPlaceholder() {
        return Optional.ofNullable(arnPlaceholder);
    }
}
