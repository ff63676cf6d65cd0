package io.aegisops.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.contracts.DecisionMode;
import io.aegisops.contracts.EdgeQueues;
import io.aegisops.contracts.Json;
import io.aegisops.contracts.console.WebjarFiles;
import io.aegisops.contracts.metrics.Dimension;
import io.aegisops.contracts.metrics.IncidentOutcome;
import io.aegisops.contracts.metrics.Metric;
import io.aegisops.contracts.metrics.ModelDiscard;
import io.aegisops.contracts.pipeline.ApiRoute;
import io.aegisops.contracts.pipeline.PipelineFunction;
import io.aegisops.contracts.tables.TableDefinition;
import io.aegisops.contracts.tables.Tables;
import io.aegisops.statemachine.DefinitionTemplate;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Matcher;
import software.amazon.awscdk.assertions.Template;
import software.constructs.IConstruct;
import software.constructs.MetadataEntry;

/** CDK synthesis: the template has the properties a production deployment relies on. */
class AegisStackTest {

    static final Path FUNCTIONS_JAR = Path.of("../functions/target/aegis-functions-lambda.jar");
    private static Template template;
    private static JsonNode json;
    private static List<String> nagFindings;
    private static final List<String> FINDING_LEVELS = List.of("aws:cdk:error", "aws:cdk:warning");

    @BeforeAll
    static void synthesise() throws Exception {
        assertThat(FUNCTIONS_JAR)
                .as("the functions module builds this jar before the CDK tests")
                .exists();
        Path targets = Files.createTempFile("targets", ".json");
        Files.writeString(targets, """
                {"targets": [
                  {"service": "buggy-app", "hostId": "edge-1", "container": "buggy-app", "allowedActions": ["RESTART"]},
                  {"service": "billing", "hostId": "edge-2", "container": "billing", "allowedActions": ["RESTART"]}]}
                """);
        Map<String, Object> context =
                Map.of("targetsFile", targets.toString(), "functionsJar", FUNCTIONS_JAR.toString());
        App app = new App();
        AegisStack stack = new AegisStack(
                app, "AegisOpsTest", StackProps.builder().build(), AegisSettings.fromContext(context::get));
        // cdk-nag runs in this one synthesis, as an aspect: its findings are the constructs' error and warning metadata
        Aspects.of(stack)
                .add(new AwsSolutionsChecks(
                        NagPackProps.builder().reports(false).build()));
        template = Template.fromStack(stack);
        json = Json.mapper().valueToTree(template.toJSON());
        nagFindings = nagFindings(stack);
    }

    /** cdk-nag's unsuppressed errors and warnings, each as level, rule id, resource path and message. */
    static List<String> nagFindings(Stack stack) {
        List<String> findings = new ArrayList<>();
        for (IConstruct construct : stack.getNode().findAll()) {
            for (MetadataEntry entry : construct.getNode().getMetadata()) {
                String text = String.valueOf(entry.getData()).strip();
                boolean nag = text.startsWith("AwsSolutions-") || text.startsWith("CdkNagValidationFailure");
                if (nag && FINDING_LEVELS.contains(entry.getType())) {
                    int rule = text.indexOf(": "); // "AwsSolutions-IAM5[Resource::*]: message"
                    findings.add(entry.getType() + " " + text.substring(0, rule) + " at "
                            + construct.getNode().getPath() + text.substring(rule));
                }
            }
        }
        return findings;
    }

