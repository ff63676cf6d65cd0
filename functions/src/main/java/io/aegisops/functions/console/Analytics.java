package io.aegisops.functions.console;

import io.aegisops.contracts.Incident;
import io.aegisops.contracts.Target;
import io.aegisops.contracts.TargetsConfig;
import io.aegisops.functions.console.IncidentStats.BudgetUse;
import io.aegisops.functions.console.IncidentStats.Stats;
import io.aegisops.functions.policy.RestartBudgetStore;
import io.aegisops.functions.policy.RestartLedger;
import io.aegisops.functions.store.IncidentFilter;
import io.aegisops.functions.store.IncidentPage;
import io.aegisops.functions.store.IncidentStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads what {@link IncidentStats} counts: the incidents opened in the last days, newest first through the store's
 * listing ({@code byCreated}), at most {@link #MAX_INCIDENTS} (pages of {@link #PAGE}), and each configured target's
 * restart ledger.
 */
public final class Analytics {

    public static final int DEFAULT_DAYS = 14;
    public static final int MAX_DAYS = 90;
    /** The most incidents one answer reads: 50 queries of 100. Past it the answer says {@code truncated}. */
    public static final int MAX_INCIDENTS = 5_000;

    static final int PAGE = 100;

    private final IncidentStore incidents;
    private final RestartBudgetStore budgets;
    private final TargetsConfig targets;
    private final Clock clock;

    public Analytics(IncidentStore incidents, RestartBudgetStore budgets, TargetsConfig targets, Clock clock) {
        this.incidents = incidents;
        this.budgets = budgets;
        this.targets = targets;
        this.clock = clock;
    }

    /** The stats of the last {@code days} days (1 to {@link #MAX_DAYS}), today included. */
    public Stats stats(int days) {
        Instant now = clock.instant();
        Instant from = IncidentStats.from(days, now);
        List<Incident> read = new ArrayList<>();
        String cursor = null;
        boolean reachedFrom = false;
        do {
            IncidentPage page = incidents.listMatching(IncidentFilter.ALL, PAGE, cursor);
            for (Incident incident : page.incidents()) {
                if (incident.createdAt() != null && incident.createdAt().isBefore(from)) {
                    reachedFrom = true;
                    break;
                }
                read.add(incident);
            }
            cursor = page.nextCursor();
        } while (!reachedFrom && cursor != null && read.size() < MAX_INCIDENTS);
        boolean truncated = !reachedFrom && cursor != null;
        return IncidentStats.compute(read, days, now, truncated, budgetUse(now));
    }

    private List<BudgetUse> budgetUse(Instant now) {
        List<BudgetUse> uses = new ArrayList<>();
        for (Target target : targets.targets()) {
            RestartLedger ledger = budgets.ledger(target.service());
            uses.add(new BudgetUse(
                    target.service(),
                    ledger.usedIn(target.restartBudget(), now),
                    target.restartBudget().max(),
                    target.restartBudget().windowMinutes(),
                    ledger.lastRestart().orElse(null)));
        }
        return uses;
    }
}
