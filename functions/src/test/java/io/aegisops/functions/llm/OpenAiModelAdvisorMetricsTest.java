package io.aegisops.functions.llm;

import static io.aegisops.functions.llm.OpenAiModelAdvisorHttpTest.ALL;
import static io.aegisops.functions.llm.OpenAiModelAdvisorHttpTest.VALID;
import static io.aegisops.functions.llm.OpenAiModelAdvisorHttpTest.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.aegisops.contracts.metrics.Dimension;
import io.aegisops.contracts.metrics.Metric;
import io.aegisops.functions.pipeline.MetricLines;
import io.aegisops.testsupport.FakeOpenAiServer;
import io.aegisops.testsupport.LogCapture;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** HTTP: what the model advisor measures per call: its latency, and each reply it discards and why. */
class OpenAiModelAdvisorMetricsTest {

    @RegisterExtension
    final LogCapture capture = LogCapture.isolated();

    final MetricLines metrics = new MetricLines(capture);
    private final List<FakeOpenAiServer> servers = new ArrayList<>();

    /** Asks the servers in order, as primary and fallbacks, for buggy-app's diagnosis. */
    void ask(FakeOpenAiServer.Reply... replies) throws Exception {
        List<ModelSettings.Endpoint> endpoints = new ArrayList<>();
        for (FakeOpenAiServer.Reply reply : replies) {
            FakeOpenAiServer server = new FakeOpenAiServer(request -> reply);
            servers.add(server);
            endpoints.add(new ModelSettings.Endpoint(server.baseUrl(), "sk-test", "model-" + endpoints.size()));
        }
        new OpenAiModelAdvisor(
                        new ModelSettings(endpoints, Duration.ofSeconds(5), 4_000), metrics.metrics(Clock.systemUTC()))
                .advise(request(ALL, "java.lang.OutOfMemoryError"));
    }

    @AfterEach
    void stopServers() {
        servers.forEach(FakeOpenAiServer::close);
    }

    @Test
    void aValidAnswerIsTimedForItsServiceAndNothingIsDiscarded() throws Exception {
        ask(FakeOpenAiServer.Reply.content(VALID));

        assertThat(metrics.values(Metric.MODEL_LATENCY))
                .singleElement()
                .satisfies(ms -> assertThat(ms).isNotNegative());
        assertThat(metrics.dimension(Metric.MODEL_LATENCY, Dimension.SERVICE)).containsExactly("buggy-app");
        assertThat(metrics.of(Metric.MODEL_DISCARDS)).isEmpty();
    }

    @Test
    void aReplyOutsideTheSchemaIsDiscardedAsInvalid() throws Exception {
        ask(FakeOpenAiServer.Reply.content("The container needs a restart!"));

        assertThat(metrics.dimension(Metric.MODEL_DISCARDS, Dimension.REASON)).containsExactly("INVALID");
        assertThat(metrics.of(Metric.MODEL_LATENCY)).hasSize(1);
    }

    @Test
    void anActionOutsideTheCatalogueIsDiscardedAsSuch() throws Exception {
        ask(FakeOpenAiServer.Reply.content(VALID.replace("\"RESTART\"", "\"SHELL\"")));

        assertThat(metrics.dimension(Metric.MODEL_DISCARDS, Dimension.REASON)).containsExactly("OUT_OF_CATALOG");
    }

    @Test
    void eachEndpointAskedIsTimedAndAFailedOneCountsAsNoAnswer() throws Exception {
        ask(FakeOpenAiServer.Reply.status(503), FakeOpenAiServer.Reply.content(VALID));

        assertThat(metrics.of(Metric.MODEL_LATENCY)).hasSize(2);
        assertThat(metrics.dimension(Metric.MODEL_DISCARDS, Dimension.REASON)).containsExactly("NO_ANSWER");
    }
}
