package io.aegisops.sqs.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisops.sqs.SqsEngine;
import io.aegisops.sqs.SqsServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Differential conformance: each scenario of {@link Scenarios} runs through the unchanged SqsClient against moto and
 * against the engine, and what the SDK saw is compared step by step (ids, handles, timestamps and hosts
 * normalised). A step where moto departs from AWS holds the engine to AWS's answer instead and notes whether moto
 * still differs. Without moto the test skips; with {@code AEGIS_REQUIRE_MOTO=true} (CI) it fails.
 * {@code target/conformance/sqs-transcript.txt} holds both transcripts.
 */
class SqsConformanceTest {

    private static Moto moto;
    private static SqsServer engine;
    private static SqsClient onMoto;
    private static SqsClient onEngine;
    private static final List<String> report = new ArrayList<>();

    @BeforeAll
    static void start() {
        StringBuilder whyNot = new StringBuilder();
        Optional<Moto> started = Moto.start(whyNot);
        if (started.isEmpty()) {
            assertThat("true".equals(System.getenv("AEGIS_REQUIRE_MOTO")))
                    .as("moto is required here (AEGIS_REQUIRE_MOTO=true) but: " + whyNot)
                    .isFalse();
            Assumptions.abort("moto is not available: " + whyNot);
        }
        moto = started.get();
        engine = SqsServer.startOwning(SqsEngine.create());
        onMoto = client(moto.endpoint());
        onEngine = client(engine.endpoint());
    }

    @AfterAll
    static void stop() throws IOException {
        if (moto == null) {
            return;
        }
        onMoto.close();
        onEngine.close();
        engine.close();
        moto.close();
        Path out = Path.of("target", "conformance", "sqs-transcript.txt");
        Files.createDirectories(out.getParent());
        Files.write(out, report);
    }

    @TestFactory
    Stream<DynamicTest> engineAnswersAsMotoOrAsAwsWhereMotoDeparts() {
        return Scenarios.all().stream()
                .map(scenario -> DynamicTest.dynamicTest(scenario.name(), () -> compare(scenario)));
    }

    private static void compare(Scenarios.Scenario scenario) {
        Transcript fromMoto = new Transcript();
        Transcript fromEngine = new Transcript();
        scenario.body().run(onMoto, fromMoto);
        scenario.body().run(onEngine, fromEngine);
        Map<String, Scenarios.Divergence> divergences = scenario.divergences().stream()
                .collect(Collectors.toMap(Scenarios.Divergence::step, Function.identity()));

        List<String> problems = new ArrayList<>();
        report.add("== " + scenario.name());
        for (int i = 0; i < Math.max(fromMoto.steps().size(), fromEngine.steps().size()); i++) {
            Transcript.Step m = i < fromMoto.steps().size() ? fromMoto.steps().get(i) : null;
            Transcript.Step e =
                    i < fromEngine.steps().size() ? fromEngine.steps().get(i) : null;
            String step = e != null ? e.name() : m.name();
            report.add("-- " + step);
            report.add("   moto:   " + (m == null ? "(no step)" : m.outcome()));
            report.add("   engine: " + (e == null ? "(no step)" : e.outcome()));
            Scenarios.Divergence divergence = divergences.remove(step);
            if (divergence != null) {
                if (e == null || !divergence.engine().equals(e.outcome())) {
                    problems.add(step + ": AWS answers " + divergence.engine() + ", the engine "
                            + (e == null ? "nothing" : e.outcome()));
                }
                if (m != null && divergence.engine().equals(m.outcome())) {
                    report.add("   NOTE: moto now agrees with AWS here; the divergence can go");
                } else {
                    report.add("   moto departs from AWS: " + divergence.why());
                }
            } else if (m != null && e != null && !m.outcome().equals(e.outcome()) && genericOnMoto(m, e)) {
                report.add("   moto's error is the SDK's generic SqsException (see the class comment)");
            } else if (m == null || e == null || !m.outcome().equals(e.outcome())) {
                problems.add(step + ":\n     moto:   " + (m == null ? "(no step)" : m.outcome()) + "\n     engine: "
                        + (e == null ? "(no step)" : e.outcome()));
            }
        }
        assertThat(divergences.keySet()).as("divergences naming no step").isEmpty();
        assertThat(problems).as("steps where the engine differs").isEmpty();
    }

    /**
     * The same error but for its class: moto's errors carry an {@code X-Amzn-Errortype} header with the namespaced
     * shape ({@code com.amazonaws.sqs#QueueDoesNotExist}), which the SDK takes as the error code before the body's
     * {@code __type}, so it finds no modelled exception and throws the generic {@code SqsException}. SQS's error
     * responses carry no such header (SQS developer guide, "JSON error response structure"): the SDK throws the
     * modelled class ({@code QueueDoesNotExistException}), as it does on the engine.
     */
    private static boolean genericOnMoto(Transcript.Step m, Transcript.Step e) {
        String modelled = e.outcome().replaceFirst("\"error\":\"[A-Za-z]+Exception\"", "\"error\":\"SqsException\"");
        return modelled.equals(m.outcome()) && !e.outcome().contains("\"error\":\"SqsException\"");
    }

    private static SqsClient client(URI endpoint) {
        return SqsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.builder()
                        .socketTimeout(Duration.ofSeconds(40))
                        .build())
                .build();
    }
}
