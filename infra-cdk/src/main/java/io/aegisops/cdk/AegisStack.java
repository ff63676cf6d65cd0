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

import io.aegisops.contracts.Json;
import io.aegisops.contracts.pipeline.ApiRoute;
import io.aegisops.contracts.pipeline.PipelineFunction;
import io.aegisops.contracts.tables.TableDefinition;
import io.aegisops.contracts.tables.Tables;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.apigateway.LambdaIntegration;
import software.amazon.awscdk.services.apigateway.MethodLoggingLevel;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.apigateway.StageOptions;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
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
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;
import software.constructs.Construct;

/**
 * Everything AegisOps runs on in one account and region: the tables, one function per handler (java21,
 * arm64, SnapStart, called through a {@code live} alias), the Standard state machine from
 * {@code aegis-pipeline.asl.json}, the REST API, the SNS entry for CloudWatch alarms, the secrets, a
 * policy per edge host, and an alarm on failed executions.
 */
public final class AegisStack extends Stack {

    /** The classpath resource (from the statemachine module) CDK deploys, unchanged. */
    public static final String DEFINITION_RESOURCE = "/aegis-pipeline.asl.json";

    public static final String ALIAS = "live";

    private static final List<String> DYNAMO_READ = List.of("dynamodb:GetItem", "dynamodb:Query");
    private static final List<String> DYNAMO_WRITE =
            List.of("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem");
    private static final List<String> DYNAMO_READ_WRITE = concat(DYNAMO_READ, DYNAMO_WRITE);

    private final AegisTables tables;
    private final StateMachine stateMachine;
    private final RestApi api;
    private final Map<String, Alias> aliases = new LinkedHashMap<>();
    private final Architecture architecture;

