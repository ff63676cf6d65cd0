package io.aegisops.cdk;

import io.aegisops.contracts.Json;
import io.aegisops.contracts.Target;
import io.aegisops.contracts.TargetsConfig;
import io.aegisops.contracts.tables.Tables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What a deployment chooses, read from CDK context ({@code cdk deploy -c targetsFile=targets.json ...}):
 * the targets inventory, the LLM endpoint, shadow mode, the pipeline's timeouts, and where the built
 * functions jars are ({@code aegis-functions-lambda.jar}; {@code aegis-functions-lambda-llm.jar}, built with
 * {@code -Plambda-llm}, for Diagnose when {@code llmModel} is set), and the operator console's files.
 */
public record AegisSettings(
        String tablePrefix,
        TargetsConfig targets,
        String llmBaseUrl,
        String llmModel,
        boolean shadowMode,
        String lambdaArchitecture,
        Path functionsJar,
        Path modelFunctionsJar,
        String secretsVersion,
        String alarmEmail,
        Path consoleDir,
        Map<String, String> pipelineSettings) {

    /** The pipeline's numeric placeholders and their defaults (seconds unless the name says otherwise). */
    public static final Map<String, String> DEFAULT_PIPELINE_SETTINGS = Map.of(
            "EvidenceTimeoutSeconds", "60",
            "ApprovalTimeoutSeconds", "3600",
            "RemediateHeartbeatSeconds", "60",
            "RemediateTimeoutSeconds", "300",
            "VerifyTimeoutSeconds", "60",
            "VerifyIntervalSeconds", "10",
            "VerifyMaxAttempts", "6");

    public AegisSettings {
        Objects.requireNonNull(targets, "targets");
        Objects.requireNonNull(functionsJar, "functionsJar");
        if (!lambdaArchitecture.equals("arm64") && !lambdaArchitecture.equals("x86_64")) {
            throw new IllegalArgumentException("lambdaArchitecture must be arm64 or x86_64, was " + lambdaArchitecture);
        }
        pipelineSettings = Map.copyOf(pipelineSettings);
    }

    /** Diagnose calls a model only when one is configured, and only the model jar carries its client. */
    public boolean modelConfigured() {
        return !llmModel.isBlank();
    }

    /** The edge hosts named by the targets: each gets a policy limited to its own command items. */
    public List<String> hostIds() {
        return List.copyOf(
                new TreeSet<>(targets.targets().stream().map(Target::hostId).toList()));
    }

    /** Reads the settings through {@code context} (a CDK node's tryGetContext), with defaults for anything unset. */
    public static AegisSettings fromContext(Function<String, Object> context) {
        String targetsFile = text(context, "targetsFile", null);
        TargetsConfig targets = targetsFile == null ? new TargetsConfig(null) : readTargets(Path.of(targetsFile));
        var pipeline = new java.util.HashMap<>(DEFAULT_PIPELINE_SETTINGS);
        pipeline.replaceAll((name, fallback) -> text(context, name, fallback));
        return new AegisSettings(
                text(context, "tablePrefix", Tables.DEFAULT_PREFIX),
                targets,
                text(context, "llmBaseUrl", ""),
                text(context, "llmModel", ""),
                Boolean.parseBoolean(text(context, "shadowMode", "false")),
                text(context, "lambdaArchitecture", "arm64"),
                Path.of(text(context, "functionsJar", "../functions/target/aegis-functions-lambda.jar")),
                Path.of(text(context, "modelFunctionsJar", "../functions/target/aegis-functions-lambda-llm.jar")),
                text(context, "secretsVersion", "1"),
                text(context, "alarmEmail", ""),
                // the files the embedded stack serves, deployed as they are (resolved from infra-cdk/, where cdk runs)
                Path.of(text(context, "consoleDir", "../local/src/main/resources/io/aegisops/local/console")),
                pipeline);
    }

    private static String text(Function<String, Object> context, String key, String fallback) {
        Object value = context.apply(key);
        return value == null ? fallback : value.toString();
    }

    private static TargetsConfig readTargets(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(
                    "targetsFile " + file.toAbsolutePath().normalize()
                            + " does not exist (copy scripts/localstack/targets.json and list your services)");
        }
        try {
            return Json.read(Files.readString(file), TargetsConfig.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read targetsFile " + file, e);
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalArgumentException(
                    "targetsFile " + file + " is not a valid targets document: " + cause.getMessage(), e);
        }
    }
}