    /** An {@code Fn::Join} (or a plain string) as text, each {@code Ref} written {@code ${name}}. */
    static String joined(JsonNode value) {
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.has("Ref")) {
            return "${" + value.get("Ref").asText() + "}";
        }
        if (value.has("Fn::GetAtt")) {
            return "${" + value.at("/Fn::GetAtt/0").asText() + "."
                    + value.at("/Fn::GetAtt/1").asText() + "}";
        }
        JsonNode join = value.get("Fn::Join");
        assertThat(join).as("a string, a Ref or an Fn::Join: " + value).isNotNull();
        List<String> parts = new ArrayList<>();
        join.get(1).forEach(part -> parts.add(joined(part)));
        return String.join(join.get(0).asText(), parts);
    }

    /** The pipeline's functions: every Lambda function but the handler CDK's bucket deployment brings (the console). */
    static List<JsonNode> pipelineFunctions() {
        return resources("AWS::Lambda::Function").stream()
                .filter(f -> !f.at("/Properties/Runtime").asText().startsWith("python"))
                .toList();
    }

    /** The REST API's methods but the CORS preflights (OPTIONS, answered by API Gateway itself). */
    static List<JsonNode> routeMethods() {
        return resources("AWS::ApiGateway::Method").stream()
                .filter(m -> !m.at("/Properties/HttpMethod").asText().equals("OPTIONS"))
                .toList();
    }

    static List<JsonNode> resources(String type) {
        List<JsonNode> found = new ArrayList<>();
        json.get("Resources").forEach(r -> {
            if (r.get("Type").asText().equals(type)) {
                found.add(r);
            }
        });
        return found;
    }

    /** The one resource of {@code type} whose logical id starts with {@code idPrefix}. */
    static Map.Entry<String, JsonNode> resource(String type, String idPrefix) {
        List<Map.Entry<String, JsonNode>> found = new ArrayList<>();
        json.get("Resources").properties().forEach(r -> {
            if (r.getKey().startsWith(idPrefix)
                    && r.getValue().get("Type").asText().equals(type)) {
                found.add(r);
            }
        });
        assertThat(found).as(type + " " + idPrefix + "*").hasSize(1);
        return found.getFirst();
    }

    /** The ids of the functions holding a permission that {@code permission} accepts. */
    static List<String> functionsWith(Predicate<String> permission) {
        return Arrays.stream(PipelineFunction.values())
                .map(PipelineFunction::id)
                .filter(id -> permissionsOf(id).stream().anyMatch(permission))
                .toList();
    }

    /**
     * What the role of one function may do, each as "action on resource": resources by logical id without CDK's
     * hash (so {@code Tablesincidents}, {@code Secrets}, {@code Pipeline}), index ARNs as written.
     */
    static Set<String> permissionsOf(String functionId) {
        String role = resource("AWS::IAM::Role", functionId + "Role").getKey();
        Set<String> permissions = new TreeSet<>();
        for (JsonNode policy : resources("AWS::IAM::Policy")) {
            if (!policy.at("/Properties/Roles").toString().contains("\"" + role + "\"")) {
                continue;
            }
            for (JsonNode statement : policy.at("/Properties/PolicyDocument/Statement")) {
                assertThat(statement.get("Effect").asText()).isEqualTo("Allow");
                for (JsonNode action : asList(statement.get("Action"))) {
                    for (JsonNode resource : asList(statement.get("Resource"))) {
                        permissions.add(action.asText() + " on " + named(resource));
                    }
                }
            }
        }
        return permissions;
    }

    private static List<JsonNode> asList(JsonNode node) {
        List<JsonNode> list = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(list::add);
        } else {
            list.add(node);
        }
        return list;
    }

    private static String named(JsonNode resource) {
        if (resource.isTextual()) {
            return resource.asText();
        }
        if (resource.has("Ref")) {
            return unhashed(resource.get("Ref").asText());
        }
        if (resource.has("Fn::GetAtt")) {
            return unhashed(resource.get("Fn::GetAtt").get(0).asText());
        }
        StringBuilder joined = new StringBuilder();
        resource.at("/Fn::Join/1").forEach(part -> joined.append(named(part)));
        return joined.toString();
    }

    private static String unhashed(String logicalId) {
        return logicalId.replaceFirst("[0-9A-F]{8}$", "");
    }

    private static String distribution() {
        return resource("AWS::CloudFront::Distribution", "ConsoleDistribution").getKey();
    }

    private static String operatorTopic() {
        return resource("AWS::SNS::Topic", "OperatorTopic").getKey();
    }

    @Nested
    class Tables_ {
        @Test
        void everySharedTableIsDeployedWithItsKeysTtlAndRecovery() {
            template.resourceCountIs("AWS::DynamoDB::Table", Tables.ALL.size());
            for (TableDefinition definition : Tables.ALL) {
                List<Map<String, String>> keys = new ArrayList<>();
                keys.add(Map.of("AttributeName", definition.partitionKey().name(), "KeyType", "HASH"));
                if (definition.sortKey() != null) {
                    keys.add(Map.of("AttributeName", definition.sortKey().name(), "KeyType", "RANGE"));
                }
                Map<String, Object> expected = new HashMap<>();
                expected.put("TableName", Tables.named(Tables.DEFAULT_PREFIX, definition));
                expected.put("KeySchema", keys);
                expected.put("BillingMode", "PAY_PER_REQUEST");
                expected.put(
                        "PointInTimeRecoverySpecification",
                        Map.of("PointInTimeRecoveryEnabled", definition.pointInTimeRecovery()));
                expected.put(
                        "TimeToLiveSpecification",
                        definition.ttlAttribute() == null
                                ? Match.absent()
                                : Map.of("AttributeName", definition.ttlAttribute(), "Enabled", true));
                template.hasResourceProperties("AWS::DynamoDB::Table", expected);
            }
        }

        @Test
        void incidentIndexesAreDeployed() {
            var incidents = template.findResources(
                    "AWS::DynamoDB::Table", Map.of("Properties", Map.of("TableName", "aegis-incidents")));
            assertThat(incidents.values().iterator().next().toString())
                    .contains("byStatus")
                    .contains("byCreated");
        }
    }

    @Nested
    class Functions {
        @Test
        void everyFunctionIsJava25OnArmWithSnapStart() {
            List<JsonNode> functions = pipelineFunctions();
            assertThat(functions).hasSize(9);
            for (JsonNode f : functions) {
                JsonNode p = f.get("Properties");
                assertThat(p.get("Runtime").asText()).isEqualTo("java25");
                assertThat(p.get("Architectures").toString()).isEqualTo("[\"arm64\"]");
                assertThat(p.at("/SnapStart/ApplyOn").asText()).isEqualTo("PublishedVersions");
                assertThat(p.get("Handler").asText())
                        .startsWith("io.aegisops.functions.")
                        .endsWith("::handleRequest");
                assertThat(p.get("MemorySize").asInt()).isBetween(256, 2048);
                assertThat(p.get("Timeout").asInt()).isBetween(5, 120);
            }
        }

        @Test
        void eachFunctionHasALiveAliasOnAPublishedVersion() {
            assertThat(resources("AWS::Lambda::Alias")).hasSize(9).allSatisfy(alias -> {
                assertThat(alias.at("/Properties/Name").asText()).isEqualTo("live");
                assertThat(alias.at("/Properties/FunctionVersion").toString())
                        .contains("Fn::GetAtt")
                        .contains("Version");
            });
        }
    }

    @Nested
    class StateMachine_ {
        @Test
        void isStandardWithEveryEventLoggedWithoutItsDataAndTraced() {
            template.hasResourceProperties(
                    "AWS::StepFunctions::StateMachine",
                    Map.of(
                            "StateMachineType", "STANDARD",
                            "TracingConfiguration", Map.of("Enabled", true),
                            "LoggingConfiguration",
                                    Match.objectLike(Map.of("Level", "ALL", "IncludeExecutionData", false))));
        }

        @Test
        void everyPlaceholderOfTheDefinitionIsSubstituted() {
            JsonNode machine =
                    resources("AWS::StepFunctions::StateMachine").getFirst().get("Properties");
            var placeholders = new DefinitionTemplate(AegisStack.pipelineDefinition()).placeholders();
            assertThat(placeholders).isNotEmpty();
            List<String> substituted = new ArrayList<>();
            machine.get("DefinitionSubstitutions").fieldNames().forEachRemaining(substituted::add);
            assertThat(substituted).containsAll(placeholders);
        }

        @Test
        void functionArnsPointAtAliasesNotLatest() {
            JsonNode substitutions =
                    resources("AWS::StepFunctions::StateMachine").getFirst().at("/Properties/DefinitionSubstitutions");
            substitutions.fieldNames().forEachRemaining(name -> {
                if (name.endsWith("FunctionArn")) {
                    assertThat(substitutions.get(name).toString())
                            .as(name)
                            .contains("Live")
                            .doesNotContain("$LATEST");
                }
            });
        }
    }

    @Nested
    class Permissions {
        @Test
        void noPolicyAllowsAWildcardAction() {
            List<JsonNode> statements = new ArrayList<>();
            for (String type : List.of("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy")) {
                for (JsonNode policy : resources(type)) {
                    policy.at("/Properties/PolicyDocument/Statement").forEach(statements::add);
                }
            }
            assertThat(statements).isNotEmpty();
            for (JsonNode statement : statements) {
                JsonNode action = statement.get("Action");
                List<String> actions = new ArrayList<>();
                if (action.isArray()) {
                    action.forEach(a -> actions.add(a.asText()));
                } else {
                    actions.add(action.asText());
                }
                assertThat(actions).as(statement.toString()).noneMatch(a -> a.equals("*") || a.endsWith(":*"));
            }
        }

        @Test
        void learnMayCloseIncidentsCountLessonsAndReleaseMarkersAndNothingElse() {
            assertThat(permissionsOf("Learn"))
                    .as("Learn reads no secret and queries nothing")
                    .containsExactlyInAnyOrder(
                            "logs:CreateLogStream on LearnLogs",
                            "logs:PutLogEvents on LearnLogs",
                            "xray:PutTraceSegments on *",
                            "xray:PutTelemetryRecords on *",
                            "dynamodb:GetItem on Tablesincidents",
                            "dynamodb:UpdateItem on Tablesincidents",
                            "dynamodb:GetItem on Tablesrunbook",
                            "dynamodb:PutItem on Tablesrunbook",
                            "dynamodb:PutItem on Tablescontrol",
                            "dynamodb:DeleteItem on Tablescontrol");
        }

        @Test
        void requestApprovalMayAnswerThePipelinesTasksToWithdrawItsOwnRequestAndNothingMore() {
            String pipeline = "arn:AWS::Partition:states:AWS::Region:AWS::AccountId:stateMachine:aegis-pipeline";
            assertThat(permissionsOf("RequestApproval"))
                    .containsExactlyInAnyOrder(
                            "logs:CreateLogStream on RequestApprovalLogs",
                            "logs:PutLogEvents on RequestApprovalLogs",
                            "xray:PutTraceSegments on *",
                            "xray:PutTelemetryRecords on *",
                            "dynamodb:GetItem on Tablesincidents",
                            "dynamodb:UpdateItem on Tablesincidents",
                            "secretsmanager:GetSecretValue on Secrets",
                            "states:SendTaskSuccess on " + pipeline);
            assertThat(joined(resource("AWS::Lambda::Function", "RequestApprovalFunction")
                            .getValue()
                            .at("/Properties/Environment/Variables/AEGIS_STATE_MACHINE_ARN")))
                    .isEqualTo(
                            "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:aegis-pipeline");
            assertThat(resource("AWS::StepFunctions::StateMachine", "Pipeline")
                            .getValue()
                            .at("/Properties/StateMachineName")
                            .asText())
                    .as("the name the ARN is built from")
                    .isEqualTo("aegis-pipeline");
        }

        @Test
        void notifyMayPublishEscalationsToTheOperatorTopicItIsGivenAndNoOtherFunctionMay() {
            Map.Entry<String, JsonNode> topic = resource("AWS::SNS::Topic", "OperatorTopic");
            assertThat(permissionsOf("Notify")).contains("sns:Publish on OperatorTopic");
            assertThat(resource("AWS::Lambda::Function", "NotifyFunction")
                            .getValue()
                            .at("/Properties/Environment/Variables/AEGIS_ESCALATION_TOPIC_ARN/Ref")
                            .asText())
                    .isEqualTo(topic.getKey());
            for (String other : List.of("Learn", "Remediate", "Diagnose", "Ingest")) {
                assertThat(permissionsOf(other)).as(other).noneMatch(p -> p.startsWith("sns:Publish"));
            }
        }

        @Test
        void remediateMayReadWhatPeopleSaidOfThePatternButNeverTeachIt() {
            assertThat(permissionsOf("Remediate"))
                    .contains("dynamodb:GetItem on Tablesrunbook")
                    .doesNotContain("dynamodb:PutItem on Tablesrunbook");
        }

        @Test
        void ingestMayOpenListAndDecideIncidentsWithNamedIndexesAndNothingElse() {
            assertThat(permissionsOf("Ingest"))
                    .containsExactlyInAnyOrder(
                            "logs:CreateLogStream on IngestLogs",
                            "logs:PutLogEvents on IngestLogs",
                            "xray:PutTraceSegments on *",
                            "xray:PutTelemetryRecords on *",
                            "dynamodb:GetItem on Tablesincidents",
                            "dynamodb:PutItem on Tablesincidents",
                            "dynamodb:UpdateItem on Tablesincidents",
                            "dynamodb:Query on Tablesincidents/index/byStatus",
                            "dynamodb:Query on Tablesincidents/index/byCreated",
                            "dynamodb:GetItem on Tablescontrol",
                            "dynamodb:PutItem on Tablescontrol",
                            "dynamodb:DeleteItem on Tablescontrol",
                            "dynamodb:GetItem on Tablesrunbook",
                            "dynamodb:Scan on Tablesrunbook",
                            "dynamodb:UpdateItem on Tablesrunbook",
                            "dynamodb:Scan on Tablesagents",
                            "secretsmanager:GetSecretValue on Secrets",
                            "states:StartExecution on Pipeline",
                            "states:SendTaskSuccess on Pipeline",
                            "states:DescribeStateMachine on Pipeline",
                            "states:DescribeExecution on arn:AWS::Partition:states:AWS::Region:AWS::AccountId:execution:aegis-pipeline:*",
                            "states:GetExecutionHistory on arn:AWS::Partition:states:AWS::Region:AWS::AccountId:execution:aegis-pipeline:*");
        }

        @Test
        void ingestMayChangeARunbookEntrysToggleAndVersionOnlyNeverItsCounts() {
            String runbook = resource("AWS::DynamoDB::Table", "Tablesrunbook").getKey();
            template.hasResourceProperties(
                    "AWS::IAM::Policy",
                    Map.of(
                            "PolicyDocument",
                            Map.of(
                                    "Statement",
                                    Match.arrayWith(List.of(Match.objectEquals(Map.of(
                                            "Sid",
                                            "RunbookToggleOnly",
                                            "Effect",
                                            "Allow",
                                            "Action",
                                            "dynamodb:UpdateItem",
                                            "Resource",
                                            Map.of("Fn::GetAtt", List.of(runbook, "Arn")),
                                            "Condition",
                                            Map.of(
                                                    "ForAllValues:StringEquals",
                                                    Map.of(
                                                            "dynamodb:Attributes",
                                                            List.of("signature", "toggle", "version")),
                                                    "StringEqualsIfExists",
                                                    Map.of("dynamodb:ReturnValues", List.of("NONE"))))))))));
            assertThat(permissionsOf("Ingest")).doesNotContain("dynamodb:PutItem on Tablesrunbook");
        }

        @Test
        void onlyTheFunctionsThatReadTheSecretMayReadIt() {
            List<String> readers = Arrays.stream(PipelineFunction.values())
                    .map(PipelineFunction::id)
                    .filter(id -> permissionsOf(id).contains("secretsmanager:GetSecretValue on Secrets"))
                    .toList();
            assertThat(readers).containsExactlyInAnyOrder("Ingest", "Diagnose", "Notify", "RequestApproval");
        }

        @Test
        void noFunctionMayTouchATableIndexByWildcardOrUseAnAwsManagedPolicy() {
            for (PipelineFunction function : PipelineFunction.values()) {
                assertThat(permissionsOf(function.id()))
                        .as(function.id())
                        .noneMatch(p -> p.endsWith("/index/*"))
                        .filteredOn(p -> p.endsWith(" on *"))
                        .allMatch(p -> p.startsWith("xray:"));
            }
            for (JsonNode role : resources("AWS::IAM::Role")) {
                assertThat(role.at("/Properties/ManagedPolicyArns").toString())
                        .as("an AWS managed policy on " + role.at("/Properties/Description"))
                        .satisfiesAnyOf(
                                arns -> assertThat(arns).doesNotContain("iam::aws:policy"),
                                arns -> assertThat(arns).contains("AmazonAPIGatewayPushToCloudWatchLogs"));
            }
        }

        @Test
        void anEdgeHostRoleCanBeAnInstanceProfileRole() {
            template.hasResourceProperties(
                    "AWS::IAM::Role",
                    Map.of(
                            "AssumeRolePolicyDocument",
                            Map.of(
                                    "Statement",
                                    Match.arrayWith(List.of(Match.objectLike(
                                            Map.of("Principal", Map.of("Service", "ec2.amazonaws.com"))))))));
        }

        @Test
        void eachEdgeHostMayOnlyWriteItsOwnLivenessItemAndNoFunctionButIngestReadsThem() {
            String agents = resource("AWS::DynamoDB::Table", "Tablesagents").getKey();
            eachEdgePolicyHas(host -> Match.objectEquals(Map.of(
                    "Sid",
                    "OwnLivenessOnly",
                    "Effect",
                    "Allow",
                    "Action",
                    "dynamodb:PutItem",
                    "Resource",
                    Map.of("Fn::GetAtt", List.of(agents, "Arn")),
                    "Condition",
                    ownPartition(host))));
            List<String> readers = Arrays.stream(PipelineFunction.values())
                    .map(PipelineFunction::id)
                    .filter(id -> permissionsOf(id).stream().anyMatch(p -> p.endsWith(" on Tablesagents")))
                    .toList();
            assertThat(readers).containsExactly("Ingest");
        }

        @Test
        void eachEdgeHostMayOnlyTouchItsOwnCommands() {
            eachEdgePolicyHas(
                    host -> Match.objectLike(Map.of("Sid", "OwnCommandsOnly", "Condition", ownPartition(host))));
        }

        private static Map<String, Object> ownPartition(String host) {
            return Map.of("ForAllValues:StringEquals", Map.of("dynamodb:LeadingKeys", List.of(host)));
        }

        /** Each edge host's managed policy holds the statement {@code statement} matches for that host. */
        private static void eachEdgePolicyHas(java.util.function.Function<String, Matcher> statement) {
            for (String host : List.of("edge-1", "edge-2")) {
                template.hasResourceProperties(
                        "AWS::IAM::ManagedPolicy",
                        Map.of("PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(statement.apply(host))))));
            }
        }
    }

    @Nested
    class Secrets {
        @Test
        void everyFunctionCarriesTheSecretsVersionSoANewOnePublishesNewSnapStartVersions() {
            assertThat(pipelineFunctions())
                    .allSatisfy(f -> assertThat(f.at("/Properties/Environment/Variables/AEGIS_SECRETS_VERSION")
                                    .asText())
                            .isEqualTo("1"));
        }

        @Test
        void aMissingTargetsFileIsNamedNotAStackTrace() {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> AegisSettings.fromContext(
                            Map.<String, Object>of("targetsFile", "no-such-targets.json")::get))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no-such-targets.json does not exist");
        }
    }

    @Nested
    class Api {
        @Test
        void restApiServesTheIngestRoutesWithThrottling() {
            template.resourceCountIs("AWS::ApiGateway::RestApi", 1);
            List<String> paths = resources("AWS::ApiGateway::Resource").stream()
                    .map(r -> r.at("/Properties/PathPart").asText())
                    .toList();
            assertThat(paths)
                    .contains(
                            "alerts",
                            "incidents",
                            "{id}",
                            "approval",
                            "execution",
                            "slack",
                            "interactions",
                            "runbook",
                            "{signature}",
                            "disable",
                            "enable",
                            "stats",
                            "agents");
            template.hasResourceProperties(
                    "AWS::ApiGateway::Stage",
                    Map.of(
                            "MethodSettings",
                            Match.arrayWith(List.of(Match.objectLike(
                                    Map.of("ThrottlingRateLimit", 50, "ThrottlingBurstLimit", 100))))));
        }

        @Test
        void theNotifyingFunctionsLinkToTheApiAndTheOperatorConsole() {
            String restApi = resource("AWS::ApiGateway::RestApi", "Api").getKey();
            for (PipelineFunction notifying : List.of(PipelineFunction.NOTIFY, PipelineFunction.REQUEST_APPROVAL)) {
                JsonNode variables = resource("AWS::Lambda::Function", notifying.id() + "Function")
                        .getValue()
                        .at("/Properties/Environment/Variables");
                // built from the API's id, not its stage's URL, which would make a dependency cycle
                assertThat(joined(variables.get("AEGIS_API_URL")))
                        .as(notifying.id())
                        .isEqualTo("https://${" + restApi + "}.execute-api.${AWS::Region}.${AWS::URLSuffix}/prod/");
                // the operator console's route for an execution ARN, which opens its incident's page
                assertThat(joined(variables.get("AEGIS_CONSOLE_URL")))
                        .as(notifying.id())
                        .isEqualTo("https://${" + distribution() + ".DomainName}/#/executions/");
            }
            assertThat(resources("AWS::Lambda::Function"))
                    .filteredOn(f -> f.at("/Properties/Environment/Variables").has("AEGIS_API_URL"))
                    .hasSize(2);
        }

        @Test
        void slacksInteractivityUrlIsAnOutput() {
            assertThat(json.get("Outputs").has("SlackInteractionsUrl")).isTrue();
        }

        @Test
        void cloudWatchAlarmsReachTheSnsEntryPoint() {
            template.resourceCountIs("AWS::SNS::Subscription", 1);
            template.hasResourceProperties("AWS::SNS::Subscription", Map.of("Protocol", "lambda"));
        }

        @Test
        void webhookUrlAndTheOperatorsAlarmTopicAreOutputs() {
            assertThat(json.get("Outputs").has("WebhookUrl")).isTrue();
            assertThat(json.get("Outputs").has("OperatorTopicArn"))
                    .as("someone must be able to subscribe to the alarms")
                    .isTrue();
        }
    }

    @Nested
    class Console {

        private final String consoleOrigin = "https://${" + distribution() + ".DomainName}";

        @Test
        void itsFilesAreInAPrivateTlsOnlyBucketThatOnlyItsDistributionMayRead() {
            String bucket = resource("AWS::S3::Bucket", "ConsoleFiles").getKey();
            template.hasResourceProperties(
                    "AWS::S3::Bucket",
                    Map.of(
                            "PublicAccessBlockConfiguration",
                            Map.of(
                                    "BlockPublicAcls", true,
                                    "BlockPublicPolicy", true,
                                    "IgnorePublicAcls", true,
                                    "RestrictPublicBuckets", true)));
            JsonNode policy =
                    resource("AWS::S3::BucketPolicy", "ConsoleFilesPolicy").getValue();
            assertThat(policy.at("/Properties/Bucket/Ref").asText()).isEqualTo(bucket);
            List<JsonNode> allows = new ArrayList<>();
            List<JsonNode> denies = new ArrayList<>();
            policy.at("/Properties/PolicyDocument/Statement")
                    .forEach(st -> (st.get("Effect").asText().equals("Allow") ? allows : denies).add(st));
            assertThat(denies)
                    .as("TLS only")
                    .singleElement()
                    .satisfies(deny -> assertThat(deny.at("/Condition/Bool/aws:SecureTransport")
                                    .asText())
                            .isEqualTo("false"));
            assertThat(allows).singleElement().satisfies(allow -> {
                assertThat(allow.at("/Principal/Service").asText()).isEqualTo("cloudfront.amazonaws.com");
                assertThat(allow.get("Action").asText()).isEqualTo("s3:GetObject");
                assertThat(joined(allow.at("/Condition/StringEquals/AWS:SourceArn")))
                        .as("this distribution only (origin access control)")
                        .contains("distribution/${" + distribution() + "}");
            });
        }

        @Test
        void itsDistributionReadsTheBucketThroughOriginAccessControlOverHttpsWithTheConsolesHeaders() {
            template.hasResourceProperties(
                    "AWS::CloudFront::OriginAccessControl",
                    Map.of(
                            "OriginAccessControlConfig",
                            Map.of("OriginAccessControlOriginType", "s3", "SigningBehavior", "always")));
            JsonNode config = resource("AWS::CloudFront::Distribution", "ConsoleDistribution")
                    .getValue()
                    .at("/Properties/DistributionConfig");
            assertThat(config.get("DefaultRootObject").asText()).isEqualTo("index.html");
            assertThat(config.at("/DefaultCacheBehavior/ViewerProtocolPolicy").asText())
                    .isEqualTo("redirect-to-https");
            assertThat(config.at("/Origins/0/OriginAccessControlId").isMissingNode())
                    .isFalse();
            assertThat(config.at("/Origins/0/S3OriginConfig/OriginAccessIdentity")
                            .asText())
                    .as("no legacy origin access identity")
                    .isEmpty();
            JsonNode headers = resource("AWS::CloudFront::ResponseHeadersPolicy", "ConsoleSecurityHeaders")
                    .getValue()
                    .at("/Properties/ResponseHeadersPolicyConfig/SecurityHeadersConfig");
            String api = resource("AWS::ApiGateway::RestApi", "Api").getKey();
            assertThat(joined(headers.at("/ContentSecurityPolicy/ContentSecurityPolicy")))
                    .startsWith("default-src 'self'; script-src 'self'")
                    .contains("connect-src 'self' https://${" + api + "}.execute-api.${AWS::Region}.${AWS::URLSuffix};")
                    .contains("frame-ancestors 'none'")
                    .doesNotContain("unsafe");
            assertThat(headers.at("/FrameOptions/FrameOption").asText()).isEqualTo("DENY");
            assertThat(headers.at("/ReferrerPolicy/ReferrerPolicy").asText()).isEqualTo("no-referrer");
        }

        @Test
        void itsFilesAreTheEmbeddedStacksWithAConfigJsonNamingTheApi() {
            JsonNode deployment = resources("Custom::CDKBucketDeployment").getFirst();
            assertThat(deployment.at("/Properties/DestinationBucketName/Ref").asText())
                    .isEqualTo(resource("AWS::S3::Bucket", "ConsoleFiles").getKey());
            assertThat(deployment.at("/Properties/SourceObjectKeys"))
                    .as("the console's folder, config.json and uPlot's files")
                    .hasSize(2 + WebjarFiles.names().size());
            assertThat(deployment.at("/Properties/SourceMarkers").toString())
                    .as("config.json's apiBaseUrl is the API's stage URL, filled in at deploy time")
                    .contains(resource("AWS::ApiGateway::RestApi", "Api").getKey());
            assertThat(deployment.at("/Properties/SystemMetadata/cache-control").asText())
                    .isEqualTo("no-cache");
        }

        @Test
        void theApiAnswersPreflightsOfTheConsolesOriginOnlyOnEveryRoute() {
            List<JsonNode> preflights = resources("AWS::ApiGateway::Method").stream()
                    .filter(m -> m.at("/Properties/HttpMethod").asText().equals("OPTIONS"))
                    .toList();
            assertThat(preflights).hasSize(ApiRoute.values().length);
            for (JsonNode preflight : preflights) {
                JsonNode answer = preflight.at("/Properties/Integration/IntegrationResponses/0/ResponseParameters");
                assertThat(joined(answer.get("method.response.header.Access-Control-Allow-Origin")))
                        .isEqualTo("'" + consoleOrigin + "'");
                assertThat(answer.get("method.response.header.Access-Control-Allow-Headers")
                                .asText())
                        .isEqualTo("'Authorization,Content-Type,Accept'");
            }
            assertThat(json.toString()).doesNotContain("Access-Control-Allow-Origin\":\"'*'");
        }

        @Test
        void theGatewaysOwnRefusalsAllowTheConsoleToReadThem() {
            for (String type : List.of("DEFAULT_4XX", "DEFAULT_5XX", "BAD_REQUEST_BODY", "BAD_REQUEST_PARAMETERS")) {
                JsonNode response = resources("AWS::ApiGateway::GatewayResponse").stream()
                        .filter(r -> r.at("/Properties/ResponseType").asText().equals(type))
                        .findFirst()
                        .orElseThrow();
                assertThat(joined(response.at(
                                "/Properties/ResponseParameters/gatewayresponse.header.Access-Control-Allow-Origin")))
                        .as(type)
                        .isEqualTo("'" + consoleOrigin + "'");
            }
        }

        @Test
        void ingestAllowsTheConsolesOriginAndItsUrlIsAnOutput() {
            JsonNode ingest =
                    resource("AWS::Lambda::Function", "IngestFunction").getValue();
            assertThat(joined(ingest.at("/Properties/Environment/Variables/AEGIS_CONSOLE_ORIGIN")))
                    .isEqualTo(consoleOrigin);
            assertThat(joined(json.at("/Outputs/ConsoleUrl/Value"))).isEqualTo(consoleOrigin + "/");
        }
    }

    @Nested
    class ApiLogsAndValidation {
        @Test
        void theStageWritesJsonAccessLogsToAGroupKeptAMonthAndErrorLogsWithoutBodies() {
            String accessLogs = resource("AWS::Logs::LogGroup", "ApiAccessLogs").getKey();
            template.hasResourceProperties(
                    "AWS::Logs::LogGroup", Map.of("RetentionInDays", 30, "LogGroupName", Match.absent()));
            JsonNode stage = resources("AWS::ApiGateway::Stage").getFirst().get("Properties");
            assertThat(stage.at("/AccessLogSetting/DestinationArn/Fn::GetAtt/0").asText())
                    .isEqualTo(accessLogs);
            assertThat(Json.read(stage.at("/AccessLogSetting/Format").asText(), JsonNode.class)
                            .get("requestId")
                            .asText())
                    .isEqualTo("$context.requestId");
            assertThat(stage.at("/MethodSettings/0/LoggingLevel").asText()).isEqualTo("ERROR");
            assertThat(stage.at("/MethodSettings/0/DataTraceEnabled").asBoolean(true))
                    .as("bodies carry alerts and tokens: never logged")
                    .isFalse();
            template.resourceCountIs("AWS::ApiGateway::Account", 1); // the logging role API Gateway needs
        }

        @Test
        void everyMethodGoesThroughTheBodyAndParameterValidator() {
            String validator = resource("AWS::ApiGateway::RequestValidator", "ApiRequestValidator")
                    .getKey();
            template.hasResourceProperties(
                    "AWS::ApiGateway::RequestValidator",
                    Map.of("ValidateRequestBody", true, "ValidateRequestParameters", true));
            assertThat(routeMethods())
                    .hasSize(ApiRoute.values().length)
                    .allSatisfy(method -> assertThat(method.at("/Properties/RequestValidatorId/Ref")
                                    .asText())
                            .isEqualTo(validator));
        }

        @Test
        void alertAndApprovalBodiesMustFitTheirModels() {
            JsonNode alerts =
                    resource("AWS::ApiGateway::Model", "ApiAlertsModel").getValue();
            assertThat(alerts.at("/Properties/Schema/type").asText()).isEqualTo("object");
            JsonNode approval =
                    resource("AWS::ApiGateway::Model", "ApiApprovalModel").getValue();
            assertThat(approval.at("/Properties/Schema/required").toString()).isEqualTo("[\"decision\"]");
            assertThat(approval.at("/Properties/Schema/properties/decision/enum")
                            .toString())
                    .isEqualTo("[\"APPROVE\",\"REJECT\"]");
            assertThat(approval.at("/Properties/Schema/properties/force/type").asText())
                    .isEqualTo("boolean");
            assertThat(resource("AWS::ApiGateway::Method", "ApialertsPOST")
                            .getValue()
                            .at("/Properties/RequestModels/application~1json/Ref")
                            .asText())
                    .isEqualTo(
                            resource("AWS::ApiGateway::Model", "ApiAlertsModel").getKey());
            assertThat(resource("AWS::ApiGateway::Method", "ApiincidentsidapprovalPOST")
                            .getValue()
                            .at("/Properties/RequestModels/application~1json/Ref")
                            .asText())
                    .isEqualTo(resource("AWS::ApiGateway::Model", "ApiApprovalModel")
                            .getKey());
        }

        @Test
        void theConsolesRunbookTogglesNeedACommentAndTheStatsTakeTheirDays() {
            JsonNode toggle =
                    resource("AWS::ApiGateway::Model", "ApiRunbookToggleModel").getValue();
            assertThat(toggle.at("/Properties/Schema/required").toString()).isEqualTo("[\"comment\"]");
            assertThat(toggle.at("/Properties/Schema/properties/comment/minLength")
                            .asInt())
                    .isEqualTo(1);
            for (String method : List.of("ApirunbooksignaturedisablePOST", "ApirunbooksignatureenablePOST")) {
                JsonNode properties =
                        resource("AWS::ApiGateway::Method", method).getValue().at("/Properties");
                assertThat(properties.at("/RequestModels/application~1json/Ref").asText())
                        .as(method)
                        .isEqualTo(resource("AWS::ApiGateway::Model", "ApiRunbookToggleModel")
                                .getKey());
                assertThat(properties
                                .at("/RequestParameters/method.request.path.signature")
                                .asBoolean())
                        .as(method)
                        .isTrue();
            }
            assertThat(resource("AWS::ApiGateway::Method", "ApirunbookGET")
                            .getValue()
                            .at("/Properties/HttpMethod")
                            .asText())
                    .isEqualTo("GET");
            assertThat(resource("AWS::ApiGateway::Method", "ApistatsGET")
                            .getValue()
                            .at("/Properties/RequestParameters/method.request.querystring.days")
                            .asBoolean())
                    .isFalse();
        }

        @Test
        void aBodyTheGatewayRefusesIsAnsweredInTheApisOwnErrorShape() {
            template.hasResourceProperties(
                    "AWS::ApiGateway::GatewayResponse",
                    Map.of(
                            "ResponseType", "BAD_REQUEST_BODY",
                            "StatusCode", "400",
                            "ResponseTemplates",
                                    Map.of(
                                            "application/json",
                                            "{\"error\":\"bad_request\",\"message\":$context.error.messageString}")));
        }
    }

    @Nested
    class Topics {
        @Test
        void everyTopicRefusesPublishingWithoutTls() {
            List<JsonNode> topics = new ArrayList<>();
            json.get("Resources").properties().forEach(r -> {
                if (r.getValue().get("Type").asText().equals("AWS::SNS::Topic")) {
                    topics.add(Json.mapper().valueToTree(Map.of("Ref", r.getKey())));
                }
            });
            assertThat(topics).hasSize(2);
            for (JsonNode topic : topics) {
                assertThat(resources("AWS::SNS::TopicPolicy"))
                        .as("a TLS-only policy on " + topic)
                        .anySatisfy(policy -> {
                            assertThat(policy.at("/Properties/Topics/0")).isEqualTo(topic);
                            assertThat(policy.at("/Properties/PolicyDocument/Statement"))
                                    .anySatisfy(statement -> {
                                        assertThat(statement.get("Effect").asText())
                                                .isEqualTo("Deny");
                                        assertThat(statement
                                                        .at("/Condition/Bool/aws:SecureTransport")
                                                        .asText())
                                                .isEqualTo("false");
                                    });
                        });
            }
        }

        @Test
        void cloudWatchAlarmsOfThisAccountMayStillPublish() {
            for (JsonNode policy : resources("AWS::SNS::TopicPolicy")) {
                assertThat(policy.at("/Properties/PolicyDocument/Statement")).anySatisfy(statement -> {
                    assertThat(statement.at("/Principal/Service").asText()).isEqualTo("cloudwatch.amazonaws.com");
                    assertThat(statement
                                    .at("/Condition/StringEquals/aws:SourceAccount/Ref")
                                    .asText())
                            .isEqualTo("AWS::AccountId");
                });
            }
        }
    }

    @Nested
    class Doorbells {
        @Test
        void eachEdgeHostHasItsOwnEncryptedTlsOnlyQueueNamedAsTheFunctionsAndAgentsNameIt() {
            for (String host : List.of("edge-1", "edge-2")) {
                JsonNode queue = resource("AWS::SQS::Queue", "Doorbell" + host.replace("-", ""))
                        .getValue();
                assertThat(queue.at("/Properties/QueueName").asText())
                        .isEqualTo(EdgeQueues.nameFor("aegis-", host))
                        .isEqualTo("aegis-edge-" + host);
                assertThat(queue.at("/Properties/SqsManagedSseEnabled").asBoolean())
                        .isTrue();
                assertThat(queue.at("/Properties/ReceiveMessageWaitTimeSeconds").asInt())
                        .isEqualTo(20);
            }
            assertThat(resources("AWS::SQS::QueuePolicy"))
                    .filteredOn(policy ->
                            policy.at("/Properties/Queues/0/Ref").asText().startsWith("Doorbell"))
                    .hasSize(2)
                    .allSatisfy(policy -> assertThat(policy.at("/Properties/PolicyDocument/Statement/0/Condition")
                                    .toString())
                            .isEqualTo("{\"Bool\":{\"aws:SecureTransport\":\"false\"}}"));
        }

        @Test
        void onlyTheFunctionsThatWriteCommandsMayRingAndOnlyTheDoorbells() {
            Set<String> rings = Set.of(
                    "sqs:GetQueueUrl on Doorbelledge1",
                    "sqs:GetQueueUrl on Doorbelledge2",
                    "sqs:SendMessage on Doorbelledge1",
                    "sqs:SendMessage on Doorbelledge2");
            for (String writer : List.of("CollectEvidence", "Remediate", "Verify")) {
                assertThat(permissionsOf(writer))
                        .as(writer)
                        .containsAll(rings)
                        .filteredOn(p -> p.startsWith("sqs:"))
                        .containsExactlyInAnyOrderElementsOf(rings);
            }
            for (String other : List.of("Ingest", "Diagnose", "Notify", "RequestApproval", "Learn")) {
                assertThat(permissionsOf(other)).as(other).noneMatch(p -> p.contains("Doorbell"));
            }
            assertThat(resources("AWS::Lambda::Function"))
                    .filteredOn(function -> function.at("/Properties/Environment/Variables/AEGIS_TABLE_PREFIX")
                            .isTextual())
                    .isNotEmpty()
                    .allSatisfy(function -> assertThat(
                                    function.at("/Properties/Environment/Variables/" + EdgeQueues.PREFIX_VARIABLE)
                                            .asText())
                            .isEqualTo("aegis-"));
        }

        @Test
        void eachEdgeHostMayOnlyReceiveAndDeleteOnItsOwnDoorbell() {
            for (String host : List.of("edge-1", "edge-2")) {
                String own = resource("AWS::SQS::Queue", "Doorbell" + host.replace("-", ""))
                        .getKey();
                JsonNode policy = resource("AWS::IAM::ManagedPolicy", "EdgeHostPolicy" + host.replace("-", ""))
                        .getValue();
                List<JsonNode> sqs = new ArrayList<>();
                policy.at("/Properties/PolicyDocument/Statement").forEach(statement -> {
                    if (statement.get("Action").toString().contains("sqs:")) {
                        sqs.add(statement);
                    }
                });
                assertThat(sqs).singleElement().satisfies(statement -> {
                    assertThat(statement.get("Sid").asText()).isEqualTo("OwnDoorbellOnly");
                    assertThat(statement.get("Action").toString())
                            .isEqualTo("[\"sqs:GetQueueUrl\",\"sqs:ReceiveMessage\",\"sqs:DeleteMessage\"]");
                    assertThat(named(statement.get("Resource"))).isEqualTo(unhashed(own));
                });
            }
        }
    }

    @Nested
    class SnsAlarmFailures {
        @Test
        void anAlarmSnsAlarmStillFailsAfterLambdasRetriesLandsInAnEncryptedTlsOnlyQueue() {
            Map.Entry<String, JsonNode> queue = resource("AWS::SQS::Queue", "SnsAlarmDeadLetters");
            assertThat(resource("AWS::Lambda::Function", "SnsAlarmFunction")
                            .getValue()
                            .at("/Properties/DeadLetterConfig/TargetArn/Fn::GetAtt/0")
                            .asText())
                    .isEqualTo(queue.getKey());
            assertThat(permissionsOf("SnsAlarm")).contains("sqs:SendMessage on SnsAlarmDeadLetters");
            assertThat(queue.getValue().at("/Properties/SqsManagedSseEnabled").asBoolean())
                    .isTrue();
            assertThat(queue.getValue().at("/Properties/MessageRetentionPeriod").asInt())
                    .isEqualTo(14 * 24 * 3600);
            template.hasResourceProperties(
                    "AWS::SQS::QueuePolicy",
                    Map.of(
                            "PolicyDocument",
                            Map.of(
                                    "Statement",
                                    Match.arrayWith(List.of(Match.objectLike(Map.of(
                                            "Effect",
                                            "Deny",
                                            "Condition",
                                            Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))));
        }
    }

    @Nested
    class Alarms {
        @Test
        void everyAlarmPagesTheOperatorTopic() {
            assertThat(resources("AWS::CloudWatch::Alarm"))
                    .isNotEmpty()
                    .allSatisfy(alarm -> assertThat(
                                    alarm.at("/Properties/AlarmActions").toString())
                            .isEqualTo("[{\"Ref\":\"" + operatorTopic() + "\"}]"));
        }

        @Test
        void eachFunctionsErrorsRaiseAnAlarm() {
            List<String> watched = resources("AWS::CloudWatch::Alarm").stream()
                    .filter(a -> a.at("/Properties/MetricName").asText().equals("Errors"))
                    .peek(a -> assertThat(a.at("/Properties/Threshold").asInt()).isEqualTo(1))
                    .map(a ->
                            unhashed(a.at("/Properties/Dimensions/0/Value/Ref").asText()))
                    .toList();
            assertThat(watched)
                    .containsExactlyInAnyOrderElementsOf(Arrays.stream(PipelineFunction.values())
                            .map(f -> f.id() + "Function")
                            .toList());
        }

        @Test
        void serverErrorsOfTheApiRaiseAnAlarm() {
            template.hasResourceProperties(
                    "AWS::CloudWatch::Alarm",
                    Map.of(
                            "Namespace",
                            "AWS/ApiGateway",
                            "MetricName",
                            "5XXError",
                            "Dimensions",
                            List.of(Map.of("Name", "ApiName", "Value", "aegis")),
                            "Threshold",
                            1));
        }

        @Test
        void failedAndTimedOutExecutionsRaiseAlarms() {
            for (String metric : List.of("ExecutionsFailed", "ExecutionsTimedOut")) {
                template.hasResourceProperties(
                        "AWS::CloudWatch::Alarm",
                        Map.of("Namespace", "AWS/States", "MetricName", metric, "Threshold", 1));
            }
        }

        @Test
        void alarmsSnsAlarmCouldNotTakeRaiseAnAlarm() {
            template.hasResourceProperties(
                    "AWS::CloudWatch::Alarm",
                    Map.of(
                            "MetricName",
                            "ApproximateNumberOfMessagesVisible",
                            "Dimensions",
                            List.of(Map.of(
                                    "Name",
                                    "QueueName",
                                    "Value",
                                    Map.of(
                                            "Fn::GetAtt",
                                            List.of(
                                                    resource("AWS::SQS::Queue", "SnsAlarmDeadLetters")
                                                            .getKey(),
                                                    "QueueName"))))));
        }

        @Test
        void edgeAgentsThatStopPollingTheCommandsTableRaiseAnAlarmEvenWithNoDataAtAll() {
            String commands = resource("AWS::DynamoDB::Table", "Tablescommands").getKey();
            JsonNode alarm = resource("AWS::CloudWatch::Alarm", "MonitoringEdgeAgentsSilent")
                    .getValue()
                    .get("Properties");
            JsonNode stat = alarm.at("/Metrics/0/MetricStat");
            assertThat(stat.at("/Metric/MetricName").asText()).isEqualTo("SuccessfulRequestLatency");
            assertThat(stat.at("/Stat").asText()).isEqualTo("SampleCount");
            assertThat(stat.at("/Metric/Dimensions").toString())
                    .contains("{\"Name\":\"Operation\",\"Value\":\"Query\"}")
                    .contains("{\"Ref\":\"" + commands + "\"}");
            assertThat(alarm.get("ComparisonOperator").asText()).isEqualTo("LessThanThreshold");
            assertThat(alarm.get("Threshold").asInt()).isEqualTo(1);
            assertThat(alarm.get("TreatMissingData").asText())
                    .as("no Query at all publishes no data point")
                    .isEqualTo("breaching");
        }
    }

    @Nested
    class Dashboard_ {
        @Test
        void theDashboardShowsExecutionsFunctionsAndTheApi() {
            JsonNode dashboard =
                    resources("AWS::CloudWatch::Dashboard").getFirst().get("Properties");
            assertThat(dashboard.get("DashboardName").asText()).isEqualTo("AegisOps");
            String body = dashboard.get("DashboardBody").toString();
            assertThat(body)
                    .contains(
                            "ExecutionsStarted",
                            "ExecutionsSucceeded",
                            "ExecutionsFailed",
                            "ExecutionsTimedOut",
                            "AWS/Lambda",
                            "\\\"Errors\\\"",
                            "\\\"Duration\\\"",
                            "4XXError",
                            "5XXError",
                            "\\\"Latency\\\"");
            for (PipelineFunction function : PipelineFunction.values()) {
                assertThat(body).as("a line for " + function.id()).contains("\\\"label\\\":\\\"" + function.id());
            }
            assertThat(json.get("Outputs").has("DashboardUrl")).isTrue();
        }
    }

    /** AegisOps' own metrics on the dashboard and in alarms are exactly the ones the functions emit (contracts). */
    @Nested
    class Telemetry {

        /** Every metric of the dashboard's graphs: {@code [namespace, name, dimension, value, ..., {options}]}. */
        List<JsonNode> dashboardMetrics() {
            JsonNode body = resources("AWS::CloudWatch::Dashboard").getFirst().at("/Properties/DashboardBody");
            StringBuilder text = new StringBuilder();
            if (body.isTextual()) {
                text.append(body.asText());
            } else { // Fn::Join of text and tokens (a region, a table name): a token is a value, never a key
                body.at("/Fn::Join/1").forEach(part -> text.append(part.isTextual() ? part.asText() : "TOKEN"));
            }
            List<JsonNode> metrics = new ArrayList<>();
            Json.read(text.toString(), JsonNode.class)
                    .get("widgets")
                    .forEach(widget -> widget.at("/properties/metrics").forEach(metrics::add));
            return metrics;
        }

        List<JsonNode> ownDashboardMetrics() {
            return dashboardMetrics().stream()
                    .filter(m -> m.get(0).asText().equals(Metric.NAMESPACE))
                    .toList();
        }

        @Test
        void everyGraphedMetricIsEmittedWithThoseDimensionsAndValuesTheyCanTake() {
            assertThat(ownDashboardMetrics()).isNotEmpty().allSatisfy(line -> {
                Metric metric = emitted(line.get(1).asText());
                Map<String, String> dimensions = new HashMap<>();
                for (int i = 2; i + 1 < line.size() && line.get(i).isTextual(); i += 2) {
                    dimensions.put(line.get(i).asText(), line.get(i + 1).asText());
                }
                assertThat(dimensionKeys(metric))
                        .as(line + ": a dimension set " + metric + " is emitted with")
                        .contains(dimensions.keySet());
                dimensions.forEach((key, value) ->
                        assertThat(valuesOf(key)).as(line.toString()).contains(value));
            });
        }

        @Test
        void everyEmittedMetricIsOnTheDashboard() {
            assertThat(ownDashboardMetrics().stream().map(m -> m.get(1).asText()))
                    .containsAll(Arrays.stream(Metric.values())
                            .map(Metric::metricName)
                            .toList());
        }

        @Test
        void restartsAreGraphedForEachConfiguredService() {
            assertThat(ownDashboardMetrics().stream()
                            .filter(m -> m.get(1).asText().equals("Restarts") && m.size() > 3)
                            .map(m -> m.get(3).asText()))
                    .containsExactlyInAnyOrder("buggy-app", "billing");
        }

        @Test
        void everyAlarmOnAegisOpsMetricsWatchesOneThatIsEmitted() {
            List<JsonNode> watched = new ArrayList<>();
            for (JsonNode alarm : resources("AWS::CloudWatch::Alarm")) {
                JsonNode properties = alarm.get("Properties");
                watched.add(properties);
                properties.path("Metrics").forEach(query -> watched.add(query.at("/MetricStat/Metric")));
            }
            List<JsonNode> own = watched.stream()
                    .filter(metric -> metric.path("Namespace").asText().equals(Metric.NAMESPACE))
                    .toList();
            assertThat(own).as("the model-unanswered alarm at least").isNotEmpty();
            own.forEach(metric -> {
                Metric emitted = emitted(metric.get("MetricName").asText());
                Set<String> keys = new HashSet<>();
                metric.path("Dimensions").forEach(d -> keys.add(d.get("Name").asText()));
                assertThat(dimensionKeys(emitted)).contains(keys);
            });
        }

        /** The dimension sets {@code metric} is emitted with, as the dimensions' names. */
        private static List<Set<String>> dimensionKeys(Metric metric) {
            return metric.dimensionSets().stream()
                    .map(set -> set.stream().map(Dimension::key).collect(Collectors.toSet()))
                    .toList();
        }

        private static Metric emitted(String name) {
            return Arrays.stream(Metric.values())
                    .filter(m -> m.metricName().equals(name))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(name + " is not a metric the functions emit"));
        }

        /** What each dimension can be: its enum's names, or a configured service. */
        private static List<String> valuesOf(String key) {
            Dimension dimension = Arrays.stream(Dimension.values())
                    .filter(d -> d.key().equals(key))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(key + " is not a dimension the functions emit"));
            return switch (dimension) {
                case SERVICE -> List.of("buggy-app", "billing");
                case OUTCOME -> names(IncidentOutcome.values());
                case MODE -> names(DecisionMode.values());
                case REASON -> names(ModelDiscard.values());
            };
        }

        private static List<String> names(Enum<?>... values) {
            return Arrays.stream(values).map(Enum::name).toList();
        }
    }

    @Nested
    class AwsSolutionsChecks_ {
        @Test
        void everyFindingIsFixedOrSuppressedWithItsReason() {
            assertThat(nagFindings)
                    .as("cdk-nag AwsSolutions findings without a suppression (fix them, or suppress with a reason)")
                    .isEmpty();
        }

        @Test
        void wildcardSuppressionsCoverOnlyTheStarThatXrayAndLogDeliveryNeedAndThePipelinesExecutions() {
            List<JsonNode> iam5 = new ArrayList<>();
            json.get("Resources")
                    .forEach(r -> r.at("/Metadata/cdk_nag/rules_to_suppress").forEach(rule -> {
                        assertThat(rule.get("reason").asText())
                                .as(rule.toString())
                                .hasSizeGreaterThan(40);
                        if (rule.get("id").asText().equals("AwsSolutions-IAM5")) {
                            iam5.add(rule);
                        }
                    }));
            // an execution's ARN ends in its incident id: the console's graph reads the pipeline's executions by a
            // wildcard on that name (Ingest's DescribeExecution and GetExecutionHistory, checked above)
            String executions =
                    "[\"Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:aegis-pipeline:*\"]";
            // CDK's bucket deployment of the console: its object-level action groups on the console's bucket and
            // on CDK's asset bucket, by name
            List<String> consoleCopy = List.of(
                    "Action::s3:GetObject*",
                    "Action::s3:GetBucket*",
                    "Action::s3:List*",
                    "Action::s3:DeleteObject*",
                    "Action::s3:Abort*",
                    "Resource::<" + resource("AWS::S3::Bucket", "ConsoleFiles").getKey() + ".Arn>/*",
                    "Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*");
            assertThat(iam5)
                    .isNotEmpty()
                    .allSatisfy(rule -> assertThat(rule.get("applies_to").toString())
                            .isIn("[\"Resource::*\"]", executions, Json.write(consoleCopy)));
        }
    }
}