    public AegisStack(Construct scope, String id, StackProps props, AegisSettings settings) {
        super(scope, id, props);
        // arm64 is cheaper per GB-s on AWS; LocalStack on an x86 host runs x86_64 Lambda containers.
        architecture = settings.lambdaArchitecture().equals("arm64") ? Architecture.ARM_64 : Architecture.X86_64;
        tables = new AegisTables(this, "Tables", settings.tablePrefix());

        Secret secrets = Secret.Builder.create(this, "Secrets")
                .description("AegisOps secrets: webhook tokens, HMAC secret, approver tokens, Slack URL, LLM key")
                .generateSecretString(SecretStringGenerator.builder()
                        // the keys are the variable names the functions read (SecretSource); the webhook token
                        // is generated so a fresh deployment accepts alerts at once
                        .secretStringTemplate("{\"AEGIS_WEBHOOK_HMAC_SECRET\":\"\",\"AEGIS_APPROVER_TOKENS\":\"\","
                                + "\"AEGIS_SLACK_WEBHOOK_URL\":\"\",\"OPENAI_API_KEY\":\"\"}")
                        .generateStringKey("AEGIS_WEBHOOK_TOKENS")
                        .excludePunctuation(true)
                        .passwordLength(48)
                        .build())
                .build();

        Map<String, String> environment = new HashMap<>();
        environment.put("AEGIS_TABLE_PREFIX", settings.tablePrefix());
        environment.put("AEGIS_TARGETS", Json.write(settings.targets()));
        environment.put("AEGIS_SECRETS_ARN", secrets.getSecretArn());
        environment.put("AEGIS_SHADOW_MODE", Boolean.toString(settings.shadowMode()));
        // Functions read the secret when they start, and SnapStart snapshots that start: a new secretsVersion
        // changes the configuration, so every function publishes a new version that reads the secret again.
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
                            environment));
        }

        LogGroup executionLogs = LogGroup.Builder.create(this, "PipelineLogs")
                .retention(RetentionDays.ONE_MONTH)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        Map<String, String> substitutions = new HashMap<>(settings.pipelineSettings());
        tasks.forEach((task, alias) -> substitutions.put(task.arnPlaceholder().orElseThrow(), alias.getFunctionArn()));
        stateMachine = StateMachine.Builder.create(this, "Pipeline")
                .stateMachineName("aegis-pipeline")
                .stateMachineType(StateMachineType.STANDARD)
                .definitionBody(DefinitionBody.fromString(pipelineDefinition()))
                .definitionSubstitutions(substitutions)
                .logs(LogOptions.builder()
                        .destination(executionLogs)
                        .level(LogLevel.ALL)
                        .includeExecutionData(true)
                        .build())
                .tracingEnabled(true)
                .build();
        for (Alias task : tasks.values()) {
            task.grantInvoke(stateMachine);
        }

        Map<String, String> ingestEnvironment = new HashMap<>(environment);
        ingestEnvironment.put("AEGIS_STATE_MACHINE_ARN", stateMachine.getStateMachineArn());
        Alias ingest = function(INGEST, code, ingestEnvironment);
        Alias alarms = function(SNS_ALARM, code, ingestEnvironment);

        // Least privilege, per function: named actions on named tables (and their indexes).
        allow(ingest, DYNAMO_READ_WRITE, Tables.INCIDENTS, Tables.CONTROL);
        allow(alarms, DYNAMO_READ_WRITE, Tables.INCIDENTS, Tables.CONTROL);
        allow(tasks.get(COLLECT_EVIDENCE), DYNAMO_READ_WRITE, Tables.INCIDENTS, Tables.COMMANDS);
        allow(tasks.get(DIAGNOSE), DYNAMO_READ_WRITE, Tables.INCIDENTS);
        allow(tasks.get(DIAGNOSE), DYNAMO_READ, Tables.RUNBOOK, Tables.CONTROL);
        allow(tasks.get(NOTIFY), DYNAMO_READ, Tables.INCIDENTS);
        allow(tasks.get(REQUEST_APPROVAL), DYNAMO_READ_WRITE, Tables.INCIDENTS);
        allow(tasks.get(REMEDIATE), DYNAMO_READ_WRITE, Tables.INCIDENTS, Tables.COMMANDS, Tables.CONTROL);
        allow(tasks.get(VERIFY), DYNAMO_READ_WRITE, Tables.INCIDENTS, Tables.COMMANDS);
        allow(tasks.get(LEARN), DYNAMO_READ_WRITE, Tables.INCIDENTS, Tables.RUNBOOK, Tables.CONTROL);
        for (Alias reader : List.of(
                ingest,
                alarms,
                tasks.get(DIAGNOSE),
                tasks.get(NOTIFY),
                tasks.get(REQUEST_APPROVAL),
                tasks.get(LEARN))) {
            secrets.grantRead(reader);
        }
        stateMachine.grantStartExecution(ingest);
        stateMachine.grantStartExecution(alarms);
        stateMachine.grantTaskResponse(ingest);

        api = RestApi.Builder.create(this, "Api")
                .restApiName("aegis")
                .description("AegisOps alert webhook and incidents API")
                .deployOptions(StageOptions.builder()
                        .stageName("prod")
                        .throttlingRateLimit(50)
                        .throttlingBurstLimit(100)
                        .tracingEnabled(true)
                        .loggingLevel(MethodLoggingLevel.OFF)
                        .build())
                .build();
        LambdaIntegration toIngest = new LambdaIntegration(ingest);
        for (ApiRoute route : ApiRoute.values()) {
            api.getRoot().resourceForPath(route.path()).addMethod(route.method(), toIngest);
        }

        Topic alarmTopic = Topic.Builder.create(this, "AlarmTopic")
                .displayName("AegisOps CloudWatch alarms")
                .build();
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
                .displayName("AegisOps pipeline failures")
                .build();
        if (!settings.alarmEmail().isBlank()) {
            operators.addSubscription(new EmailSubscription(settings.alarmEmail()));
        }
        MetricOptions fiveMinutes =
                MetricOptions.builder().period(Duration.minutes(5)).build();
        for (var metric : Map.of(
                        "FailedExecutions",
                        stateMachine.metricFailed(fiveMinutes),
                        "TimedOutExecutions",
                        stateMachine.metricTimedOut(fiveMinutes))
                .entrySet()) {
            Alarm.Builder.create(this, metric.getKey() + "Alarm")
                    .alarmDescription("AegisOps pipeline: " + metric.getKey())
                    .metric(metric.getValue())
                    .threshold(1)
                    .evaluationPeriods(1)
                    .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                    .treatMissingData(TreatMissingData.NOT_BREACHING)
                    .build()
                    .addAlarmAction(new SnsAction(operators));
        }

        output(
                "WebhookUrl",
                api.urlForPath(ApiRoute.POST_ALERTS.path()),
                "POST alerts here (Authorization: Bearer <webhook token>)");
        output("ApiUrl", api.getUrl(), "incidents API base URL");
        output("RestApiId", api.getRestApiId(), "REST API id (LocalStack serves it at /_aws/execute-api/<id>/prod/)");
        output("AlarmTopicArn", alarmTopic.getTopicArn(), "point CloudWatch alarm actions here");
        output(
                "OperatorTopicArn",
                operators.getTopicArn(),
                "failed and timed-out executions alarm here: subscribe the on-call");
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
                "AEGIS_WEBHOOK_TOKENS (generated), AEGIS_WEBHOOK_HMAC_SECRET, AEGIS_APPROVER_TOKENS (name:token,...), AEGIS_SLACK_WEBHOOK_URL, OPENAI_API_KEY");
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

    private Alias function(PipelineFunction spec, Code code, Map<String, String> environment) {
        String id = spec.id();
        Function function = Function.Builder.create(this, id + "Function")
                .runtime(Runtime.JAVA_21)
                .architecture(architecture)
                .handler(spec.handler())
                .code(code)
                .memorySize(spec.memoryMb())
                .timeout(Duration.seconds(spec.timeoutSeconds()))
                .environment(environment)
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .tracing(Tracing.ACTIVE)
                .logGroup(LogGroup.Builder.create(this, id + "Logs")
                        .retention(RetentionDays.ONE_MONTH)
                        .removalPolicy(RemovalPolicy.DESTROY)
                        .build())
                .build();
        // SnapStart snapshots published versions only; callers use the alias, never $LATEST.
        Annotations.of(function)
                .acknowledgeWarning(
                        "@aws-cdk/aws-lambda:snapStartRequirePublish",
                        "every function is published (currentVersion) and called through its live alias");
        Alias alias = Alias.Builder.create(this, id + "Live")
                .aliasName(ALIAS)
                .version(function.getCurrentVersion())
                .build();
        aliases.put(id, alias);
        return alias;
    }

    private void allow(IGrantable grantee, List<String> actions, TableDefinition... definitions) {
        List<String> resources = new java.util.ArrayList<>();
        for (TableDefinition definition : definitions) {
            Table table = table(definition);
            resources.add(table.getTableArn());
            if (!definition.indexes().isEmpty()) {
                resources.add(table.getTableArn() + "/index/*");
            }
        }
        grantee.getGrantPrincipal()
                .addToPrincipalPolicy(PolicyStatement.Builder.create()
                        .effect(Effect.ALLOW)
                        .actions(actions)
                        .resources(resources)
                        .build());
    }

    /**
     * A role for one edge host: its own partition of the commands table only ({@code dynamodb:LeadingKeys}),
     * and the task answers of the pipeline. Attach it to the host's instance profile or assume it.
     */
    private void edgeHost(String hostId) {
        String safeId = hostId.replaceAll("[^A-Za-z0-9]", "");
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
                "EdgePolicy" + safeId,
                policy.getManagedPolicyArn(),
                "edge agent on " + hostId + ": or attach this policy to the host's own role");
    }

    private void output(String id, String value, String description) {
        CfnOutput.Builder.create(this, id).value(value).description(description).build();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
