package io.aegisops.cdk;

import static io.aegisops.contracts.pipeline.PipelineFunction.COLLECT_EVIDENCE;
import static io.aegisops.contracts.pipeline.PipelineFunction.DIAGNOSE;
import static io.aegisops.contracts.pipeline.PipelineFunction.INGEST;
import static io.aegisops.contracts.pipeline.PipelineFunction.LEARN;
import static io.aegisops.contracts.pipeline.PipelineFunction.NOTIFY;
import static io.aegisops.contracts.pipeline.PipelineFunction.REMEDIATE;
import static io.aegisops.contracts.pipeline.PipelineFunction.REQUEST_APPROVAL;
import static io.aegisops.contracts.pipeline.PipelineFunction.SNS_ALARM;
import static io.aegisops.contracts.pipeline.PipelineFunction.VERIFY;

import io.aegisops.contracts.EdgeQueues;
import io.aegisops.contracts.Json;
import io.aegisops.contracts.Target;
import io.aegisops.contracts.pipeline.ApiRoute;
import io.aegisops.contracts.pipeline.PipelineFunction;
import io.aegisops.contracts.tables.TableDefinition;
import io.aegisops.contracts.tables.Tables;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigateway.GatewayResponseOptions;
import software.amazon.awscdk.services.apigateway.JsonSchema;
import software.amazon.awscdk.services.apigateway.JsonSchemaType;
import software.amazon.awscdk.services.apigateway.JsonSchemaVersion;
import software.amazon.awscdk.services.apigateway.LambdaIntegration;
import software.amazon.awscdk.services.apigateway.LambdaIntegrationOptions;
import software.amazon.awscdk.services.apigateway.LogGroupLogDestination;
import software.amazon.awscdk.services.apigateway.Method;
import software.amazon.awscdk.services.apigateway.MethodLoggingLevel;
import software.amazon.awscdk.services.apigateway.MethodOptions;
import software.amazon.awscdk.services.apigateway.Model;
import software.amazon.awscdk.services.apigateway.ModelOptions;
import software.amazon.awscdk.services.apigateway.RequestValidator;
import software.amazon.awscdk.services.apigateway.RequestValidatorOptions;
import software.amazon.awscdk.services.apigateway.ResponseType;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.apigateway.StageOptions;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.iam.AccountRootPrincipal;
import software.amazon.awscdk.services.iam.CompositePrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.sns.subscriptions.LambdaSubscription;
import software.amazon.awscdk.services.sqs.IQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * Everything AegisOps runs on in one account and region: the tables, one function per handler (java25,
 * arm64, SnapStart, called through a {@code live} alias), the Standard state machine from
 * {@code aegis-pipeline.asl.json}, the REST API, the SNS entry for CloudWatch alarms, the secrets, a
 * policy per edge host, and the operators' alarms and dashboard ({@link AegisMonitoring}). cdk-nag's AWS Solutions
 * checks pass: what they flag is fixed, or suppressed here, next to the resource, with the reason.
 */
public final class AegisStack extends Stack {

    /** The classpath resource (from the statemachine module) CDK deploys, unchanged. */
    public static final String DEFINITION_RESOURCE = "/aegis-pipeline.asl.json";
    /** Where Notify publishes escalations (the functions' {@code SnsEscalations.TOPIC_ARN}). */
    static final String ESCALATION_TOPIC_ARN = "AEGIS_ESCALATION_TOPIC_ARN";

    public static final String ALIAS = "live";
    /** The pipeline's state machine; its executions are named by incident id, under this name in their ARNs. */
    static final String STATE_MACHINE_NAME = "aegis-pipeline";

    /** The REST API's one stage. */
    public static final String STAGE = "prod";

    private static final String GET_ITEM = "dynamodb:GetItem";
    private static final String PUT_ITEM = "dynamodb:PutItem";
    private static final String UPDATE_ITEM = "dynamodb:UpdateItem";
    private static final String DELETE_ITEM = "dynamodb:DeleteItem";
    private static final String QUERY = "dynamodb:Query";
    private static final String SCAN = "dynamodb:Scan";

    private final AegisTables tables;
    private final StateMachine stateMachine;
    private final RestApi api;
    private final Map<PipelineFunction, Function> functions = new EnumMap<>(PipelineFunction.class);
    private final Architecture architecture;
    private final Map<String, Queue> doorbells = new LinkedHashMap<>();

