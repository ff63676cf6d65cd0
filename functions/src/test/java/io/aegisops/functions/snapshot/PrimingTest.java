package io.aegisops.functions.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.contracts.Diagnosis;
import io.aegisops.contracts.DiagnosisSource;
import io.aegisops.functions.approval.RequestApprovalHandler;
import io.aegisops.functions.commands.CommandQueue;
import io.aegisops.functions.config.SecretSource;
import io.aegisops.functions.diagnose.DiagnoseHandler;
import io.aegisops.functions.evidence.CollectEvidenceHandler;
import io.aegisops.functions.learn.LearnHandler;
import io.aegisops.functions.llm.ModelAdvisor;
import io.aegisops.functions.llm.ModelAdvisors;
import io.aegisops.functions.llm.ModelRequest;
import io.aegisops.functions.llm.ModelSettings;
import io.aegisops.functions.notify.Notification;
import io.aegisops.functions.notify.Notifier;
import io.aegisops.functions.notify.NotifyHandler;
import io.aegisops.functions.notify.NotifyLinks;
import io.aegisops.functions.pipeline.Events;
import io.aegisops.functions.pipeline.Fixtures;
import io.aegisops.functions.pipeline.InMemoryStores;
import io.aegisops.functions.pipeline.Stores;
import io.aegisops.functions.policy.RestartBudgetStore;
import io.aegisops.functions.remediate.RemediateHandler;
import io.aegisops.functions.runbook.RunbookStore;
import io.aegisops.functions.store.IncidentStore;
import io.aegisops.functions.store.OpenIncidents;
import io.aegisops.functions.verify.VerifyHandler;
import io.aegisops.testsupport.FakeOpenAiServer;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import org.crac.Core;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SnapStart's hooks on the pipeline's handlers, driven through {@code org.crac.Core} (on {@code simulated.Core}, a
 * CRaC implementation in the tests): each handler primes its first call by reading only (no write to any store, no
 * notification), and its first real call afterwards does its work.
 */
class PrimingTest {

    /** The stores' methods that only read ({@code prime} writes nothing by its contract; its adapter is checked apart). */
    static final Set<String> READS = Set.of("get", "find", "ledger", "holder", "list", "prime");

    @BeforeAll
    static void hooksRunThroughTheSimulatedCrac() {
        assertThat(System.getProperty("org.crac.Core.Compat"))
                .as("set by the functions' surefire configuration")
                .isEqualTo("io.aegisops.functions.snapshot.simulated");
    }

    /** Every call a handler makes on its stores, as {@code Port.method}. */
    static final class StoreCalls {
        final List<String> calls = new CopyOnWriteArrayList<>();

        Stores over(InMemoryStores fakes) {
            return new Stores(
                    record(IncidentStore.class, fakes.incidents()),
                    record(CommandQueue.class, fakes.commands()),
                    record(RunbookStore.class, fakes.runbook()),
                    record(RestartBudgetStore.class, fakes.budgets()),
                    record(OpenIncidents.class, fakes.openIncidents()));
        }

        private <T> T record(Class<T> port, T fake) {
            return port.cast(Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, (p, method, args) -> {
                if (method.getDeclaringClass() != Object.class) {
                    calls.add(port.getSimpleName() + "." + method.getName());
                }
                try {
                    return method.invoke(fake, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            }));
        }

        List<String> writes() {
            return calls.stream()
                    .filter(call -> !READS.contains(call.substring(call.indexOf('.') + 1)))
                    .toList();
        }
    }

    record Case(
            String name,
            BiFunction<Stores, Notifier, RequestStreamHandler> build,
            Function<String, String> payload,
            String answerField) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** One handler over recorded in-memory stores holding one received incident, and a notifier that keeps all. */
    static final class Subject {
        final StoreCalls calls = new StoreCalls();
        final List<Notification> sent = new CopyOnWriteArrayList<>();
        final String incidentId = Fixtures.newIncidentId();
        final RequestStreamHandler handler;

        Subject(Case c) {
            InMemoryStores fakes = InMemoryStores.create();
            fakes.incidents().create(Fixtures.received(incidentId));
            handler = c.build().apply(calls.over(fakes), notification -> sent.add(notification));
        }
    }

