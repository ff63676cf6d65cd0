package io.aegisops.dynamodb.conformance;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.aegisops.dynamodb.DynamoDbEngine;
import io.aegisops.dynamodb.DynamoDbServer;
import io.aegisops.dynamodb.MotoServer;
import io.aegisops.dynamodb.conformance.CaseFile.Case;
import io.aegisops.dynamodb.conformance.CaseRunner.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The differential conformance suite: every case under {@code resources/conformance} runs over HTTP on moto and on
 * the engine, and their answers must agree (or the engine must give AWS's documented answer where a case records
 * that moto deviates from it). {@code -Dconformance.only=TEXT} runs the cases whose "file/name" contains TEXT.
 * Reports go to {@code target/conformance/}: differences.txt (what differs) and transcript.txt (every answer).
 */
class ConformanceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path REPORTS = Path.of("target", "conformance");

    private record Result(String id, Outcome outcome) {
    }

    private static final List<Result> RESULTS = Collections.synchronizedList(new ArrayList<>());

    private static MotoServer moto;
    private static DynamoDbEngine engine;
    private static DynamoDbServer server;
    private static CaseRunner runner;

    @BeforeAll
    static void start() throws IOException {
        Optional<MotoServer> started = MotoServer.start();
        if (started.isEmpty()) {
            String reason = "moto is not available: " + MotoServer.unavailableReason();
            if ("true".equals(System.getenv("AEGIS_REQUIRE_MOTO"))) {
                fail(reason + " (and AEGIS_REQUIRE_MOTO=true)");
            }
            System.out.println("the conformance suite is skipped, " + reason);
            Assumptions.abort(reason);
        }
        moto = started.get();
        engine = DynamoDbEngine.inMemory();
        server = DynamoDbServer.start(engine, 0);
        runner = new CaseRunner(JSON, new WireClient(moto.endpoint(), JSON), new WireClient(server.endpoint(), JSON));
    }

    @AfterAll
    static void stop() throws IOException {
        try {
            if (!RESULTS.isEmpty()) {
                report();
            }
        } finally {
            if (server != null) {
                server.close();
            }
            if (engine != null) {
                engine.close();
            }
            if (moto != null) {
                moto.close();
            }
        }
    }

    @TestFactory
    Stream<DynamicContainer> conformance() {
        String only = System.getProperty("conformance.only", "");
        List<DynamicContainer> containers = new ArrayList<>();
        int number = 0;
        for (CaseFile file : CaseFile.loadAll(JSON)) {
            List<DynamicTest> tests = new ArrayList<>();
            for (Case c : file.cases()) {
                int n = ++number; // numbered before filtering: a case's tables are named alike in every run
                String id = file.file() + "/" + c.name();
                if (id.contains(only)) {
                    tests.add(DynamicTest.dynamicTest(c.name(), () -> check(id, runner.run(file, c, n))));
                }
            }
            if (!tests.isEmpty()) {
                containers.add(DynamicContainer.dynamicContainer(file.file(), tests));
            }
        }
        return containers.stream();
    }

    private static void check(String id, Outcome outcome) {
        RESULTS.add(new Result(id, outcome));
        outcome.notes().forEach(note -> System.out.println(id + ": " + note));
        if (outcome.motoProblem() != null) {
            fail("the case does not run cleanly on moto: " + outcome.motoProblem());
        }
        if (!outcome.differences().isEmpty()) {
            fail("the engine differs (see target/conformance/differences.txt):\n  "
                    + String.join("\n  ", outcome.differences().subList(0, Math.min(20, outcome.differences().size()))));
        }
    }

    private static void report() throws IOException {
        long matched = RESULTS.stream().filter(r -> r.outcome().matched()).count();
        long broken = RESULTS.stream().filter(r -> r.outcome().motoProblem() != null).count();
        System.out.printf("conformance: %d cases, %d matched, %d differing, %d not running cleanly on moto%n",
                RESULTS.size(), matched, RESULTS.size() - matched - broken, broken);
        StringBuilder differences = new StringBuilder();
        StringBuilder transcript = new StringBuilder();
        for (Result r : RESULTS) {
            Outcome o = r.outcome();
            String head = "=== " + r.id() + "\n";
            transcript.append(head).append(o.transcript());
            if (!o.matched()) {
                differences.append(head);
                if (o.motoProblem() != null) {
                    differences.append("MOTO: ").append(o.motoProblem()).append('\n');
                }
                o.differences().forEach(d -> differences.append("- ").append(d).append('\n'));
                differences.append(o.transcript()).append('\n');
            }
        }
        Files.createDirectories(REPORTS);
        Files.writeString(REPORTS.resolve("differences.txt"), differences);
        Files.writeString(REPORTS.resolve("transcript.txt"), transcript);
    }
}