    public AegisStack(Construct scope, String id, StackProps props, AegisSettings settings) {
        super(scope, id, props);
        // arm64 is cheaper per GB-s on AWS; LocalStack on an x86 host runs x86_64 Lambda containers.
        architecture = settings.lambdaArchitecture().equals("arm64") ? Architecture.ARM_64 : Architecture.X86_64;
        tables = new AegisTables(this, "Tables", settings.tablePrefix());

        Secret secrets = Secret.Builder.create(this, "Secrets")
                .description("AegisOps secrets: webhook tokens, HMAC secret, approver tokens and roles, Slack URL and"
                        + " signing secret, LLM key")
                .generateSecretString(SecretStringGenerator.builder()
                        // the keys are the variable names the functions read (SecretSource); the webhook token
                        // is generated so a fresh deployment accepts alerts at once
                        .secretStringTemplate("{\"AEGIS_WEBHOOK_HMAC_SECRET\":\"\",\"AEGIS_APPROVER_TOKENS\":\"\","
                                + "\"AEGIS_APPROVERS\":\"\",\"AEGIS_SLACK_WEBHOOK_URL\":\"\","
                                + "\"AEGIS_SLACK_SIGNING_SECRET\":\"\",\"OPENAI_API_KEY\":\"\"}")
                        .generateStringKey("AEGIS_WEBHOOK_TOKENS")
                        .excludePunctuation(true)
                        .passwordLength(48)
                        .build())
                .build();
        suppress(
                secrets,
                "AwsSolutions-SMG4",
                "its values are third-party credentials (Slack webhook URL, model API key) and tokens the senders hold;"
                        + " no rotation function can change them at their source. Webhook and approver tokens rotate"
                        + " by listing two while senders move (deploy.md)");

        for (String hostId : settings.hostIds()) {
            doorbells.put(hostId, doorbell(hostId, settings.tablePrefix()));
        }

        Map<String, String> environment = new HashMap<>();
        environment.put("AEGIS_TABLE_PREFIX", settings.tablePrefix());
        if (!doorbells.isEmpty()) {
            environment.put(EdgeQueues.PREFIX_VARIABLE, settings.tablePrefix());
        }
        environment.put("AEGIS_TARGETS", Json.write(settings.targets()));
        environment.put("AEGIS_SECRETS_ARN", secrets.getSecretArn());
        environment.put("AEGIS_SHADOW_MODE", Boolean.toString(settings.shadowMode()));
        // Functions read the secret on first use and again after AEGIS_SECRETS_TTL_SECONDS; a new secretsVersion
        // changes the configuration, so every function publishes a new version, for a change that cannot wait.
        environment.put("AEGIS_SECRETS_VERSION", settings.secretsVersion());
        if (settings.modelConfigured()) {
            environment.put("OPENAI_BASE_URL", settings.llmBaseUrl());
            environment.put("OPENAI_MODEL", settings.llmModel());
        }
        // Tiered compilation stopped at C1: the usual cold-start setting for short-lived Java functions.
        environment.put("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");

        Code code = Code.fromAsset(settings.functionsJar().toString());
        Map<PipelineFunction, Alias> tasks = new EnumMap<>(PipelineFunction.class);
        for (PipelineFunction task : PipelineFunction.stateMachineTasks()) {
            // The model client (openai-java) is ~80 MB: only Diagnose carries it, and only when a model is configured.
            boolean withModel = task == DIAGNOSE && settings.modelConfigured();
            tasks.put(
                    task,
                    function(
                            task,
                            withModel
                                    ? Code.fromAsset(
                                            settings.modelFunctionsJar().toString())
                                    : code,
                            environment,
                            Optional.empty()));
        }

        LogGroup executionLogs = LogGroup.Builder.create(this, "PipelineLogs")
                .retention(RetentionDays.ONE_MONTH)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        Map<String, String> substitutions = new HashMap<>(settings.pipelineSettings());
        tasks.forEach((task, alias) -> substitutions.put(task.arnPlaceholder().orElseThrow(), alias.getFunctionArn()));
        stateMachine = StateMachine.Builder.create(this, "Pipeline")
                .stateMachineName(STATE_MACHINE_NAME)
                .stateMachineType(StateMachineType.STANDARD)
                .definitionBody(DefinitionBody.fromString(pipelineDefinition()))
                .definitionSubstitutions(substitutions)
                // Every event is logged (AwsSolutions-SF1) but without its input and output: those carry the
                // alert's text and the host's evidence, which belong in the incident table (redacted, retained
                // and access-controlled as incidents) rather than in a log group every operator can read.
                .logs(LogOptions.builder()
                        .destination(executionLogs)
                        .level(LogLevel.ALL)
                        .includeExecutionData(false)
                        .build())
                .tracingEnabled(true)
                .build();
        for (Alias task : tasks.values()) {
            task.grantInvoke(stateMachine);
        }
        suppress(
                stateMachine.getRole(),
                "AwsSolutions-IAM5",
                "Step Functions' log delivery (logs:CreateLogDelivery, GetLogDelivery, UpdateLogDelivery,"
                        + " DeleteLogDelivery, ListLogDeliveries, PutResourcePolicy, DescribeResourcePolicies,"
                        + " DescribeLogGroups) and X-Ray (PutTraceSegments, PutTelemetryRecords, GetSamplingRules,"
                        + " GetSamplingTargets) accept no resource narrower than *",
                "Resource::*");

        // SNS invokes SnsAlarm asynchronously: an alarm it still fails after Lambda's two retries waits here.
        Queue alarmDeadLetters = Queue.Builder.create(this, "SnsAlarmDeadLetters")
                .retentionPeriod(Duration.days(14))
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .build();
        Map<String, String> ingestEnvironment = new HashMap<>(environment);
        ingestEnvironment.put("AEGIS_STATE_MACHINE_ARN", stateMachine.getStateMachineArn());
        Alias ingest = function(INGEST, code, ingestEnvironment, Optional.empty());
        Alias alarms = function(SNS_ALARM, code, ingestEnvironment, Optional.of(alarmDeadLetters));

        // Exactly what each handler's stores call (functions/: DynamoIncidentStore, DynamoOpenIncidents,
        // DynamoRunbookStore, DynamoRestartBudgetStore, DynamoCommandQueue); a transaction's Put needs PutItem.
        allow(ingest, Tables.INCIDENTS, GET_ITEM, PUT_ITEM, UPDATE_ITEM);
        allowQueryOnIndexes(ingest, Tables.INCIDENTS); // GET /incidents lists through byStatus and byCreated
        allow(ingest, Tables.CONTROL, GET_ITEM, PUT_ITEM, DELETE_ITEM);
        // the console's runbook page: the entries listed (a bounded Scan), an operator's disable or enable written
        allow(ingest, Tables.RUNBOOK, GET_ITEM, SCAN);
        allowRunbookToggleOnly(ingest);
        allow(ingest, Tables.AGENTS, SCAN); // GET /agents reads every host's liveness item
        allow(alarms, Tables.INCIDENTS, GET_ITEM, PUT_ITEM, UPDATE_ITEM);
        allow(alarms, Tables.CONTROL, GET_ITEM, PUT_ITEM, DELETE_ITEM);
        allow(tasks.get(COLLECT_EVIDENCE), Tables.INCIDENTS, GET_ITEM, UPDATE_ITEM);
        allow(tasks.get(COLLECT_EVIDENCE), Tables.COMMANDS, PUT_ITEM, UPDATE_ITEM);
        allow(tasks.get(DIAGNOSE), Tables.INCIDENTS, GET_ITEM, UPDATE_ITEM);
        allow(tasks.get(DIAGNOSE), Tables.RUNBOOK, GET_ITEM);
        allow(tasks.get(DIAGNOSE), Tables.CONTROL, GET_ITEM); // the restart ledger
        allow(tasks.get(NOTIFY), Tables.INCIDENTS, GET_ITEM);
        allow(tasks.get(REQUEST_APPROVAL), Tables.INCIDENTS, GET_ITEM, UPDATE_ITEM);
        allow(tasks.get(REMEDIATE), Tables.INCIDENTS, GET_ITEM, UPDATE_ITEM);
        allow(tasks.get(REMEDIATE), Tables.COMMANDS, PUT_ITEM, UPDATE_ITEM);
        allow(tasks.get(REMEDIATE), Tables.CONTROL, GET_ITEM, PUT_ITEM); // the restart ledger
        allow(tasks.get(REMEDIATE), Tables.RUNBOOK, GET_ITEM); // what people said of the pattern (its re-check)
        allow(tasks.get(VERIFY), Tables.INCIDENTS, GET_ITEM, UPDATE_ITEM);
        allow(tasks.get(VERIFY), Tables.COMMANDS, PUT_ITEM, UPDATE_ITEM);
        // the functions that write commands ring the hosts' doorbells (SqsDoorbell): these queues only
        List<String> doorbellArns =
                doorbells.values().stream().map(Queue::getQueueArn).toList();
        if (!doorbellArns.isEmpty()) {
            for (PipelineFunction writer : List.of(COLLECT_EVIDENCE, REMEDIATE, VERIFY)) {
                allow(tasks.get(writer), List.of("sqs:GetQueueUrl", "sqs:SendMessage"), doorbellArns);
            }
        }
        allow(tasks.get(LEARN), Tables.INCIDENTS, GET_ITEM, UPDATE_ITEM);
        allow(tasks.get(LEARN), Tables.RUNBOOK, GET_ITEM, PUT_ITEM);
        allow(tasks.get(LEARN), Tables.CONTROL, PUT_ITEM, DELETE_ITEM); // the lesson marker; the open marker
        // Only the functions that read the secret may: Ingest (credentials), Diagnose (the model key), Notify and
        // RequestApproval (the Slack URL). SnsAlarm authenticates nobody; Learn, CollectEvidence, Remediate and
        // Verify read no secret.
        for (Alias reader : List.of(ingest, tasks.get(DIAGNOSE), tasks.get(NOTIFY), tasks.get(REQUEST_APPROVAL))) {
            allow(reader, List.of("secretsmanager:GetSecretValue"), List.of(secrets.getSecretArn()));
        }
        stateMachine.grantStartExecution(ingest);
        stateMachine.grantStartExecution(alarms);
        // an approval decision answers the waiting task (ApprovalDesk), with SendTaskSuccess only
        allow(ingest, List.of("states:SendTaskSuccess"), List.of(stateMachine.getStateMachineArn()));
        // RequestApproval answers its own task when the alert resolved before it asked anyone (ApprovalWithdrawal).
        // The state machine's ARN is built from its name: a reference would close a cycle (the state machine
        // invokes RequestApproval, whose policy the function waits for).
        String pipelineArn = Stack.of(this)
                .formatArn(ArnComponents.builder()
                        .service("states")
                        .resource("stateMachine")
                        .resourceName(STATE_MACHINE_NAME)
                        .arnFormat(ArnFormat.COLON_RESOURCE_NAME)
                        .build());
        functions.get(REQUEST_APPROVAL).addEnvironment("AEGIS_STATE_MACHINE_ARN", pipelineArn);
        allow(tasks.get(REQUEST_APPROVAL), List.of("states:SendTaskSuccess"), List.of(pipelineArn));
        // the console's execution graph (GET /incidents/{id}/execution): the definition, and the history of the
        // pipeline's executions only
        allow(ingest, List.of("states:DescribeStateMachine"), List.of(stateMachine.getStateMachineArn()));
        allow(
                ingest,
                List.of("states:DescribeExecution", "states:GetExecutionHistory"),
                List.of(Stack.of(this)
                        .formatArn(ArnComponents.builder()
                                .service("states")
                                .resource("execution")
                                .resourceName(STATE_MACHINE_NAME + ":*")
                                .arnFormat(ArnFormat.COLON_RESOURCE_NAME)
                                .build())));
        suppress(
                ingest.getRole(),
                "AwsSolutions-IAM5",
                "an incident's execution is named by its incident id: the pipeline's executions are named"
                        + " execution:aegis-pipeline:*, and only DescribeExecution and GetExecutionHistory are allowed"
                        + " on them",
                "Resource::arn:<AWS::Partition>:states:" + regionInNagFindings() + ":<AWS::AccountId>:execution:"
                        + STATE_MACHINE_NAME + ":*");

        api = restApi(ingest);
        // The notifying functions link to the incident and its approval route (API) and to the execution (console).
        // The API's URL comes from its id, not its stage: the stage depends on every method, the methods on Ingest,
        // Ingest on the state machine and the state machine on these functions, which would close a cycle.
        String apiOrigin =
                Fn.join("", List.of("https://", api.getRestApiId(), ".execute-api.", getRegion(), ".", getUrlSuffix()));
        String apiUrl = apiOrigin + "/" + STAGE + "/";
        // The operator console reads the API at its stage URL; the API answers its origin across origins.
        AegisConsole console = new AegisConsole(this, "Console", settings.consoleDir(), apiUrl, apiOrigin);
        console.allowFrom(api);
        functions.get(INGEST).addEnvironment("AEGIS_CONSOLE_ORIGIN", console.url());
        // a notification's "Execution" link: the console's route for an execution ARN opens its incident's page
        String consoleUrl = console.url() + "/#/executions/";
        for (PipelineFunction notifying : List.of(NOTIFY, REQUEST_APPROVAL)) {
            functions.get(notifying).addEnvironment("AEGIS_API_URL", apiUrl);
            functions.get(notifying).addEnvironment("AEGIS_CONSOLE_URL", consoleUrl);
        }

        Topic alarmTopic = Topic.Builder.create(this, "AlarmTopic")
                .displayName("AegisOps CloudWatch alarms")
                .enforceSsl(true)
                .build();
        allowAlarmsOfThisAccount(alarmTopic);
        alarmTopic.addSubscription(new LambdaSubscription(alarms));
        // SNS delivers to the qualified (alias) ARN; cdk synth's template validation warns W3694 about it
        // because its rule only knows unqualified function ARNs (see CdkSynthTest).

        if (settings.targets().targets().isEmpty()) {
            Annotations.of(this)
                    .addWarningV2(
                            "aegis:noTargets",
                            "no targets configured (-c targetsFile=...): every alert will be escalated, nothing restarted");
        }
        for (String hostId : settings.hostIds()) {
            edgeHost(hostId);
        }

        Topic operators = Topic.Builder.create(this, "OperatorTopic")
                .displayName("AegisOps: pipeline failures and escalated incidents")
                .enforceSsl(true)
                .build();
        allowAlarmsOfThisAccount(operators);
        // an escalation reaches the on-call: Notify publishes ESCALATED outcomes here (functions' SnsEscalations)
        functions.get(NOTIFY).addEnvironment(ESCALATION_TOPIC_ARN, operators.getTopicArn());
        operators.grantPublish(tasks.get(NOTIFY));
        if (!settings.alarmEmail().isBlank()) {
            operators.addSubscription(new EmailSubscription(settings.alarmEmail()));
        }
        new AegisMonitoring(
                this,
                "Monitoring",
                new AegisMonitoring.Watched(
                        operators,
                        stateMachine,
                        api,
                        functions,
                        alarmDeadLetters,
                        table(Tables.COMMANDS),
                        !settings.hostIds().isEmpty(),
                        settings.targets().targets().stream()
                                .map(Target::service)
                                .toList()));

        output(
                "WebhookUrl",
                api.urlForPath(ApiRoute.POST_ALERTS.path()),
                "POST alerts here (Authorization: Bearer <webhook token>)");
        output("ApiUrl", api.getUrl(), "incidents API base URL");
        output("ConsoleUrl", console.url() + "/", "the operator console (sign in with an approver token)");
        output(
                "SlackInteractionsUrl",
                api.urlForPath(ApiRoute.SLACK_INTERACTIONS.path()),
                "the Slack app's Interactivity Request URL (its signing secret goes in the secret)");
        output("RestApiId", api.getRestApiId(), "REST API id (LocalStack serves it at /_aws/execute-api/<id>/prod/)");
        output("AlarmTopicArn", alarmTopic.getTopicArn(), "point CloudWatch alarm actions here");
        output(
                "OperatorTopicArn",
                operators.getTopicArn(),
                "AegisOps's own alarms (failed executions, function errors, API 5xx, silent edge agents) and every"
                        + " escalated incident: subscribe the on-call");
        output(
                "DashboardUrl",
                "https://console.aws.amazon.com/cloudwatch/home?region=" + getRegion() + "#dashboards/dashboard/"
                        + AegisMonitoring.DASHBOARD_NAME,
                "the pipeline's CloudWatch dashboard");
        output(
                "StateMachineArn",
                stateMachine.getStateMachineArn(),
                "edge agent: AEGIS_STATE_MACHINE_ARN (for reference)");
        output("CommandsTable", table(Tables.COMMANDS).getTableName(), "edge agent: commands table");
        output("TablePrefix", settings.tablePrefix(), "edge agent: AEGIS_TABLE_PREFIX");
        output("Region", getRegion(), "edge agent: AWS_REGION");
        output(
                "SecretsArn",
                secrets.getSecretArn(),
                "AEGIS_WEBHOOK_TOKENS (generated), AEGIS_WEBHOOK_HMAC_SECRET, AEGIS_APPROVER_TOKENS (name:token,...),"
                        + " AEGIS_APPROVERS (name:role:clearance[:slackUserId],...), AEGIS_SLACK_WEBHOOK_URL,"
                        + " AEGIS_SLACK_SIGNING_SECRET, OPENAI_API_KEY");
    }