    static Stream<Case> handlers() {
        NotifyLinks links = new NotifyLinks(null, null);
        return Stream.of(
                new Case(
                        "CollectEvidence",
                        (stores, notifier) -> new CollectEvidenceHandler(Fixtures.settings(), stores, Fixtures.CLOCK),
                        id -> Events.load("collect-evidence.json", Map.of("incidentId", id)),
                        "commandId"),
                new Case(
                        "Diagnose",
                        (stores, notifier) -> new DiagnoseHandler(
                                Fixtures.settings(), stores, Optional.empty(), 4_000, Fixtures.CLOCK),
                        id -> Events.diagnose(id),
                        "decision"),
                new Case(
                        "RequestApproval",
                        (stores, notifier) -> new RequestApprovalHandler(
                                stores.incidents(),
                                (token, output) -> {
                                    throw new AssertionError("answered a task: " + output);
                                },
                                notifier,
                                links,
                                Fixtures.CLOCK),
                        id -> Events.load("request-approval.json", Map.of("incidentId", id)),
                        "notified"),
                new Case(
                        "Remediate",
                        (stores, notifier) -> new RemediateHandler(Fixtures.settings(), stores, Fixtures.CLOCK),
                        id -> Events.load(
                                "remediate.json",
                                Map.of("incidentId", id, "service", "buggy-app", "action", "RESTART", "mode", "AUTO")),
                        "commandId"),
                new Case(
                        "Verify",
                        (stores, notifier) -> new VerifyHandler(Fixtures.settings(), stores, Fixtures.CLOCK),
                        id -> Events.load("verify.json", Map.of("incidentId", id, "attempt", "1")),
                        "commandId"),
                new Case(
                        "Learn",
                        (stores, notifier) -> new LearnHandler(stores, Fixtures.CLOCK),
                        id -> Events.load("learn-resolved.json", Map.of("incidentId", id)),
                        "status"),
                new Case(
                        "Notify",
                        (stores, notifier) -> new NotifyHandler(stores.incidents(), notifier, links),
                        id -> Events.load("notify.json", Map.of("event", "RESOLVED", "incidentId", id)),
                        "delivered"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("handlers")
    void primingOnlyReads(Case c) throws Exception {
        Subject subject = new Subject(c);

        Core.checkpointRestore();

        assertThat(subject.calls.calls).as("the store calls of priming").isNotEmpty();
        assertThat(subject.calls.writes()).as("writes while priming").isEmpty();
        assertThat(subject.sent).as("notifications while priming").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("handlers")
    void theFirstCallAfterARestoreDoesItsWork(Case c) throws Exception {
        Subject subject = new Subject(c);
        Core.checkpointRestore();
        subject.calls.calls.clear();

        JsonNode answer = Events.invoke(subject.handler, c.payload().apply(subject.incidentId));

        assertThat(answer.has(c.answerField())).as(answer.toString()).isTrue();
        assertThat(subject.calls.writes().size() + subject.sent.size())
                .as("what the call wrote or sent")
                .isPositive();
    }

    @Test
    void diagnoseWithAModelPrimesItsClientWithoutAskingTheModel() throws Exception {
        try (FakeOpenAiServer model =
                new FakeOpenAiServer(request -> FakeOpenAiServer.Reply.content(FakeOpenAiServer.RESTART_DIAGNOSIS))) {
            Map<String, String> env = Map.of(
                    ModelSettings.BASE_URL,
                    model.baseUrl(),
                    ModelSettings.MODEL,
                    "gpt-test",
                    ModelSettings.API_KEY,
                    "k");
            ModelAdvisor configured = ModelAdvisors.fromEnvironment(
                            env,
                            ModelSettings.fromEnv(env),
                            SecretSource.fromEnvironment(env),
                            Fixtures.CLOCK,
                            measurement -> {})
                    .orElseThrow();
            List<String> primings = new CopyOnWriteArrayList<>();
            Optional<ModelAdvisor> advisor = Optional.of(new ModelAdvisor() {
                @Override
                public Optional<Diagnosis> advise(ModelRequest request) {
                    return configured.advise(request);
                }

                /** Records how the model client's priming ended: the handler's hook logs a failure and goes on. */
                @Override
                public void prime(ModelRequest sample) throws IOException {
                    try {
                        configured.prime(sample);
                        primings.add("primed " + sample.service());
                    } catch (IOException | RuntimeException e) {
                        primings.add("failed: " + e);
                        throw e;
                    }
                }
            });
            Subject subject = new Subject(new Case(
                    "Diagnose (model)",
                    (stores, notifier) ->
                            new DiagnoseHandler(Fixtures.settings(), stores, advisor, 4_000, Fixtures.CLOCK),
                    id -> "",
                    "decision"));

            Core.checkpointRestore();

            assertThat(primings).containsExactly("primed buggy-app");
            assertThat(model.requests())
                    .as("requests to the configured model while priming")
                    .isEmpty();
            assertThat(subject.calls.writes()).as("writes while priming").isEmpty();

            JsonNode answer = Events.invoke(subject.handler, Events.diagnose(subject.incidentId));
            assertThat(answer.at("/diagnosis/source").asText()).isEqualTo(DiagnosisSource.LLM.name());
            assertThat(model.requests()).hasSize(1);
        }
    }
}
