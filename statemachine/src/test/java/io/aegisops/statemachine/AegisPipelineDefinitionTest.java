package io.aegisops.statemachine;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisops.statemachine.asl.JsonValues;
import io.aegisops.statemachine.asl.StateMachineDefinition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The pipeline file itself: valid JSON as stored (so editors and linters read it), the placeholders
 * the architecture lists and no others, accepted by the engine's own checks, and valid for the
 * asl-validator npm package once its placeholders are filled (as CloudFormation fills them before
 * Step Functions validates). asl-validator is installed with npm into target/asl-validator on the
 * first run and reused afterwards; without npm this test fails, saying so.
 */
class AegisPipelineDefinitionTest {

    private static final String ASL_VALIDATOR = "asl-validator@4.0.0";
    private static final Path TOOL_DIR = Path.of("target", "asl-validator");

    @Test
    void theStoredFileIsJsonAndTheSameAsTheClassPathCopy() throws IOException {
        String file = Files.readString(Path.of("aegis-pipeline.asl.json"));

        assertThat(JsonValues.parse(file).path("StartAt").asText()).isEqualTo("Configure");
        assertThat(AegisPipeline.template().text()).isEqualTo(file);
    }

    @Test
    void itsPlaceholdersAreTheContractsFunctionArnsAndSettings() {
        List<String> expected = new ArrayList<>(PipelineHarness.SETTINGS.keySet());
        PipelineHarness.FUNCTIONS.forEach(function -> expected.add(function + "FunctionArn"));

        assertThat(AegisPipeline.template().placeholders()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void theEngineAcceptsItOnceFilled() {
        assertThat(StateMachineDefinition.parse(PipelineHarness.definition())
                        .graph()
                        .states())
                .containsKeys(
                        "CollectEvidence",
                        "Diagnose",
                        "NotifyDiagnosed",
                        "Route",
                        "RequestApproval",
                        "Remediate",
                        "Verify",
                        "WaitBeforeVerify",
                        "Learn",
                        "NotifyOutcome",
                        "Done",
                        "Escalated",
                        "RemediationFailed",
                        "Rejected",
                        "UnknownOutcome");
    }

    @Nested
    class AslValidator {

        private static Path validator;

        @BeforeAll
        static void install() throws Exception {
            validator = TOOL_DIR.resolve("node_modules").resolve(".bin").resolve("asl-validator");
            if (Files.isExecutable(validator)) {
                return;
            }
            Files.createDirectories(TOOL_DIR);
            Result npm;
            try {
                npm = run(
                        List.of(
                                "npm",
                                "install",
                                "--prefix",
                                TOOL_DIR.toString(),
                                ASL_VALIDATOR,
                                "--no-audit",
                                "--no-fund",
                                "--silent"),
                        300);
            } catch (IOException e) {
                throw new AssertionError(
                        "npm is needed to install " + ASL_VALIDATOR + " (CI has it): " + e.getMessage(), e);
            }
            assertThat(npm.exitCode())
                    .as("npm install %s failed:%n%s", ASL_VALIDATOR, npm.output())
                    .isZero();
            assertThat(validator).as("npm installed asl-validator").isExecutable();
        }

        private Result validate(String definition, String name) throws Exception {
            Path file = TOOL_DIR.resolve(name);
            Files.writeString(file, definition, StandardCharsets.UTF_8);
            return run(List.of(validator.toString(), "--json-path", file.toString()), 60);
        }

        @Test
        void acceptsThePipelineWithItsPlaceholdersFilled() throws Exception {
            Result result = validate(PipelineHarness.definition(), "aegis-pipeline.filled.json");

            assertThat(result.exitCode()).as(result.output()).isZero();
            assertThat(result.output()).contains("is valid");
        }

        @Test
        void refusesABrokenDefinition() throws Exception {
            String broken = PipelineHarness.definition().replace("\"Next\": \"Learn\"", "\"Next\": \"Lean\"");

            Result result = validate(broken, "aegis-pipeline.broken.json");

            assertThat(result.exitCode())
                    .as("asl-validator must catch a missing transition target")
                    .isNotZero();
            assertThat(result.output()).contains("Lean");
        }
    }

    private record Result(int exitCode, String output) {}

    private static Result run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s");
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