    public StateMachine stateMachine() {
        return stateMachine;
    }

    public RestApi api() {
        return api;
    }

    public Table table(TableDefinition definition) {
        return tables.table(definition);
    }

    /** The definition file exactly as the local engine and LocalStack run it. */
    public static String pipelineDefinition() {
        try (InputStream in = AegisStack.class.getResourceAsStream(DEFINITION_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(DEFINITION_RESOURCE + " is not on the classpath (statemachine module)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The region as cdk-nag writes it in a finding: the stack's own when the app names one (cdk synth does). */
    private String regionInNagFindings() {
        return inNagFindings(Stack.of(this).getRegion(), "AWS::Region");
    }

    /** A stack value (region, account) as cdk-nag writes it: itself when the app names it, else its pseudo parameter. */
    static String inNagFindings(String value, String pseudoParameter) {
        return Token.isUnresolved(value) ? "<" + pseudoParameter + ">" : value;
    }

    /** Cdk-nag's suppression of {@code rule} on {@code construct} and its children, for {@code reason} only. */
    static void suppress(IConstruct construct, String rule, String reason, String... appliesTo) {
        NagPackSuppression.Builder suppression =
                NagPackSuppression.builder().id(rule).reason(reason);
        if (appliesTo.length > 0) {
            suppression.appliesTo(List.of((Object[]) appliesTo));
        }
        NagSuppressions.addResourceSuppressions(construct, List.of(suppression.build()), true);
    }

    /**
     * The REST API: access logs (JSON, one month) and error-level execution logs without bodies, bodies
     * validated against a model before the ingest function sees them, and the function's own token or
     * signature check behind that.
     */
    private RestApi restApi(Alias ingest) {
        LogGroup accessLogs = LogGroup.Builder.create(this, "ApiAccessLogs")
                .retention(RetentionDays.ONE_MONTH)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        RestApi restApi = RestApi.Builder.create(this, "Api")
                .restApiName("aegis")
                .description("AegisOps alert webhook and incidents API")
                // the account's API Gateway logging role, which access and execution logs both need
                .cloudWatchRole(true)
                .deployOptions(StageOptions.builder()
                        .stageName(STAGE)
                        .throttlingRateLimit(50)
                        .throttlingBurstLimit(100)
                        .tracingEnabled(true)
                        .accessLogDestination(new LogGroupLogDestination(accessLogs))
                        .accessLogFormat(AccessLogFormat.jsonWithStandardFields())
                        .loggingLevel(MethodLoggingLevel.ERROR)
                        // request and response bodies carry alerts, logs and tokens: never written to a log
                        .dataTraceEnabled(false)
                        .build())
                .build();
        suppress(
                restApi.getNode().findChild("CloudWatchRole"),
                "AwsSolutions-IAM4",
                "API Gateway's account-wide logging role: AWS's own AmazonAPIGatewayPushToCloudWatchLogs policy is"
                        + " the one API Gateway documents; it writes to log groups API Gateway names per API and stage",
                "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs");
        suppress(
                restApi.getDeploymentStage(),
                "AwsSolutions-APIG3",
                "no WAF web ACL: the stage is throttled (50 req/s, burst 100), every route needs a token or an HMAC"
                        + " signature, and a web ACL's fixed monthly cost would exceed the rest of the deployment");

        RequestValidator validator = restApi.addRequestValidator(
                "RequestValidator",
                RequestValidatorOptions.builder()
                        .requestValidatorName("body-and-parameters")
                        .validateRequestBody(true)
                        .validateRequestParameters(true)
                        .build());
        // A body the gateway refuses gets the {error, message} shape the ingest function answers with.
        for (ResponseType refused : List.of(ResponseType.BAD_REQUEST_BODY, ResponseType.BAD_REQUEST_PARAMETERS)) {
            restApi.addGatewayResponse(
                    refused == ResponseType.BAD_REQUEST_BODY ? "BadRequestBody" : "BadRequestParameters",
                    GatewayResponseOptions.builder()
                            .type(refused)
                            .statusCode("400")
                            .templates(Map.of(
                                    "application/json",
                                    "{\"error\":\"bad_request\",\"message\":$context.error.messageString}"))
                            .build());
        }
        Model alerts = model(
                restApi,
                "AlertsModel",
                JsonSchema.builder()
                        .schema(JsonSchemaVersion.DRAFT4)
                        .title("Alerts")
                        .description("Every alert format AegisOps reads is a JSON object")
                        .type(JsonSchemaType.OBJECT)
                        .minProperties(1)
                        .build());
        Model decision = model(
                restApi,
                "ApprovalModel",
                JsonSchema.builder()
                        .schema(JsonSchemaVersion.DRAFT4)
                        .title("ApprovalDecision")
                        .type(JsonSchemaType.OBJECT)
                        .required(List.of("decision"))
                        .properties(Map.of(
                                "decision",
                                JsonSchema.builder()
                                        .type(JsonSchemaType.STRING)
                                        .enumValue(List.of("APPROVE", "REJECT"))
                                        .build(),
                                "force",
                                JsonSchema.builder()
                                        .type(JsonSchemaType.BOOLEAN)
                                        .build()))
                        .build());
        Model toggle = model(
                restApi,
                "RunbookToggleModel",
                JsonSchema.builder()
                        .schema(JsonSchemaVersion.DRAFT4)
                        .title("RunbookToggle")
                        .description("Why an operator disables or enables a runbook entry")
                        .type(JsonSchemaType.OBJECT)
                        .required(List.of("comment"))
                        .properties(Map.of(
                                "comment",
                                JsonSchema.builder()
                                        .type(JsonSchemaType.STRING)
                                        .minLength(1)
                                        .maxLength(1000)
                                        .build()))
                        .build());
        Map<String, Boolean> incidentId = Map.of("method.request.path.id", true);
        LambdaIntegration toIngest = new LambdaIntegration(
                ingest,
                LambdaIntegrationOptions.builder().allowTestInvoke(false).build());
        for (ApiRoute route : ApiRoute.values()) {
            MethodOptions.Builder options = MethodOptions.builder().requestValidator(validator);
            switch (route) {
                case POST_ALERTS -> options.requestModels(Map.of("application/json", alerts));
                case LIST_INCIDENTS ->
                    options.requestParameters(Map.of(
                            "method.request.querystring.status", false,
                            "method.request.querystring.service", false,
                            "method.request.querystring.severity", false,
                            "method.request.querystring.source", false,
                            "method.request.querystring.limit", false,
                            "method.request.querystring.cursor", false));
                case GET_INCIDENT, GET_EXECUTION -> options.requestParameters(incidentId);
                case LIST_AGENTS -> {
                    // no parameters, no body
                }
                case DECIDE_APPROVAL ->
                    options.requestParameters(incidentId).requestModels(Map.of("application/json", decision));
                case LIST_RUNBOOK -> {
                    // no parameters: the whole runbook, bounded by the function (RunbookDesk.MAX_ENTRIES)
                }
                case DISABLE_RUNBOOK_ENTRY, ENABLE_RUNBOOK_ENTRY ->
                    options.requestParameters(Map.of("method.request.path.signature", true))
                            .requestModels(Map.of("application/json", toggle));
                case GET_STATS -> options.requestParameters(Map.of("method.request.querystring.days", false));
                case SLACK_INTERACTIONS -> {
                    // form-encoded, as Slack posts it: no JSON model; the function verifies Slack's signature
                }
            }
            Method method = restApi.getRoot()
                    .resourceForPath(route.path())
                    .addMethod(route.method(), toIngest, options.build());
            String ownAuth = "the ingest function authenticates every request itself: a webhook bearer token or an"
                    + " HMAC signature (X-Aegis-Signature) for alerts, an approver token for incidents and"
                    + " approvals (WebhookAuthenticator), Slack's signing secret for its buttons (SlackSignature);"
                    + " senders such as Alertmanager and Slack cannot use IAM or Cognito";
            IConstruct cfnMethod = method.getNode().getDefaultChild(); // not its Lambda permission
            suppress(cfnMethod, "AwsSolutions-APIG4", ownAuth);
            suppress(cfnMethod, "AwsSolutions-COG4", ownAuth);
        }
        return restApi;
    }

    private static Model model(RestApi restApi, String id, JsonSchema schema) {
        return restApi.addModel(
                id,
                ModelOptions.builder()
                        .contentType("application/json")
                        .modelName(id)
                        .schema(schema)
                        .build());
    }

    /**
     * A function with a role of its own: its log group, X-Ray, and what {@link #allow} adds. SnapStart
     * snapshots published versions only, so callers use the {@code live} alias, never $LATEST.
     */
    private Alias function(
            PipelineFunction spec, Code code, Map<String, String> environment, Optional<IQueue> deadLetters) {
        String id = spec.id();
        LogGroup logs = LogGroup.Builder.create(this, id + "Logs")
                .retention(RetentionDays.ONE_MONTH)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        Role role = Role.Builder.create(this, id + "Role")
                .description("AegisOps " + id + " function")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .build();
        logs.grantWrite(role); // logs:CreateLogStream and PutLogEvents on its own log group only
        suppress(
                role,
                "AwsSolutions-IAM5",
                "active tracing: X-Ray's PutTraceSegments and PutTelemetryRecords accept no resource narrower than *",
                "Resource::*");
        Function.Builder builder = Function.Builder.create(this, id + "Function")
                .runtime(Runtime.JAVA_25)
                .architecture(architecture)
                .handler(spec.handler())
                .code(code)
                .memorySize(spec.memoryMb())
                .timeout(Duration.seconds(spec.timeoutSeconds()))
                .environment(environment)
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .tracing(Tracing.ACTIVE)
                .role(role)
                .logGroup(logs);
        deadLetters.ifPresent(builder::deadLetterQueue);
        Function function = builder.build();
        Annotations.of(function)
                .acknowledgeWarning(
                        "@aws-cdk/aws-lambda:snapStartRequirePublish",
                        "every function is published (currentVersion) and called through its live alias");
        functions.put(spec, function);
        return Alias.Builder.create(this, id + "Live")
                .aliasName(ALIAS)
                .version(function.getCurrentVersion())
                .build();
    }

    private void allow(IGrantable grantee, TableDefinition definition, String... actions) {
        allow(grantee, List.of(actions), List.of(table(definition).getTableArn()));
    }

    /**
     * The internet-facing API may disable and enable runbook entries, and nothing more: an UpdateItem that names the
     * key, {@code toggle} and {@code version} alone. Never a PutItem, which could write an entry's counts and so
     * grant a pattern AUTO.
     */
    private void allowRunbookToggleOnly(IGrantable grantee) {
        grantee.getGrantPrincipal()
                .addToPrincipalPolicy(PolicyStatement.Builder.create()
                        .sid("RunbookToggleOnly")
                        .effect(Effect.ALLOW)
                        .actions(List.of(UPDATE_ITEM))
                        .resources(List.of(table(Tables.RUNBOOK).getTableArn()))
                        .conditions(Map.of(
                                "ForAllValues:StringEquals",
                                Map.of("dynamodb:Attributes", List.of("signature", "toggle", "version")),
                                "StringEqualsIfExists",
                                Map.of("dynamodb:ReturnValues", List.of("NONE"))))
                        .build());
    }

    /** Query on each index of the table by its own ARN, never {@code index/*} and never the table itself. */
    private void allowQueryOnIndexes(IGrantable grantee, TableDefinition definition) {
        String tableArn = table(definition).getTableArn();
        List<String> indexes = new ArrayList<>();
        definition.indexes().forEach(index -> indexes.add(tableArn + "/index/" + index.name()));
        allow(grantee, List.of(QUERY), indexes);
    }

    private static void allow(IGrantable grantee, List<String> actions, List<String> resources) {
        grantee.getGrantPrincipal()
                .addToPrincipalPolicy(PolicyStatement.Builder.create()
                        .effect(Effect.ALLOW)
                        .actions(actions)
                        .resources(resources)
                        .build());
    }

    /**
     * CloudWatch alarms of this account may publish. The topic's TLS-only policy replaces SNS's default one,
     * so the service is named, limited to this account (confused-deputy protection).
     */
    private void allowAlarmsOfThisAccount(Topic topic) {
        topic.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("CloudWatchAlarmsOfThisAccount")
                .effect(Effect.ALLOW)
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("sns:Publish"))
                .resources(List.of(topic.getTopicArn()))
                .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", getAccount())))
                .build());
    }

    /**
     * The host's doorbell: the functions send each new command's id, the host's agent long-polls it. Encrypted,
     * TLS only; its messages live 15 minutes (a command older than the agent's maxCommandAge is not run anyway).
     * No dead-letter queue: a ring that is never answered only costs latency, the commands table is the record and
     * the agent's safety poll finds the command.
     */
    private Queue doorbell(String hostId, String prefix) {
        Queue queue = Queue.Builder.create(this, "Doorbell" + hostId.replaceAll("[^A-Za-z0-9]", ""))
                .queueName(EdgeQueues.nameFor(prefix, hostId))
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.minutes(15))
                .receiveMessageWaitTime(Duration.seconds(20))
                .build();
        suppress(
                queue,
                "AwsSolutions-SQS3",
                "a doorbell only says 'look now': a message that is never handled costs latency, not a command;"
                        + " the commands table is the record and the agent's safety poll finds what a lost ring"
                        + " announced, so a dead-letter queue would only keep stale rings");
        return queue;
    }

    /**
     * A role for one edge host: its own partition of the commands table only ({@code dynamodb:LeadingKeys}), its
     * own liveness item in the agents table (the same condition), its own doorbell queue, and the task answers of the pipeline. Attach it to the host's instance profile or assume it.
     */
    private void edgeHost(String hostId) {
        String safeId = hostId.replaceAll("[^A-Za-z0-9]", "");
        Queue doorbell = doorbells.get(hostId);
        ManagedPolicy policy = ManagedPolicy.Builder.create(this, "EdgeHostPolicy" + safeId)
                .description("AegisOps edge agent on " + hostId + ": its own commands and task answers only")
                .statements(List.of(
                        PolicyStatement.Builder.create()
                                .sid("OwnCommandsOnly")
                                .effect(Effect.ALLOW)
                                .actions(List.of("dynamodb:Query", "dynamodb:GetItem", "dynamodb:UpdateItem"))
                                .resources(List.of(table(Tables.COMMANDS).getTableArn()))
                                .conditions(Map.of(
                                        "ForAllValues:StringEquals", Map.of("dynamodb:LeadingKeys", List.of(hostId))))
                                .build(),
                        PolicyStatement.Builder.create()
                                .sid("OwnLivenessOnly")
                                .effect(Effect.ALLOW)
                                .actions(List.of(PUT_ITEM))
                                .resources(List.of(table(Tables.AGENTS).getTableArn()))
                                .conditions(Map.of(
                                        "ForAllValues:StringEquals", Map.of("dynamodb:LeadingKeys", List.of(hostId))))
                                .build(),
                        PolicyStatement.Builder.create()
                                .sid("OwnDoorbellOnly")
                                .effect(Effect.ALLOW)
                                .actions(List.of("sqs:GetQueueUrl", "sqs:ReceiveMessage", "sqs:DeleteMessage"))
                                .resources(List.of(doorbell.getQueueArn()))
                                .build(),
                        PolicyStatement.Builder.create()
                                .sid("AnswerPipelineTasks")
                                .effect(Effect.ALLOW)
                                .actions(List.of(
                                        "states:SendTaskSuccess", "states:SendTaskFailure", "states:SendTaskHeartbeat"))
                                .resources(List.of(stateMachine.getStateMachineArn()))
                                .build()))
                .build();
        Role role = Role.Builder.create(this, "EdgeHostRole" + safeId)
                .description("Assumed by the AegisOps edge agent on " + hostId)
                .assumedBy(
                        new CompositePrincipal(new AccountRootPrincipal(), new ServicePrincipal("ec2.amazonaws.com")))
                .managedPolicies(List.of(policy))
                .build();
        output(
                "EdgeRole" + safeId,
                role.getRoleArn(),
                "edge agent on " + hostId + ": run with this role (instance profile or assume-role)");
        output(
                "EdgeQueue" + safeId,
                doorbell.getQueueName(),
                "edge agent on " + hostId + ": doorbellQueue (AEGIS_DOORBELL_QUEUE)");
        output(
                "EdgePolicy" + safeId,
                policy.getManagedPolicyArn(),
                "edge agent on " + hostId + ": or attach this policy to the host's own role");
    }

    private void output(String id, String value, String description) {
        CfnOutput.Builder.create(this, id).value(value).description(description).build();
    }
}
