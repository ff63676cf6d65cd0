package io.aegisops.local;

import io.aegisops.contracts.AlertSource;
import io.aegisops.contracts.AlertStatus;
import io.aegisops.contracts.Incident;
import io.aegisops.contracts.NormalisedAlert;
import io.aegisops.contracts.Severity;
import io.aegisops.contracts.TargetRef;
import io.aegisops.functions.pipeline.Stores;
import io.aegisops.functions.store.IncidentStore;
import io.aegisops.local.stack.EmbeddedStack;
import io.aegisops.local.stack.StackOptions;
import io.aegisops.local.stack.StackSettings;
import io.aegisops.testsupport.RequiresBrowser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Prints how fast the console's board opens with many incidents in the store (issue 16: the first page under
 * 300 ms with 10,000). Not part of the default run:
 * <pre>
 * ./mvnw -B -q -pl local -am verify -Dtest=ConsoleBoardBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     [-Dbenchmark.incidents=10000]
 * </pre>
 * It fills the incidents table through the store (as ingest writes it), then times {@code GET /incidents} pages
 * (unfiltered, and filtered by a severity one incident in fifty has), the analytics' {@code GET /stats} (which reads
 * up to 5,000 incidents) and, in headless chromium, the board from navigation start until its first page of rows is
 * in the document.
 */
@RequiresBrowser
class ConsoleBoardBenchmark {

    private static final int ROUNDS = 20;

    @Test
    void measure() throws Exception {
        int count = Integer.getInteger("benchmark.incidents", 10_000);
        try (EmbeddedStack stack = TestStack.start(
                "console-benchmark", StackOptions.AppRuntime.PROCESS, Map.of("AEGIS_WEBHOOK_URL", ""))) {
            IncidentStore store = Stores.over(stack.dynamo(), stack.settings().get(StackSettings.TABLE_PREFIX))
                    .incidents();
            long filling = System.nanoTime();
            fill(store, count);
            System.out.printf(
                    Locale.ROOT, "%d incidents stored in %.1f s%n", count, (System.nanoTime() - filling) / 1e9);

            String token = stack.settings().approverToken();
            HttpClient http = HttpClient.newHttpClient();
            print("GET /incidents?limit=25", api(http, stack.endpoint().resolve("/incidents?limit=25"), token));
            print(
                    "GET /incidents?limit=25&severity=LOW (1 in 50)",
                    api(http, stack.endpoint().resolve("/incidents?limit=25&severity=LOW"), token));
            print(
                    "GET /stats?days=14 (the analytics: reads its bound, 5,000 incidents)",
                    api(http, stack.endpoint().resolve("/stats?days=14"), token));

            ChromeDriver browser = Chromium.start();
            try {
                browser.get(stack.consoleUrl().toString());
                browser.executeScript("sessionStorage.setItem('aegis.approverToken', arguments[0])", token);
                List<Double> board = new ArrayList<>();
                for (int i = 0; i < ROUNDS; i++) {
                    browser.navigate().refresh();
                    board.add(((Number) browser.executeAsyncScript("""
                                    const done = arguments[arguments.length - 1];
                                    const check = () => document.querySelectorAll('tr.incident').length >= 25
                                        ? done(performance.now()) : requestAnimationFrame(check);
                                    check();""")).doubleValue());
                }
                print("board: navigation start → first 25 rows in the document (chromium)", board);
            } finally {
                browser.quit();
            }
        }
    }

    /** {@code count} incidents a second apart, newest now; every 50th LOW, the rest HIGH; ten services. */
    private static void fill(IncidentStore store, int count) throws Exception {
        Instant now = Instant.now();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> writes = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                writes.add(pool.submit(() -> {
                    Instant at = now.minusSeconds(n);
                    TargetRef target = new TargetRef("service-" + (n % 10), "container-" + (n % 10), "edge-1");
                    NormalisedAlert alert = new NormalisedAlert(
                            AlertSource.ALERTMANAGER,
                            AlertStatus.FIRING,
                            "HighErrorRate",
                            n % 50 == 0 ? Severity.LOW : Severity.HIGH,
                            target,
                            "5xx above 5% for 2 minutes (#" + n + ")",
                            "ERROR upstream timed out\n".repeat(20),
                            Map.of("alertname", "HighErrorRate", "service", target.service()),
                            at,
                            "fp-" + n,
                            null);
                    store.create(Incident.opened("inc-bench-" + n, alert, target, null, at));
                }));
            }
            for (Future<?> write : writes) {
                write.get();
            }
        }
    }

    private static List<Double> api(HttpClient http, URI uri, String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + token)
                .build();
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < ROUNDS + 3; i++) {
            long start = System.nanoTime();
            HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException(uri + " answered " + answer.statusCode() + ": " + answer.body());
            }
            if (i >= 3) { // the first calls warm the path up
                ms.add((System.nanoTime() - start) / 1e6);
            }
        }
        return ms;
    }

    private static void print(String what, List<Double> ms) {
        List<Double> sorted = new ArrayList<>(ms);
        Collections.sort(sorted);
        System.out.printf(
                Locale.ROOT,
                "%-72s median %6.1f ms  p95 %6.1f ms  max %6.1f ms  (%d runs)%n",
                what,
                sorted.get(sorted.size() / 2),
                sorted.get((int) Math.ceil(sorted.size() * 0.95) - 1),
                sorted.getLast(),
                sorted.size());
    }
}
