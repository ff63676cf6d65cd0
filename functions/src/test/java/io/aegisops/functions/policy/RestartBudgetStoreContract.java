package io.aegisops.functions.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisops.contracts.Action;
import io.aegisops.contracts.Diagnosis;
import io.aegisops.contracts.DiagnosisSource;
import io.aegisops.contracts.RestartBudget;
import io.aegisops.contracts.Severity;
import io.aegisops.contracts.Target;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RestartBudgetStore} keeps, held against the DynamoDB adapter
 * ({@link RestartBudgetStoreDynamoDbTest}) and the in-memory fake ({@link InMemoryRestartBudgetStoreTest}): the
 * budget is consumed atomically, once per command, never beyond its max.
 */
abstract class RestartBudgetStoreContract {

    static final Instant NOW = Instant.parse("2026-11-21T03:15:00Z");
    static final PolicySettings NO_COOLDOWN = new PolicySettings(0.85, 0.5, Duration.ZERO, false);

    private final RestartBudgetStore store;

    RestartBudgetStoreContract(RestartBudgetStore store) {
        this.store = store;
    }

    static Target target(String service) {
        return new Target(service, "edge-1", service, null, Set.of(Action.RESTART), Set.of(), RestartBudget.DEFAULT);
    }

    static Function<RestartLedger, PolicyVerdict> policy(Target target, PolicySettings settings, Instant now) {
        Diagnosis restart = new Diagnosis("leak", Action.RESTART, 0.95, "", List.of(), DiagnosisSource.RULES, null, 0);
        return ledger -> Policy.decide(target, restart, Severity.HIGH, null, ledger, settings, now);
    }

    @Test
    void manyConcurrentRestartsGetExactlyTheBudget() throws Exception {
        Target t = target("svc-" + UUID.randomUUID());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<RestartBudgetStore.Consumption> results = new ArrayList<>();
        try {
            List<Callable<RestartBudgetStore.Consumption>> consumers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String commandId = "inc-" + i + "#restart#1";
                consumers.add(() ->
                        store.consume(t.service(), t.restartBudget(), commandId, NOW, policy(t, NO_COOLDOWN, NOW)));
            }
            for (Future<RestartBudgetStore.Consumption> f : pool.invokeAll(consumers)) {
                results.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(results)
                .filteredOn(c -> c.result() == RestartBudgetStore.Result.CONSUMED)
                .hasSize(3);
        assertThat(results)
                .filteredOn(c -> c.result() != RestartBudgetStore.Result.CONSUMED)
                .allSatisfy(c -> assertThat(c.result()).isEqualTo(RestartBudgetStore.Result.REFUSED))
                .allSatisfy(c -> assertThat(c.verdict().rule()).isEqualTo(PolicyRule.BUDGET_EXHAUSTED));
        assertThat(store.ledger(t.service()).usedIn(t.restartBudget(), NOW)).isEqualTo(3);
    }

    @Test
    void consumingTwiceForOneCommandTakesOneRestart() {
        Target t = target("svc-" + UUID.randomUUID());
        var first = store.consume(
                t.service(), t.restartBudget(), "inc-1#restart#1", NOW, policy(t, PolicySettings.DEFAULTS, NOW));
        var again = store.consume(
                t.service(),
                t.restartBudget(),
                "inc-1#restart#1",
                NOW.plusSeconds(1),
                policy(t, PolicySettings.DEFAULTS, NOW.plusSeconds(1)));

        assertThat(first.result()).isEqualTo(RestartBudgetStore.Result.CONSUMED);
        assertThat(again.result()).isEqualTo(RestartBudgetStore.Result.ALREADY_CONSUMED);
        assertThat(again.verdict().permitsAction()).isTrue();
        assertThat(store.ledger(t.service()).restarts()).hasSize(1);
    }

    @Test
    void aCommandConsumedBeforeIsJudgedOnTheLedgerWithoutItsOwnRestart() {
        Target t = target("svc-" + UUID.randomUUID());
        store.consume(t.service(), t.restartBudget(), "inc-1#restart#1", NOW, policy(t, NO_COOLDOWN, NOW));
        store.consume(t.service(), t.restartBudget(), "inc-2#restart#1", NOW, policy(t, NO_COOLDOWN, NOW));
        store.consume(t.service(), t.restartBudget(), "inc-3#restart#1", NOW, policy(t, NO_COOLDOWN, NOW));

        var retried =
                store.consume(t.service(), t.restartBudget(), "inc-3#restart#1", NOW, policy(t, NO_COOLDOWN, NOW));

        assertThat(retried.result()).isEqualTo(RestartBudgetStore.Result.ALREADY_CONSUMED);
        assertThat(retried.verdict().permitsAction())
                .as("the budget it exhausted itself does not refuse it")
                .isTrue();
        assertThat(store.ledger(t.service()).restarts()).hasSize(3);
    }

    @Test
    void theCooldownRefusesASecondIncidentRightAfterARestart() {
        Target t = target("svc-" + UUID.randomUUID());
        store.consume(t.service(), t.restartBudget(), "inc-1#restart#1", NOW, policy(t, PolicySettings.DEFAULTS, NOW));
        Instant soon = NOW.plusSeconds(5);
        var refused = store.consume(
                t.service(), t.restartBudget(), "inc-2#restart#1", soon, policy(t, PolicySettings.DEFAULTS, soon));

        assertThat(refused.result()).isEqualTo(RestartBudgetStore.Result.REFUSED);
        assertThat(refused.verdict().rule()).isEqualTo(PolicyRule.COOLDOWN);
        assertThat(store.ledger(t.service()).restarts()).hasSize(1);
    }

    @Test
    void restartsOutsideTheWindowAreForgottenWhenTheItemIsWritten() {
        Target t = target("svc-" + UUID.randomUUID());
        store.consume(t.service(), t.restartBudget(), "old#restart#1", NOW, policy(t, NO_COOLDOWN, NOW));
        Instant later = NOW.plus(Duration.ofMinutes(31));
        store.consume(t.service(), t.restartBudget(), "new#restart#1", later, policy(t, NO_COOLDOWN, later));

        assertThat(store.ledger(t.service()).restarts())
                .extracting(RestartLedger.Restart::commandId)
                .containsExactly("new#restart#1");
    }

    @Test
    void anUnusedTargetHasAnEmptyLedger() {
        assertThat(store.ledger("svc-" + UUID.randomUUID())).isEqualTo(RestartLedger.EMPTY);
    }
}
