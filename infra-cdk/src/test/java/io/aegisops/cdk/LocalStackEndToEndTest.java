package io.aegisops.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.contracts.Json;
import io.aegisops.testsupport.DockerEngine;
import io.aegisops.testsupport.LocalAws;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/**
 * End to end on LocalStack: deploy the CDK app with cdklocal, run the edge agent (supervising the buggy app
 * as a process) against it, send an alert, wait for RESOLVED, read the execution history. It needs a
 * LocalStack image already present in the local Docker engine (no image is ever pulled), so it is skipped,
 * with the reason printed, on machines without one.
 */
class LocalStackEndToEndTest {

    /** The last LocalStack release that starts without an auth token (see localstack-compose.yml). */
    static final String LOCALSTACK_IMAGE = "localstack/localstack:4.14.0";

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @BeforeAll
    static void requireLocalStackImage() {
        Optional<String> reason = unavailableReason();
        reason.ifPresent(why -> System.out.println("SKIPPED LocalStackEndToEndTest: " + why));
        Assumptions.assumeTrue(reason.isEmpty(), () -> reason.orElse(""));
    }

    static Optional<String> unavailableReason() {
        try (var docker = DockerEngine.client()) {
            docker.pingCmd().exec();
            docker.inspectImageCmd(System.getenv().getOrDefault("LOCALSTACK_IMAGE", LOCALSTACK_IMAGE))
                    .exec();
            return Optional.empty();
        } catch (com.github.dockerjava.api.exception.NotFoundException missing) {
            return Optional.of(
                    "image " + LOCALSTACK_IMAGE + " is not in the local Docker engine (no registry to pull it from)");
        } catch (Exception noEngine) {
            return Optional.of(
                    "no Docker engine answers (" + noEngine.getClass().getSimpleName() + ")");
        }
    }

