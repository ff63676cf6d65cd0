package io.aegisops.functions.remediate;

import io.aegisops.contracts.Command;
import io.aegisops.contracts.CommandStatus;
import io.aegisops.contracts.Incident;
import io.aegisops.contracts.RestartBudget;
import io.aegisops.functions.commands.CommandQueue;
import io.aegisops.functions.policy.PolicyVerdict;
import io.aegisops.functions.policy.RestartBudgetStore;
import io.aegisops.functions.policy.RestartLedger;
import io.aegisops.functions.store.IncidentNotFoundException;
import io.aegisops.functions.store.IncidentStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The ports {@link Remediator} uses, in memory, for its unit test (the DynamoDB implementations have their own
 * tests against DynamoDB Local). Single-threaded; each keeps what was written so the test can read it.
 */
final class InMemoryPorts {

    private InMemoryPorts() {
    }

    static final class Incidents implements IncidentStore {
        final Map<String, Incident> items = new HashMap<>();
        boolean failUpdates;

        @Override
        public Optional<Incident> get(String incidentId) {
            return Optional.ofNullable(items.get(incidentId));
        }

        @Override
        public boolean create(Incident incident) {
            return items.putIfAbsent(incident.incidentId(), incident) == null;
        }

        @Override
        public Incident update(String incidentId, UnaryOperator<Incident> change) {
            if (failUpdates) {
                throw new IllegalStateException("the incidents table is unavailable");
            }
            Incident current = get(incidentId).orElseThrow(() -> new IncidentNotFoundException(incidentId));
            Incident next = change.apply(current).toBuilder().version(current.version() + 1).build();
            items.put(incidentId, next);
            return next;
        }

        @Override
        public void putApprovalToken(String incidentId, String taskToken) {
            throw new UnsupportedOperationException("not used by Remediate");
        }

        @Override
        public Optional<String> takeApprovalToken(String incidentId) {
            throw new UnsupportedOperationException("not used by Remediate");
        }
    }

    static final class Budgets implements RestartBudgetStore {
        final Map<String, RestartLedger> ledgers = new HashMap<>();

        @Override
        public RestartLedger ledger(String service) {
            return ledgers.getOrDefault(service, RestartLedger.EMPTY);
        }

        @Override
        public Consumption consume(String service, RestartBudget budget, String commandId, Instant now,
                                   Function<RestartLedger, PolicyVerdict> decide) {
            RestartLedger ledger = ledger(service);
            if (ledger.contains(commandId)) {
                return new Consumption(Result.ALREADY_CONSUMED, decide.apply(ledger.without(commandId)));
            }
            PolicyVerdict verdict = decide.apply(ledger);
            if (!verdict.permitsRestart()) {
                return new Consumption(Result.REFUSED, verdict);
            }
            ledgers.put(service, ledger.with(commandId, now, budget));
            return new Consumption(Result.CONSUMED, verdict);
        }
    }

    static final class Queue implements CommandQueue {
        final Map<String, Command> items = new LinkedHashMap<>();

        @Override
        public Submission submit(Command command) {
            Command existing = items.get(command.commandId());
            if (existing == null) {
                items.put(command.commandId(), command);
                return Submission.WRITTEN;
            }
            if (existing.status() != CommandStatus.PENDING) {
                return Submission.ALREADY_CLAIMED;
            }
            items.put(command.commandId(), new Command(existing.commandId(), existing.hostId(), existing.incidentId(), existing.type(),
                    existing.container(), existing.params(), existing.dryRun(), command.taskToken(), existing.status(),
                    existing.claimedBy(), existing.leaseUntil(), existing.createdAt(), existing.result(), existing.ttl()));
            return Submission.TOKEN_REPLACED;
        }
    }
}
