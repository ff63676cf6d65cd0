package io.aegisops.functions.ingest;

import io.aegisops.contracts.Json;
import io.aegisops.contracts.NormalisedAlert;
import io.aegisops.contracts.logging.EventLog;
import io.aegisops.contracts.tables.Tables;
import io.aegisops.functions.agents.AgentStatuses;
import io.aegisops.functions.agents.DynamoAgentRoster;
import io.aegisops.functions.config.Refreshing;
import io.aegisops.functions.config.SecretSource;
import io.aegisops.functions.console.Analytics;
import io.aegisops.functions.console.RunbookDesk;
import io.aegisops.functions.ingest.normalise.AlertNormaliser;
import io.aegisops.functions.ingest.normalise.TargetResolver;
import io.aegisops.functions.pipeline.Priming;
import io.aegisops.functions.pipeline.Stores;
import io.aegisops.functions.store.IncidentStore;
import io.aegisops.functions.store.OpenIncidents;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.StartExecutionRequest;

/** What the two ingest handlers share, wired once per function instance. */
public final class IngestComponents {

    private static final EventLog LOG = EventLog.of(IngestComponents.class);

    /** A generic-format alert, as a webhook posts one, for priming. */
    private static final String SAMPLE_WEBHOOK_ALERT = """
            {"incident_id": "priming", "container_name": "priming", "alert_type": "HighMemoryUsage",
             "severity": "high", "logs": "WARN priming", "timestamp": "2026-01-01T00:00:00Z"}""";

    private final IncidentStore store;
    private final StepFunctionsPipeline pipeline;
    private final String stateMachineArn;
    private final AlertIntake intake;
    private final IngestApi api;
    private final ConsoleOrigin consoleOrigin;

    public IngestComponents(IngestSettings settings, DynamoDbClient dynamo, SfnClient sfn, Clock clock) {
        this(settings, dynamo, sfn, HttpSlackResponder.create(), clock);
    }

    public IngestComponents(
            IngestSettings settings, DynamoDbClient dynamo, SfnClient sfn, SlackResponder slackResponder, Clock clock) {
        Stores stores = Stores.over(dynamo, settings.tablePrefix());
        IncidentStore store = stores.incidents();
        OpenIncidents open = stores.openIncidents();
        StepFunctionsPipeline pipeline = new StepFunctionsPipeline(sfn, settings.stateMachineArn());
        this.store = store;
        this.pipeline = pipeline;
        this.stateMachineArn = settings.stateMachineArn();
        this.consoleOrigin = settings.consoleOrigin();
        Refreshing<Credentials> credentials = new Refreshing<>(
                "the ingest credentials",
                () -> Credentials.from(settings.secrets().current()),
                clock,
                settings.secretsTtl());
        ApprovalDesk approvals =
                new ApprovalDesk(store, pipeline, () -> credentials.get().approvers(), clock);
        this.intake = new AlertIntake(
                store,
                open,
                pipeline,
                new TargetResolver(settings.targets()),
                new ApprovalWithdrawal(store, pipeline, clock),
                clock);
        this.api = new IngestApi(
                new WebhookAuthenticator(credentials, clock),
                intake,
                store,
                approvals,
                new SlackInteractions(credentials, approvals, store, slackResponder, clock),
                new StepFunctionsExecutions(sfn),
                new RunbookDesk(
                        stores.runbook(), settings.runbookMinSuccesses(), settings.autonomyMinApprovals(), clock),
                new Analytics(store, stores.budgets(), settings.targets(), clock),
                new AgentStatuses(
                        new DynamoAgentRoster(dynamo, Tables.named(settings.tablePrefix(), Tables.AGENTS)),
                        clock,
                        settings.agentStaleAfter()),
                settings.maxAlertsPerRequest());
    }

    /**
     * Real clients from the environment (region, credentials and {@code AWS_ENDPOINT_URL} as the SDK reads them);
     * secrets from the Secrets Manager secret named by {@code AEGIS_SECRETS_ARN}, or from the environment, read on
     * first use and again after every TTL (never here: SnapStart would freeze them into the snapshot).
     */
    public static IngestComponents fromEnvironment() {
        Map<String, String> env = System.getenv();
        IngestSettings settings = IngestSettings.load(env, SecretSource.fromEnvironment(env));
        LOG.info(
                "ingest.configured",
                "tablePrefix",
                settings.tablePrefix(),
                "targets",
                settings.targets().targets().size(),
                "secretsTtlSeconds",
                settings.secretsTtl().toSeconds());
        return new IngestComponents(
                settings,
                DynamoDbClient.builder()
                        .httpClient(UrlConnectionHttpClient.create())
                        .build(),
                SfnClient.builder().httpClient(UrlConnectionHttpClient.create()).build(),
                Clock.systemUTC());
    }

    /**
     * For the ingest handlers' priming: the incident read, not found; a webhook alert normalised, its execution's
     * start built, not sent; the answer written. The credentials are not read: a secret in the snapshot would
     * outlive its rotation.
     */
    public void prime() throws IOException {
        Priming.requestsWithoutWrites(store);
        NormalisedAlert alert =
                AlertNormaliser.normalise(Priming.payload(SAMPLE_WEBHOOK_ALERT)).getFirst();
        StartExecutionRequest.builder()
                .stateMachineArn(stateMachineArn)
                .name(Priming.ABSENT_INCIDENT)
                .input(Json.write(alert))
                .build();
        IntakeResult result = new IntakeResult(
                Priming.ABSENT_INCIDENT, pipeline.executionArn(Priming.ABSENT_INCIDENT), "RECEIVED", false, null);
        Priming.answer(ApiResponse.json(202, Map.of("results", List.of(result))).toProxyResponse());
    }

    public AlertIntake intake() {
        return intake;
    }

    public IngestApi api() {
        return api;
    }

    public ConsoleOrigin consoleOrigin() {
        return consoleOrigin;
    }
}