    @Test
    @SuppressWarnings("deprecation") // LocalStack needs the host's Docker socket, which only a bind mount gives it
    void anAlertEndsResolvedOnLocalStack() throws Exception {
        String image = System.getenv().getOrDefault("LOCALSTACK_IMAGE", LOCALSTACK_IMAGE);
        try (LocalStackContainer localstack = new LocalStackContainer(
                        DockerImageName.parse(image).asCompatibleSubstituteFor("localstack/localstack"))
                .withEnv("LOCALSTACK_AUTH_TOKEN", System.getenv().getOrDefault("LOCALSTACK_AUTH_TOKEN", ""))
                .withFileSystemBind("/var/run/docker.sock", "/var/run/docker.sock")) {
            localstack.start();
            URI endpoint = localstack.getEndpoint();
            Path work = Files.createTempDirectory("aegis-localstack");
            int appPort = freePort();
            Path targets = Files.writeString(work.resolve("targets.json"), """
                    {"targets": [{"service": "buggy-app", "hostId": "edge-1", "container": "buggy-app",
                      "healthUrl": "http://127.0.0.1:%d/health", "allowedActions": ["RESTART", "NOOP", "ESCALATE"]}]}
                    """.formatted(appPort));

            Path outputs = work.resolve("outputs.json");
            run(List.of(cdkLocal().toString(), "bootstrap", "--quiet"), endpoint, Duration.ofMinutes(5));
            run(
                    List.of(
                            cdkLocal().toString(),
                            "deploy",
                            "--require-approval",
                            "never",
                            "--outputs-file",
                            outputs.toString(),
                            "-c",
                            "targetsFile=" + targets,
                            "-c",
                            "lambdaArchitecture=x86_64",
                            "-c",
                            "functionsJar=" + AegisStackTest.FUNCTIONS_JAR.toAbsolutePath()),
                    endpoint,
                    Duration.ofMinutes(15));
            JsonNode stack = Json.mapper().readTree(outputs.toFile()).get("AegisOps");
            String api =
                    endpoint + "/_aws/execute-api/" + stack.get("RestApiId").asText() + "/prod";
            String webhookToken = webhookToken(endpoint, stack.get("SecretsArn").asText());

            Path agentConfig = Files.writeString(
                    work.resolve("agent.json"),
                    Json.write(Map.of(
                            "hostId",
                            "edge-1",
                            "runtime",
                            "process",
                            "pollIntervalMs",
                            500,
                            "httpPort",
                            freePort(),
                            "containers",
                            List.of(Map.of(
                                    "name",
                                    "buggy-app",
                                    "allowedActions",
                                    List.of("RESTART", "PROBE", "INSPECT", "LOGS"),
                                    "healthUrl",
                                    "http://127.0.0.1:" + appPort + "/health",
                                    "process",
                                    Map.of(
                                            "command",
                                            List.of(
                                                    java(),
                                                    "-Xmx64m",
                                                    "-jar",
                                                    ROOT.resolve("buggy-app/target/buggy-app.jar")
                                                            .toString()),
                                            "environment",
                                            Map.of("PORT", Integer.toString(appPort))))))));
            Process agent = start(
                    List.of(
                            java(),
                            "-jar",
                            ROOT.resolve("edge-agent/target/edge-agent.jar").toString(),
                            "--config",
                            agentConfig.toString()),
                    endpoint,
                    work.resolve("agent.log"));
            try {
                HttpClient http = HttpClient.newHttpClient();
                HttpResponse<String> accepted = http.send(
                        HttpRequest.newBuilder(URI.create(api + "/alerts"))
                                .header("Authorization", "Bearer " + webhookToken)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("""
                                {"incident_id": "localstack-e2e", "service": "buggy-app", "container_name": "buggy-app",
                                 "alert_type": "HighMemoryUsage", "severity": "CRITICAL",
                                 "logs": "java.lang.OutOfMemoryError: Java heap space", "timestamp": "%s"}
                                """.formatted(Instant.now())))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
                String executionArn = Json.mapper()
                        .readTree(accepted.body())
                        .get("executionArn")
                        .asText();

                try (SfnClient sfn = LocalAws.sfn(endpoint)) {
                    String status = "RUNNING";
                    Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
                    while (status.equals("RUNNING") && Instant.now().isBefore(deadline)) {
                        Thread.sleep(2000);
                        status = sfn.describeExecution(b -> b.executionArn(executionArn))
                                .statusAsString();
                    }
                    List<String> events = sfn.getExecutionHistory(b -> b.executionArn(executionArn)).events().stream()
                            .map(HistoryEvent::typeAsString)
                            .toList();
                    System.out.println("LocalStack execution history: " + events);
                    assertThat(status).isEqualTo("SUCCEEDED");
                    assertThat(events).contains("TaskSubmitted", "ExecutionSucceeded");
                }
            } finally {
                agent.destroy();
                agent.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private static String webhookToken(URI endpoint, String secretArn) throws IOException, InterruptedException {
        try (var secrets = software.amazon.awssdk.services.secretsmanager.SecretsManagerClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            String secret = secrets.getSecretValue(b -> b.secretId(secretArn)).secretString();
            return Json.mapper().readTree(secret).get("AEGIS_WEBHOOK_TOKENS").asText();
        }
    }

    private static Path cdkLocal() throws IOException, InterruptedException {
        Path cli = CdkSynthTest.NODE_DIR.resolve(Path.of("node_modules", ".bin", "cdklocal"));
        if (!Files.isExecutable(cli)) {
            CdkSynthTest.npmInstall(CdkSynthTest.CDK_CLI, "aws-cdk-local@3.0.4");
        }
        return cli;
    }

    private static void run(List<String> command, URI endpoint, Duration timeout)
            throws IOException, InterruptedException {
        Process process = start(command, endpoint, Path.of("target", "localstack-" + command.get(1) + ".log"));
        assertThat(process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS))
                .as("%s finished", command)
                .isTrue();
        assertThat(process.exitValue())
                .as("%s exit code (see target/localstack-%s.log)", command, command.get(1))
                .isZero();
    }

    private static Process start(List<String> command, URI endpoint, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.directory(new File("."));
        Map<String, String> env = builder.environment();
        env.put("AWS_ENDPOINT_URL", endpoint.toString());
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", "test");
        env.put("AWS_SECRET_ACCESS_KEY", "test");
        env.put("CDK_DEFAULT_ACCOUNT", "000000000000");
        env.put("CDK_DEFAULT_REGION", "us-east-1");
        return builder.start();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
