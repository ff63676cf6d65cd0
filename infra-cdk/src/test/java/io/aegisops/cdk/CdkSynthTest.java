package io.aegisops.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.contracts.Json;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The real CDK CLI (npm {@code aws-cdk}, installed into target/ on first run) synthesises the app offline,
 * the way {@code cdk deploy} starts: a cloud assembly with the AegisOps template, the functions asset and cdk-nag's
 * report.
 */
class CdkSynthTest {

    static final String CDK_CLI = "aws-cdk@2.1148.1";
    static final Path NODE_DIR = Path.of("target", "node");

    @Test
    void cdkSynthProducesTheTemplateOffline() throws Exception {
        Path cdk = installCdkCli();
        Path out = Path.of("target", "cdk.out");
        Path nagReport = out.resolve("AwsSolutions-AegisOps-NagReport.csv");
        Files.deleteIfExists(nagReport); // written again by this synth, or the test fails
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String app = java + " -cp " + System.getProperty("java.class.path") + " io.aegisops.cdk.AegisApp";

        List<String> command = new ArrayList<>(List.of(
                cdk.toString(),
                "synth",
                "--quiet",
                "--no-notices",
                "--no-version-reporting",
                "--app",
                app,
                "--output",
                out.toString(),
                "-c",
                "functionsJar=" + AegisStackTest.FUNCTIONS_JAR,
                "-c",
                "targetsFile=" + Path.of("..", "scripts", "localstack", "targets.json")));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(Path.of("target", "cdk-synth.log").toFile())
                .start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES))
                .as("cdk synth finished")
                .isTrue();
        assertThat(process.exitValue())
                .as(
                        "cdk synth exit code; see target/cdk-synth.log:%n%s",
                        Files.readString(Path.of("target", "cdk-synth.log")))
                .isZero();

        assertThat(findings(Files.readString(Path.of("target", "cdk-synth.log"))))
                .as("cdk synth's findings, except W3694 (its SNS rule does not know alias ARNs; SNS delivers to them)")
                .allMatch(finding -> finding.contains("CloudFormation-Validate::W3694"));
        JsonNode template =
                Json.mapper().readTree(out.resolve("AegisOps.template.json").toFile());
        assertThat(template.get("Resources").toString())
                .contains("AWS::StepFunctions::StateMachine", "AWS::ApiGateway::RestApi");
        assertThat(Files.readAllLines(nagReport))
                .as("cdk synth runs cdk-nag (AegisApp) and writes its report; every rule compliant or suppressed")
                .hasSizeGreaterThan(1)
                .noneMatch(row -> row.contains("\"Non-Compliant\""));
        JsonNode assets =
                Json.mapper().readTree(out.resolve("AegisOps.assets.json").toFile());
        assertThat(assets.get("files").toString())
                .as("the functions jar is an asset")
                .contains(".jar");
    }

    /** Each WARNING or ERROR block cdk synth printed, with the lines that explain it. */
    static List<String> findings(String log) {
        List<String> findings = new ArrayList<>();
        for (String block : log.split("\\R(?=WARNING |ERROR )", -1)) {
            if (block.startsWith("WARNING ") || block.startsWith("ERROR ")) {
                findings.add(block);
            }
        }
        return findings;
    }

    /** npm install once per checkout; later runs reuse target/node. */
    static Path installCdkCli() throws IOException, InterruptedException {
        Path cli = NODE_DIR.resolve(Path.of("node_modules", ".bin", "cdk"));
        if (!Files.isExecutable(cli)) {
            npmInstall(CDK_CLI);
        }
        return cli;
    }

    static void npmInstall(String... packages) throws IOException, InterruptedException {
        Files.createDirectories(NODE_DIR);
        List<String> command = new ArrayList<>(
                List.of("npm", "install", "--no-audit", "--no-fund", "--silent", "--prefix", NODE_DIR.toString()));
        command.addAll(List.of(packages));
        Process npm = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(new File("target/npm-install.log"))
                .start();
        assertThat(npm.waitFor(5, TimeUnit.MINUTES)).as("npm install finished").isTrue();
        assertThat(npm.exitValue())
                .as("npm install %s; see target/npm-install.log", List.of(packages))
                .isZero();
    }
}
