package io.aegisops.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.aegisops.contracts.Incident;
import io.aegisops.contracts.IncidentStatus;
import io.aegisops.contracts.Json;
import io.aegisops.contracts.redact.Redactor;
import io.aegisops.contracts.redact.SecretRule.SecretSample;
import io.aegisops.local.client.AegisClient;
import io.aegisops.local.notify.NotificationInbox;
import io.aegisops.local.stack.EmbeddedStack;
import io.aegisops.local.stack.StackOptions;
import io.aegisops.local.stack.StackSettings;
import io.aegisops.testsupport.FakeOpenAiServer;
import io.aegisops.testsupport.LogCapture;
import io.aegisops.testsupport.SecretCorpus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;

/**
 * The secret corpus (every secret sample of secret-rules.json) planted wherever a sender or a service writes text
 * the stack reads: every field of an alert for the stack's service (type, summary, labels, annotations, logs,
 * fingerprint, link), the type of a batch of alerts for unknown targets, the service's own output, which the edge
 * agent returns as INSPECT evidence, and the approver's comment. The incident goes the longest way: evidence, a
 * model's diagnosis (the model quotes what it was shown), a human's approval, the restart and its verification, the
 * runbook. Then every exit is read — what the model received, every Slack and webhook message, the stack's log (every
 * line this JVM logs, what {@code aegis up} writes to stack.log) and the agent's, every item of every table, every
 * execution's input, output and history, the REST API, the stack's and the agent's own routes and the CLI — and none
 * holds a secret of the corpus, while each did receive the incident.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecretCorpusEndToEndTest {

    /** How the service prints the corpus, one system property per sample: {@code zz.corpus.NN = <sample>}. */
    private static final String PRINTED = "zz.corpus.";

    /**
     * The first printed sample whose name is kept: the first ends a private key whose BEGIN line is missing, so
     * redaction masks all output before its END line, its own name included.
     */
    private static final String PRINTED_AND_KEPT = PRINTED + "01 = ";

    private final LogCapture stackLog = LogCapture.everything();
    private FakeOpenAiServer model;
    private HttpServer webhookServer;
    private final NotificationInbox webhook = new NotificationInbox(n -> {});
    private EmbeddedStack stack;
    private AegisClient client;
    private Path stateDir;
    private final HttpClient http = HttpClient.newHttpClient();
    /** The REST API's answers to the requests this test sent, by request. */
    private final Map<String, AegisClient.Answer> answers = new LinkedHashMap<>();

    private Incident healed;
    private Incident escalated;

    @BeforeAll
    void driveBothIncidentsToTheirEnd() throws Exception {
        model = new FakeOpenAiServer(SecretCorpusEndToEndTest::quotingDiagnosis);
        webhookServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        webhookServer.createContext("/hooks/aegis", webhook);
        webhookServer.start();

        StackOptions defaults = TestStack.options("secret-corpus", StackOptions.AppRuntime.PROCESS, Map.of());
        stateDir = defaults.stateDir();
        Map<String, String> overrides = new HashMap<>(defaults.overrides());
        overrides.putAll(Map.of(
                "OPENAI_BASE_URL",
                model.baseUrl(),
                "OPENAI_API_KEY",
                "sk-test-corpus",
                "OPENAI_MODEL",
                "gpt-4o-mini",
                // the model sees all the logs it is given, so all the planted ones
                "AEGIS_LLM_MAX_LOG_CHARS",
                "100000",
                "AEGIS_NOTIFY_WEBHOOK_URL",
                "http://127.0.0.1:" + webhookServer.getAddress().getPort() + "/hooks/aegis",
                // one request carries an unknown-target alert per sample
                "AEGIS_MAX_ALERTS_PER_REQUEST",
                "200",
                StackSettings.JAVA_OPTS,
                "-Xmx64m -XshowSettings:properties @" + printedCorpus(stateDir)));
        stack = EmbeddedStack.start(
                new StackOptions(defaults.home(), stateDir, 0, null, StackOptions.AppRuntime.PROCESS, overrides));
        stack.connectionInfo().write(stateDir);
        client = stack.client();

        AegisClient.Answer first = client.postAlert(Json.write(alertForTheService()));
        answers.put("POST /alerts (the service's alert)", first);
        assertThat(first.status()).as(first.body()).isEqualTo(202);
        String healedId = first.json().path("results").get(0).path("incidentId").asText();
        AegisClient.Answer batch = client.postAlert(Json.write(alertsForUnknownTargets()));
        answers.put("POST /alerts (unknown targets)", batch);
        assertThat(batch.status()).as(batch.body()).isEqualTo(202);
        String escalatedId =
                batch.json().path("results").get(0).path("incidentId").asText();

        TestStack.await(
                "approval to be requested",
                // generous: the whole corpus passes every redaction point on a machine CI may share
                Duration.ofMinutes(3),
                () -> client.incident(healedId).filter(i -> i.status() == IncidentStatus.AWAITING_APPROVAL));
        AegisClient.Answer approved = client.decide(healedId, true, withSamples("restart it, it logged", 1_000));
        answers.put("POST /incidents/{id}/approval", approved);
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        healed = TestStack.awaitClosed(client, healedId, Duration.ofMinutes(3));
        escalated = TestStack.awaitClosed(client, escalatedId, Duration.ofMinutes(3));
    }

    @AfterAll
    void stop() {
        if (client != null) {
            client.close();
        }
        if (stack != null) {
            stack.close();
        }
        if (model != null) {
            model.close();
        }
        if (webhookServer != null) {
            webhookServer.stop(0);
        }
        stackLog.close();
    }

    @Test
    void bothIncidentsWentTheWayTheyWereMeantTo() {
        assertThat(healed.status()).isEqualTo(IncidentStatus.RESOLVED);
        assertThat(healed.diagnosis().source().name()).isEqualTo("LLM");
        assertThat(healed.alert().alertType()).startsWith("HighMemoryUsage ").contains(Redactor.MASK);
        assertThat(healed.timeline())
                .as("the approver's comment, redacted")
                .anySatisfy(entry -> assertThat(entry.detail()).contains("restart it, it logged", Redactor.MASK));
        assertThat(escalated.status()).isEqualTo(IncidentStatus.ESCALATED);
        assertThat(escalated.alertCount()).isEqualTo(SecretCorpus.samples().size());
    }

    @Nested
    class TheModel {
        @Test
        void receivedTheAlertAndTheServicesOutputWithoutASecret() {
            List<String> requests = model.requests().stream().map(Json::write).toList();

            assertThat(requests)
                    .as("one diagnosis: the unknown targets' escalation asks no model")
                    .singleElement()
                    .satisfies(request ->
                            assertThat(request).contains("HighMemoryUsage ", PRINTED_AND_KEPT, Redactor.MASK));
            assertNoSecretIn(requests);
        }
    }

    @Nested
    class TheNotifications {
        @Test
        void slackGotEveryMessageWithoutASecret() {
            List<String> messages = stack.notifications().stream()
                    .map(n -> Json.write(n.body()))
                    .toList();

            assertThat(messages)
                    .as("diagnosed, awaiting approval, resolved; diagnosed, escalated")
                    .hasSizeGreaterThanOrEqualTo(5)
                    .anySatisfy(m -> assertThat(m).contains(healed.incidentId(), "Approve"))
                    .anySatisfy(m -> assertThat(m).contains(escalated.incidentId()));
            assertNoSecretIn(messages);
        }

        @Test
        void theWebhookGotEveryMessageWithoutASecret() {
            List<String> messages =
                    webhook.received().stream().map(n -> Json.write(n.body())).toList();

            assertThat(messages)
                    .hasSizeGreaterThanOrEqualTo(5)
                    .anySatisfy(m -> assertThat(m).contains(healed.incidentId(), "AWAITING_APPROVAL"))
                    .anySatisfy(m -> assertThat(m).contains(escalated.incidentId(), "ESCALATED"));
            assertNoSecretIn(messages);
        }
    }

    @Nested
    class TheLogs {
        @Test
        void theStackLogNamesBothIncidentsWithoutASecret() {
            assertThat(stackLog.text()).contains(healed.incidentId(), escalated.incidentId());
            assertNoSecretIn(List.of(stackLog.text()));
        }

        @Test
        void theAgentLogNamesTheIncidentWithoutASecret() throws IOException {
            String agentLog = Files.readString(stack.agent().logFile());

            assertThat(agentLog).contains(healed.incidentId());
            assertNoSecretIn(List.of(agentLog));
        }
    }

    @Nested
    class TheTables {
        @Test
        void noItemOfAnyTableHoldsASecret() {
            List<String> items = new ArrayList<>();
            for (String table : stack.dynamo().listTables().tableNames()) {
                stack.dynamo()
                        .scanPaginator(b -> b.tableName(table))
                        .items()
                        .forEach(item -> items.add(table + " " + item));
            }

            assertThat(items)
                    .anySatisfy(item -> assertThat(item).contains("incidents", healed.incidentId(), PRINTED_AND_KEPT))
                    .anySatisfy(item -> assertThat(item).contains("runbook", "HighMemoryUsage ", Redactor.MASK));
            assertNoSecretIn(items);
        }
    }

    @Nested
    class TheExecutions {
        @Test
        void noInputOutputOrHistoryEventHoldsASecret() {
            List<String> texts = new ArrayList<>();
            for (ExecutionListItem execution : stack.stepFunctions()
                    .listExecutions(b -> b.stateMachineArn(stack.stateMachineArn()))
                    .executions()) {
                var described = stack.stepFunctions().describeExecution(b -> b.executionArn(execution.executionArn()));
                texts.add(described.input());
                texts.add(described.output());
                stack.stepFunctions()
                        .getExecutionHistoryPaginator(b -> b.executionArn(execution.executionArn()))
                        .events()
                        .forEach(event -> texts.add(everyField(event)));
            }

            assertThat(texts)
                    .as("the agent's INSPECT answer carries the service's output")
                    .anySatisfy(text -> assertThat(text).contains("TaskSucceeded", PRINTED_AND_KEPT))
                    .anySatisfy(text -> assertThat(text).contains(escalated.incidentId()));
            assertNoSecretIn(texts);
        }
    }

    @Nested
    class TheApiAndTheConsole {
        @Test
        void noAnswerOfTheRestApiHoldsASecret() {
            for (String path : List.of(
                    "/incidents?limit=100",
                    "/incidents/" + healed.incidentId(),
                    "/incidents/" + escalated.incidentId())) {
                answers.put("GET " + path, approverGet(path));
            }

            assertThat(answers.values())
                    .allSatisfy(answer ->
                            assertThat(answer.status()).as(answer.body()).isBetween(200, 299))
                    .anySatisfy(answer -> assertThat(answer.body()).contains(healed.incidentId(), PRINTED_AND_KEPT));
            assertNoSecretIn(
                    answers.values().stream().map(AegisClient.Answer::body).toList());
        }

        @Test
        void theStacksAndTheAgentsOwnRoutesHoldNoSecret() {
            List<AegisClient.Answer> routes = new ArrayList<>();
            for (Incident incident : List.of(healed, escalated)) {
                routes.add(client.get(stack.endpoint()
                        .resolve("/_aegis/trace/"
                                + URLEncoder.encode(incident.executionArn(), StandardCharsets.UTF_8))));
            }
            routes.add(client.get(stack.endpoint().resolve("/_aegis/slack")));
            routes.add(client.get(stack.endpoint().resolve("/_aegis/health")));
            routes.add(client.get(stack.agent().opsUrl().resolve("/health")));
            routes.add(client.get(stack.agent().opsUrl().resolve("/metrics")));

            assertThat(routes).allSatisfy(answer -> assertThat(answer.status()).isEqualTo(200));
            assertThat(routes.getFirst().body()).contains("Remediate", "RemedySawItHealthy", "Done");
            assertNoSecretIn(routes.stream().map(AegisClient.Answer::body).toList());
        }

        @Test
        void theCommandLinePrintsNoSecret() {
            List<String> printed = new ArrayList<>();
            for (String id : List.of(healed.incidentId(), escalated.incidentId())) {
                printed.add(aegis("incident", id));
                printed.add(aegis("incident", id, "--json"));
                printed.add(aegis("trace", id));
                printed.add(aegis("trace", id, "--json"));
            }
            printed.add(aegis("incidents"));
            printed.add(aegis("incidents", "--json"));

            assertThat(printed.getFirst()).contains(healed.incidentId(), "RESOLVED");
            assertNoSecretIn(printed);
        }
    }

    // ---- what is planted ------------------------------------------------------------------------

    /**
     * An argument file for the service's JVM: one system property per sample, in text order, which
     * {@code -XshowSettings:properties} prints on every start, verbatim and in name order (so after the JVM's own),
     * before the service's log lines. The edge agent keeps that output as the service's log.
     */
    private static Path printedCorpus(Path stateDir) throws IOException {
        List<SecretSample> ordered = SecretCorpus.inTextOrder();
        StringBuilder args = new StringBuilder();
        for (int i = 0; i < ordered.size(); i++) {
            String text = ordered.get(i)
                    .text()
                    .replace("\\", "\\\\")
                    .replace("\"", "\\\"")
                    .replace("\n", "\\n")
                    .replace("\r", "\\r")
                    .replace("\t", "\\t");
            args.append('"')
                    .append(String.format("-D%s%02d=%s", PRINTED, i, text))
                    .append("\"\n");
        }
        return Files.writeString(stateDir.resolve("corpus.args"), args);
    }

    /** An Alertmanager alert for the stack's service with the corpus in every field a sender fills. */
    private ObjectNode alertForTheService() {
        List<SecretSample> samples = SecretCorpus.samples();
        List<SecretSample> ordered = SecretCorpus.inTextOrder();
        ObjectNode payload =
                Json.mapper().createObjectNode().put("version", "4").put("status", "firing");
        payload.put("receiver", "aegisops");
        payload.put(
                "externalURL",
                "http://alertmanager.example:9093/#/" + ordered.get(1).text());
        ObjectNode alert = payload.putArray("alerts").addObject();
        alert.put("status", "firing");
        // to the nanosecond, after the service started: cut to the second it could come before the service's start,
        // and an alert older than the target's start is stale (NOOP), so no approval would ever be asked for
        alert.put("startsAt", Instant.now().toString());
        alert.put("fingerprint", "fp " + ordered.get(2).text());
        alert.put(
                "generatorURL",
                "http://prometheus.example:9090/graph?g0.expr=" + ordered.get(3).text());

        ObjectNode labels = alert.putObject("labels");
        labels.put("alertname", withSamples("HighMemoryUsage", 200));
        labels.put("job", stack.settings().service());
        labels.put("severity", "high");
        ObjectNode annotations = alert.putObject("annotations");
        annotations.put("summary", SecretCorpus.asLog());
        annotations.put("description", SecretCorpus.asLog());
        annotations.put("logs", SecretCorpus.asLog());
        // every sample as a label value or an annotation value, and as many as fit as an annotation's name
        for (int i = 0; i < samples.size(); i++) {
            ObjectNode into = labels.size() < 64 ? labels : annotations;
            into.put("corpus_" + i, samples.get(i).text());
        }
        for (SecretSample sample : samples) {
            if (annotations.size() < 64 && sample.text().length() <= 128) {
                annotations.put(sample.text(), "its name holds a secret");
            }
        }
        return payload;
    }

    /** One Alertmanager request with an alert per sample, its type the sample, for targets nobody configured. */
    private static ObjectNode alertsForUnknownTargets() {
        ObjectNode payload =
                Json.mapper().createObjectNode().put("version", "4").put("status", "firing");
        ArrayNode alerts = payload.putArray("alerts");
        String startsAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        List<SecretSample> samples = SecretCorpus.samples();
        for (int i = 0; i < samples.size(); i++) {
            ObjectNode alert = alerts.addObject().put("status", "firing").put("startsAt", startsAt);
            alert.putObject("labels")
                    .put("alertname", samples.get(i).text())
                    .put("job", "unknown-" + i)
                    .put("severity", "critical");
            alert.putObject("annotations").put("summary", samples.get(i).text());
        }
        return payload;
    }

    /** {@code start} and then single-line samples, as many as fit in {@code maxChars} (an alert type, a comment). */
    private static String withSamples(String start, int maxChars) {
        StringBuilder text = new StringBuilder(start);
        for (SecretSample sample : SecretCorpus.inTextOrder()) {
            if (!sample.text().contains("\n")
                    && text.length() + 1 + sample.text().length() <= maxChars) {
                text.append(' ').append(sample.text());
            }
        }
        return text.toString();
    }

    /**
     * A model that diagnoses a leak, needing approval (confidence below the auto threshold), and quotes what it was
     * shown: the summary in its root cause, the alert type in its justification, and the log lines around the masks as
     * its evidence. Whatever it was shown travels on to Slack, the webhook and the incident.
     */
    private static FakeOpenAiServer.Reply quotingDiagnosis(JsonNode request) {
        JsonNode incident =
                Json.read(request.path("messages").get(1).path("content").asText(), JsonNode.class);
        List<String> maskedLines = incident.path("logs")
                .asText()
                .lines()
                .filter(line -> line.contains(Redactor.MASK))
                .limit(10)
                .toList();
        ObjectNode reply = Json.mapper().createObjectNode();
        reply.put(
                "rootCause",
                "memory leak; the alert says: " + incident.path("summary").asText());
        reply.put("action", "RESTART");
        reply.put("confidence", 0.7);
        reply.put("justification", "the type is " + incident.path("alertType").asText());
        maskedLines.forEach(reply.putArray("evidence")::add);
        return FakeOpenAiServer.Reply.content(Json.write(reply));
    }

    // ---- reading the exits ----------------------------------------------------------------------

    private static void assertNoSecretIn(List<String> exits) {
        assertThat(exits).isNotEmpty();
        for (String exit : exits) {
            assertThat(SecretCorpus.foundIn(exit))
                    .as("corpus secrets in %s", exit)
                    .isEmpty();
        }
    }

    /**
     * Every field of an SDK object, nested ones included, as the service sent it: its {@code toString()} hides what
     * the SDK deems sensitive (an execution's input and output), which is exactly what this test must read.
     */
    private static String everyField(Object value) {
        return switch (value) {
            case SdkPojo pojo ->
                pojo.sdkFields().stream()
                        .map(field -> field.memberName() + "=" + everyField(field.getValueOrDefault(pojo)))
                        .collect(Collectors.joining(", ", "{", "}"));
            case List<?> list ->
                list.stream().map(SecretCorpusEndToEndTest::everyField).collect(Collectors.joining(", ", "[", "]"));
            case null -> "null";
            default -> value.toString();
        };
    }

    private AegisClient.Answer approverGet(String pathAndQuery) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(stack.endpoint().resolve(pathAndQuery))
                            .header(
                                    "Authorization",
                                    "Bearer " + stack.settings().approverToken())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return new AegisClient.Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String aegis(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--state-dir", stateDir.toString()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        int exit = AegisLocal.run(all.toArray(String[]::new), print, print, Map.of());
        String output = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(output).isZero();
        return output;
    }
}
