package io.aegisops.functions.remediate;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.contracts.Command;
import io.aegisops.contracts.Decision;
import io.aegisops.contracts.Diagnosis;
import io.aegisops.contracts.Incident;
import io.aegisops.contracts.IncidentStatus;
import io.aegisops.contracts.Target;
import io.aegisops.functions.commands.CommandQueue;
import io.aegisops.functions.commands.Commands;
import io.aegisops.functions.pipeline.CommandDispatch;
import io.aegisops.functions.pipeline.JsonStreams;
import io.aegisops.functions.pipeline.Log;
import io.aegisops.functions.pipeline.Pipeline;
import io.aegisops.functions.pipeline.PipelineSettings;
import io.aegisops.functions.pipeline.Stores;
import io.aegisops.functions.policy.Policy;
import io.aegisops.functions.policy.PolicySettings;
import io.aegisops.functions.policy.PolicyVerdict;
import io.aegisops.functions.policy.RestartBudgetStore;
import io.aegisops.functions.policy.RestartLedger;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Remediate ({@code .waitForTaskToken}): receives {@code {incidentId, service, analysis, taskToken}}. Decides
 * again under the policy, on the restart ledger it then writes (the budget is taken atomically, once per
 * command), and writes exactly one RESTART command for the configured target's host with the token; the
 * agent answers with the CommandResult. Refusals throw {@code Aegis.NotAllowed} (allowlist, policy) or
 * {@code Aegis.BudgetExhausted} (budget, cooldown) and write nothing. A dry run (shadow mode) takes no budget.
 */
public final class RemediateHandler implements RequestStreamHandler {

    private final PipelineSettings settings;
    private final Stores stores;
    private final Clock clock;

    public RemediateHandler() {
        this(PipelineSettings.fromEnv(System.getenv()));
    }

    private RemediateHandler(PipelineSettings settings) {
        this(settings, Stores.over(Stores.dynamoFromEnvironment(), settings.tablePrefix()), Clock.systemUTC());
    }

    public RemediateHandler(PipelineSettings settings, Stores stores, Clock clock) {
        this.settings = settings;
        this.stores = stores;
        this.clock = clock;
    }

    public record Submitted(String commandId, String hostId, boolean dryRun, CommandQueue.Submission submission) {
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode payload = JsonStreams.read(input);
        String incidentId = JsonStreams.text(payload, "incidentId");
        String taskToken = JsonStreams.text(payload, "taskToken");
        JsonNode analysis = payload.path("analysis");
        Diagnosis diagnosis = JsonStreams.convert(analysis.get("diagnosis"), Diagnosis.class);
        Decision decision = JsonStreams.convert(analysis.get("decision"), Decision.class);
        if (diagnosis == null || decision == null) {
            throw new IllegalArgumentException("the payload needs 'analysis' with the diagnosis and the decision");
        }
        Target target;
        try {
            target = Pipeline.targetOf(settings, JsonStreams.optionalText(payload, "service"));
        } catch (Aegis.UnknownTarget unknown) {
            throw new Aegis.NotAllowed(unknown.getMessage());
        }
        Incident incident = stores.incidents().get(incidentId)
                .orElseThrow(() -> new IllegalArgumentException("no incident " + incidentId));
        Instant now = clock.instant();
        boolean dryRun = decision.dryRun() || settings.policy().shadowMode();
        PolicySettings policy = settings.policy();
        Function<RestartLedger, PolicyVerdict> decide = ledger -> Policy.decide(target, diagnosis,
                incident.alert() == null ? null : incident.alert().severity(), ledger, policy, now);

        String commandId = Command.idFor(incidentId, Commands.RESTART_STEP, 1);
        PolicyVerdict verdict;
        if (dryRun) {
            verdict = decide.apply(stores.budgets().ledger(target.service()));
        } else {
            RestartBudgetStore.Consumption consumption = stores.budgets().consume(target.service(), target.restartBudget(), commandId, now, decide);
            verdict = consumption.verdict();
        }
        if (!verdict.permitsRestart()) {
            refuse(incidentId, now, verdict);
        }

        Command restart = Commands.restart(incidentId, target, taskToken, settings.stopTimeoutSeconds(), dryRun, now);
        CommandDispatch.Dispatched sent = new CommandDispatch(stores.commands(), stores.incidents()).send(restart, "remediation.requested",
                IncidentStatus.REMEDIATING, "remediation",
                (dryRun ? "dry-run " : "") + "RESTART of " + target.container() + " sent to " + target.hostId(), now);
        JsonStreams.write(output, new Submitted(commandId, target.hostId(), dryRun, sent.submission()));
    }

    private void refuse(String incidentId, Instant now, PolicyVerdict verdict) {
        String reasons = String.join("; ", verdict.decision().reasons());
        stores.incidents().update(incidentId, i -> i.status().isTerminal() ? i : i.withEvent(now, "remediation", "refused: " + reasons));
        Log.warn("remediation.refused", Map.of("incidentId", incidentId, "rule", verdict.rule()));
        if (verdict.rule().isBudgetRefusal()) {
            throw new Aegis.BudgetExhausted(reasons);
        }
        throw new Aegis.NotAllowed(reasons);
    }
}
