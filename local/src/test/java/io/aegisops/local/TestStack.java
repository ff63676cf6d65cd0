package io.aegisops.local;

import io.aegisops.contracts.Incident;
import io.aegisops.local.client.AegisClient;
import io.aegisops.local.stack.EmbeddedStack;
import io.aegisops.local.stack.StackOptions;
import io.aegisops.local.stack.StackSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.awaitility.Awaitility;

/** What the end-to-end tests share: a stack on free ports with a state directory of its own, and waiting. */
final class TestStack {

    private TestStack() {}

    /** Where the edge agent and buggy app jars are (surefire sets {@code aegis.home}). */
    static Path home() {
        return StackOptions.findHome();
    }

    static Path stateDir(String testName) {
        try {
            return Files.createDirectories(home().resolve("local/target/e2e")
                    .resolve(testName + "-" + UUID.randomUUID().toString().substring(0, 8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Options for a stack on free ports, the service as {@code runtime}, a container name no other test uses,
     * and {@code overrides} on top.
     */
    static StackOptions options(String testName, StackOptions.AppRuntime runtime, Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>();
        settings.put(
                StackSettings.CONTAINER,
                "local-e2e-" + UUID.randomUUID().toString().substring(0, 8));
        settings.putAll(overrides);
        return new StackOptions(home(), stateDir(testName), 0, null, runtime, settings);
    }

    static EmbeddedStack start(String testName, StackOptions.AppRuntime runtime, Map<String, String> overrides) {
        return EmbeddedStack.start(options(testName, runtime, overrides));
    }

    /** Polls {@code probe} every 100 ms until it yields a value, or fails naming {@code what}. */
    static <T> T await(String what, Duration timeout, Supplier<Optional<T>> probe) {
        return await(what, timeout, Duration.ofMillis(100), probe);
    }

    static <T> T await(String what, Duration timeout, Duration poll, Supplier<Optional<T>> probe) {
        return Awaitility.await(what)
                .atMost(timeout)
                .pollDelay(Duration.ZERO)
                .pollInterval(poll)
                .until(probe::get, Optional::isPresent)
                .orElseThrow();
    }

    /** The first incident matching {@code filter}. */
    static Incident awaitIncident(AegisClient client, String what, Duration timeout, Predicate<Incident> filter) {
        return await(
                what,
                timeout,
                () -> client.incidents(null).stream().filter(filter).findFirst());
    }

    /** The incident once it is terminal and its execution has ended. */
    static Incident awaitClosed(AegisClient client, String incidentId, Duration timeout) {
        return await(
                incidentId + " to be closed",
                timeout,
                () -> client.incident(incidentId)
                        .filter(i -> i.status().isTerminal()
                                && i.executionArn() != null
                                && !client.execution(i.executionArn())
                                        .statusAsString()
                                        .equals("RUNNING")));
    }

    static List<String> executions(EmbeddedStack stack) {
        return stack
                .stepFunctions()
                .listExecutions(b -> b.stateMachineArn(stack.stateMachineArn()).maxResults(1000))
                .executions()
                .stream()
                .map(e -> e.name())
                .toList();
    }
}
