package io.aegisops.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.aegisops.contracts.pipeline.PipelineError;
import io.aegisops.contracts.pipeline.PipelineFunction;
import io.aegisops.local.lambda.LocalLambda;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Unit: contracts' function specs and {@code Aegis.*} errors name the functions module's classes (contracts cannot
 * depend on it, so the names are strings), and the embedded stack runs the very handler CDK deploys.
 */
class PipelineFunctionsTest {

    @Nested
    class HandlerClasses {
        @Test
        void everyNamedHandlerLoadsAndIsAStreamHandler() throws ClassNotFoundException {
            for (PipelineFunction function : PipelineFunction.values()) {
                Class<?> handler = Class.forName(function.handlerClass());
                assertThat(RequestStreamHandler.class.isAssignableFrom(handler))
                        .as(function.handlerClass())
                        .isTrue();
                assertThat(handler.getDeclaredConstructors())
                        .as("the Lambda runtime's no-argument constructor")
                        .anyMatch(c -> c.getParameterCount() == 0);
            }
        }

        @Test
        void theEmbeddedStackBuildsTheNamedHandlerForEveryFunctionButSnsAlarm() {
            StackSettings settings = StackSettings.of(
                            URI.create("http://127.0.0.1:9"),
                            9,
                            new StackSecrets(
                                    "whk_token_0123456789", "hmac_secret_0123456789", "alice", "apr_token_0123456789"),
                            Map.of())
                    .with(
                            StackSettings.STATE_MACHINE_ARN,
                            "arn:aws:states:us-east-1:000000000000:stateMachine:aegis-pipeline");
            URI nowhere = URI.create("http://127.0.0.1:9");
            StaticCredentialsProvider credentials =
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
            try (DynamoDbClient dynamo = DynamoDbClient.builder()
                            .endpointOverride(nowhere)
                            .region(Region.US_EAST_1)
                            .credentialsProvider(credentials)
                            .httpClient(UrlConnectionHttpClient.create())
                            .build();
                    SfnClient sfn = SfnClient.builder()
                            .endpointOverride(nowhere)
                            .region(Region.US_EAST_1)
                            .credentialsProvider(credentials)
                            .httpClient(UrlConnectionHttpClient.create())
                            .build()) {
                Map<PipelineFunction, Supplier<RequestStreamHandler>> handlers =
                        PipelineFunctions.handlers(settings.values(), dynamo, sfn, Clock.systemUTC());
                assertThat(handlers.keySet()).isEqualTo(EnumSet.complementOf(EnumSet.of(PipelineFunction.SNS_ALARM)));
                handlers.forEach((function, handler) -> assertThat(
                                handler.get().getClass().getName())
                        .as(function.name())
                        .isEqualTo(function.handlerClass()));
            }
        }

        @Test
        void everyPlaceholderIsFilledWithTheLocalFunctionsArn() {
            assertThat(PipelineFunctions.arnPlaceholders())
                    .containsEntry("CollectEvidenceFunctionArn", LocalLambda.arnOf("aegis-collect-evidence"))
                    .hasSize(PipelineFunction.stateMachineTasks().size());
        }
    }

    @Nested
    class HandlerErrors {
        @Test
        void theAegisPackageHoldsExactlyTheErrorsHandlersRaise() throws Exception {
            List<String> handlerErrors = Arrays.stream(PipelineError.values())
                    .filter(e -> e.isRaisedBy(PipelineError.Raiser.HANDLER))
                    .map(PipelineError::wireName)
                    .toList();
            assertThat(classesOfPackageAegis()).containsExactlyInAnyOrderElementsOf(handlerErrors);
            for (String name : handlerErrors) {
                // the Lambda runtime reports the thrown class's name as the error type
                assertThat(RuntimeException.class.isAssignableFrom(Class.forName(name)))
                        .as(name)
                        .isTrue();
            }
        }

        /** The top-level classes of the package {@code Aegis}, wherever the functions module's classes are. */
        private static List<String> classesOfPackageAegis() throws IOException, URISyntaxException {
            Path location = Path.of(Aegis.NotAllowed.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            if (Files.isDirectory(location)) {
                return classesIn(location.resolve("Aegis"));
            }
            try (FileSystem jar = FileSystems.newFileSystem(location)) {
                return classesIn(jar.getPath("Aegis"));
            }
        }

        private static List<String> classesIn(Path directory) throws IOException {
            List<String> names = new ArrayList<>();
            try (Stream<Path> files = Files.list(directory)) {
                files.map(f -> f.getFileName().toString())
                        .filter(f -> f.endsWith(".class") && !f.contains("$") && !f.equals("package-info.class"))
                        .forEach(f -> names.add("Aegis." + f.substring(0, f.length() - ".class".length())));
            }
            return names;
        }
    }
}
