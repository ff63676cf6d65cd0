package io.aegisops.local.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.aegisops.contracts.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The console's files as the edge port serves them: what a browser gets, and what it never gets. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleAssetsHttpTest {

    private HttpServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/console", new ConsoleAssets());
        server.start();
    }

    @AfterAll
    void stop() {
        server.stop(0);
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
        return http.send(
                HttpRequest.newBuilder(uri)
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Nested
    class TheConsolesPages {

        @Test
        void areServedWithTheirTypeAndAStrictPolicy() throws Exception {
            HttpResponse<String> index = send("GET", "/console/");
            assertThat(index.statusCode()).isEqualTo(200);
            assertThat(index.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
            assertThat(index.body()).contains("<script type=\"module\" src=\"app.js\"></script>");
            assertThat(index.headers().firstValue("Content-Security-Policy"))
                    .hasValueSatisfying(policy -> assertThat(policy)
                            .startsWith("default-src 'self';")
                            .contains("script-src 'self';")
                            .doesNotContain("unsafe-inline")
                            .doesNotContain("unsafe-eval"));
            assertThat(index.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
            assertThat(index.headers().firstValue("Referrer-Policy")).contains("no-referrer");
            assertThat(send("GET", "/console/app.js").headers().firstValue("Content-Type"))
                    .contains("text/javascript; charset=utf-8");
            assertThat(send("GET", "/console/console.css").headers().firstValue("Content-Type"))
                    .contains("text/css; charset=utf-8");
        }

        @Test
        void keepTheirOwnTemplateStrings() throws Exception {
            // the module's resources are filtered for version.properties; the console's must come as written
            assertThat(send("GET", "/console/api.js").body()).contains("`Bearer ${token}`");
        }

        @Test
        void holdNoInlineScriptAndLoadNothingFromElsewhere() throws Exception {
            for (String file : new String[] {
                "index.html",
                "app.js",
                "api.js",
                "board.js",
                "incident.js",
                "graph.js",
                "dom.js",
                "runbook.js",
                "analytics.js",
                "approval.js",
                "approvals.js",
                "agents.js",
                "polling.js"
            }) {
                // SVG's namespace is a name, never fetched
                String body = send("GET", "/console/" + file).body().replace("'http://www.w3.org/2000/svg'", "");
                assertThat(body).as(file).doesNotContain("http://").doesNotContain("https://");
                assertThat(body).as(file).doesNotContain("innerHTML").doesNotContain("outerHTML");
                assertThat(body).as(file).doesNotContain("insertAdjacentHTML").doesNotContain("eval(");
            }
            assertThat(send("GET", "/console/").body())
                    .doesNotContain("<script>")
                    .doesNotContain(" on");
        }

        @Test
        void serveUplotFromItsWebjarUnderTheSamePolicy() throws Exception {
            HttpResponse<String> uplot = send("GET", "/console/uplot.js");
            assertThat(uplot.statusCode()).isEqualTo(200);
            assertThat(uplot.headers().firstValue("Content-Type")).contains("text/javascript; charset=utf-8");
            assertThat(uplot.headers().firstValue("Content-Security-Policy"))
                    .contains(ConsoleAssets.CONTENT_SECURITY_POLICY);
            assertThat(uplot.body())
                    .contains("export { uPlot as default }")
                    .as("uPlot builds its elements as the console does, styled through the CSSOM")
                    .doesNotContain("innerHTML")
                    .doesNotContain("setAttribute(\"style\"")
                    .doesNotContain("eval(");
            HttpResponse<String> css = send("GET", "/console/uplot.css");
            assertThat(css.statusCode()).isEqualTo(200);
            assertThat(css.body()).contains(".uplot");
            assertThat(send("GET", "/console/analytics.js").body()).contains("from './uplot.js'");
            assertThat(send("GET", "/console/").body()).contains("href=\"uplot.css\"");
        }

        @Test
        void nameTheApiOnTheirOwnOriginInConfigJson() throws Exception {
            // the CDK app deploys the same files with the REST API's stage URL in its place
            HttpResponse<String> config = send("GET", "/console/config.json");
            assertThat(config.statusCode()).isEqualTo(200);
            assertThat(config.headers().firstValue("Content-Type")).contains("application/json");
            assertThat(Json.mapper().readTree(config.body()).get("apiBaseUrl").asText())
                    .isEmpty();
        }

        @Test
        void redirectTheBareAddressToTheConsolesFolder() throws Exception {
            HttpResponse<String> bare = send("GET", "/console");
            assertThat(bare.statusCode()).isEqualTo(308);
            assertThat(bare.headers().firstValue("Location")).contains("/console/");
        }

        @Test
        void answerHeadWithoutABody() throws Exception {
            HttpResponse<String> head = send("HEAD", "/console/app.js");
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.body()).isEmpty();
        }
    }

    @Nested
    class NothingElse {

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "/console/../version.properties",
                    "/console/%2e%2e/version.properties",
                    "/console/..%2fversion.properties",
                    "/console/ConsoleAssets.class",
                    "/console/missing.js",
                    "/console/sub/app.js",
                    "/consoleapp.js"
                })
        void isServed(String path) throws Exception {
            HttpResponse<String> answer = send("GET", path);
            assertThat(answer.statusCode()).isEqualTo(404);
            assertThat(answer.headers().firstValue("Content-Security-Policy")).isPresent();
        }

        @Test
        void isWrittenThroughIt() throws Exception {
            HttpResponse<String> post = send("POST", "/console/index.html");
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(post.headers().firstValue("Allow")).contains("GET, HEAD");
        }
    }
}
