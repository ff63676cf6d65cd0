package io.aegisops.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** See {@link RequiresBrowser}. */
public final class BrowserCondition implements ExecutionCondition {

    /** Debian's packages put them here; the tests name both, so nothing is looked up or downloaded. */
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<String> reason = unavailableReason();
        if (reason.isEmpty()) {
            return ConditionEvaluationResult.enabled("chromium and chromedriver installed");
        }
        String ci = System.getenv("CI");
        if ("true".equalsIgnoreCase(System.getenv("AEGIS_REQUIRE_BROWSER")) || (ci != null && !ci.isBlank())) {
            throw new IllegalStateException("AEGIS_REQUIRE_BROWSER=true or CI is set, but " + reason.get());
        }
        System.out.println("SKIPPED " + context.getDisplayName() + ": " + reason.get());
        return ConditionEvaluationResult.disabled(reason.get());
    }

    static Optional<String> unavailableReason() {
        for (Path binary : new Path[] {CHROMIUM, CHROMEDRIVER}) {
            if (!Files.isExecutable(binary)) {
                return Optional.of(binary + " is missing (apt-get install -y chromium chromium-driver)");
            }
        }
        return Optional.empty();
    }
}
