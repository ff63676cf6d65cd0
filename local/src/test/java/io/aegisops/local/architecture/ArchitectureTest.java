package io.aegisops.local.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.aegisops.local.stack.StackOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rules every module's main code keeps, checked on the compiled classes of all of them (this module builds
 * after the others): no production class uses test code, the AWS SDK stays in adapters and composition roots,
 * and no two packages depend on each other.
 */
class ArchitectureTest {

    /** Every module whose main code runs somewhere (the CDK app only synthesises, with CDK, not the SDK). */
    private static final List<String> MODULES =
            List.of("contracts", "dynamodb", "sqs", "statemachine", "functions", "edge-agent", "buggy-app", "local");

    /**
     * Where the AWS SDK may be used: adapters named for the service they speak to, and the composition roots that
     * build clients. Everything else talks to ports (CommandQueue, IncidentStore, TaskAnswers, ...).
     */
    private static final Pattern SDK_ALLOWED = Pattern.compile(String.join(
            "|",
            "io\\.aegisops\\..*\\.(Dynamo|StepFunctions|SecretsManager|Sqs|Sns)[A-Za-z]*(\\$.*)?",
            "io\\.aegisops\\.contracts\\.dynamo\\.ItemMapper(\\$.*)?",
            "io\\.aegisops\\.contracts\\.tables\\.DynamoTables(\\$.*)?",
            // the one backoff helper: the SDK's BackoffStrategy behind a small API of its own
            "io\\.aegisops\\.contracts\\.retry\\.Backoff(\\$.*)?",
            "io\\.aegisops\\.functions\\.pipeline\\.Stores(\\$.*)?",
            "io\\.aegisops\\.functions\\.ingest\\.IngestComponents(\\$.*)?",
            "io\\.aegisops\\.functions\\.config\\.SecretSource(\\$.*)?",
            // optimistic-locking helper of the Dynamo stores: retries on the SDK's condition failure
            "io\\.aegisops\\.functions\\.store\\.CompareAndSet(\\$.*)?",
            // the REST API answers 503 when a downstream AWS call fails (an SdkException), not 500
            "io\\.aegisops\\.functions\\.ingest\\.IngestApi(\\$.*)?",
            "io\\.aegisops\\.edge\\.(AwsClients|EdgeAgent)(\\$.*)?",
            // an SDK interceptor: counts the agent's control-plane calls for /metrics
            "io\\.aegisops\\.edge\\.ops\\.ControlPlaneRequestCounter(\\$.*)?",
            // aegis-local is a composition root and an AWS API client (the CLI reads executions and tables)
            "io\\.aegisops\\.local\\..*"));

    private static JavaClasses production;

    @BeforeAll
    static void importMainClasses() {
        Path home = StackOptions.findHome();
        List<Path> dirs = new ArrayList<>();
        for (String module : MODULES) {
            Path classes = home.resolve(module).resolve("target/classes");
            if (!Files.isDirectory(classes)) {
                throw new IllegalStateException(
                        classes + " is missing: build every module first (./mvnw -B verify does)");
            }
            dirs.add(classes);
        }
        production = new ClassFileImporter().importPaths(dirs);
    }

    @Test
    void noProductionClassUsesTestCode() {
        noClasses()
                .that()
                .resideInAPackage("io.aegisops..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.aegisops.testsupport..",
                        "org.junit..",
                        "org.assertj..",
                        "org.awaitility..",
                        "com.tngtech.archunit..")
                .check(production);
    }

    @Test
    void theAwsSdkStaysInAdaptersAndCompositionRoots() {
        noClasses()
                .that(new DescribedPredicate<JavaClass>("are not adapters or composition roots") {
                    @Override
                    public boolean test(JavaClass javaClass) {
                        return !SDK_ALLOWED.matcher(javaClass.getName()).matches();
                    }
                })
                .should()
                .dependOnClassesThat()
                .resideInAPackage("software.amazon.awssdk..")
                .check(production);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("io.aegisops.(**)").should().beFreeOfCycles().check(production);
    }
}
