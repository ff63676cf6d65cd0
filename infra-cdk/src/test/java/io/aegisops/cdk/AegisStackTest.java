package io.aegisops.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.contracts.Json;
import io.aegisops.contracts.tables.TableDefinition;
import io.aegisops.contracts.tables.Tables;
import io.aegisops.statemachine.DefinitionTemplate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** CDK synthesis: the template has the properties a production deployment relies on. */
class AegisStackTest {

    static final Path FUNCTIONS_JAR = Path.of("../functions/target/aegis-functions-lambda.jar");
    private static Template template;
    private static JsonNode json;

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
        template = Template.fromStack(stack);
        json = Json.mapper().valueToTree(template.toJSON());
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
        void everyFunctionIsJava21OnArmWithSnapStart() {
            List<JsonNode> functions = resources("AWS::Lambda::Function");
            assertThat(functions).hasSize(9);
            for (JsonNode f : functions) {
                JsonNode p = f.get("Properties");
                assertThat(p.get("Runtime").asText()).isEqualTo("java21");
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
        void isStandardWithFullLoggingAndTracing() {
            template.hasResourceProperties(
                    "AWS::StepFunctions::StateMachine",
                    Map.of(
                            "StateMachineType", "STANDARD",
                            "TracingConfiguration", Map.of("Enabled", true),
                            "LoggingConfiguration",
                                    Match.objectLike(Map.of("Level", "ALL", "IncludeExecutionData", true))));
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
        void eachEdgeHostMayOnlyTouchItsOwnCommands() {
            for (String host : List.of("edge-1", "edge-2")) {
                template.hasResourceProperties(
                        "AWS::IAM::ManagedPolicy",
                        Map.of(
                                "PolicyDocument",
                                Map.of(
                                        "Statement",
                                        Match.arrayWith(List.of(Match.objectLike(Map.of(
                                                "Sid",
                                                "OwnCommandsOnly",
                                                "Condition",
                                                Map.of(
                                                        "ForAllValues:StringEquals",
                                                        Map.of("dynamodb:LeadingKeys", List.of(host))))))))));
            }
        }
    }

    @Nested
    class Secrets {
        @Test
        void everyFunctionCarriesTheSecretsVersionSoANewOnePublishesNewSnapStartVersions() {
            assertThat(resources("AWS::Lambda::Function"))
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
            assertThat(paths).contains("alerts", "incidents", "{id}", "approval");
            template.hasResourceProperties(
                    "AWS::ApiGateway::Stage",
                    Map.of(
                            "MethodSettings",
                            Match.arrayWith(List.of(Match.objectLike(
                                    Map.of("ThrottlingRateLimit", 50, "ThrottlingBurstLimit", 100))))));
        }

        @Test
        void cloudWatchAlarmsReachTheSnsEntryPoint() {
            template.resourceCountIs("AWS::SNS::Subscription", 1);
            template.hasResourceProperties("AWS::SNS::Subscription", Map.of("Protocol", "lambda"));
        }

        @Test
        void failedExecutionsRaiseAnAlarm() {
            template.hasResourceProperties(
                    "AWS::CloudWatch::Alarm", Map.of("MetricName", "ExecutionsFailed", "Threshold", 1));
        }

        @Test
        void webhookUrlAndTheOperatorsAlarmTopicAreOutputs() {
            assertThat(json.get("Outputs").has("WebhookUrl")).isTrue();
            assertThat(json.get("Outputs").has("OperatorTopicArn"))
                    .as("someone must be able to subscribe to the alarms")
                    .isTrue();
        }
    }
}
