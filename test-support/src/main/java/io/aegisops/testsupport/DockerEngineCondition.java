package io.aegisops.testsupport;

import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** See {@link RequiresDockerEngine}. The engine is asked once per test run. */
public final class DockerEngineCondition implements ExecutionCondition {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(DockerEngineCondition.class);

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        @SuppressWarnings("unchecked")
        Optional<String> reason = context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent("reason", key -> DockerEngine.unavailableReason(), Optional.class);
        if (reason.isEmpty()) {
            return ConditionEvaluationResult.enabled("Docker engine reachable");
        }
        if ("true".equalsIgnoreCase(System.getenv("AEGIS_REQUIRE_DOCKER"))) {
            throw new IllegalStateException("AEGIS_REQUIRE_DOCKER=true but " + reason.get());
        }
        System.out.println("SKIPPED " + context.getDisplayName() + ": " + reason.get());
        return ConditionEvaluationResult.disabled(reason.get());
    }
}
