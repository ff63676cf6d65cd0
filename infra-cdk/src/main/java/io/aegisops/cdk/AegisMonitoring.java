package io.aegisops.cdk;

import io.aegisops.contracts.pipeline.PipelineFunction;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.constructs.Construct;

/**
 * What the operators watch: alarms on the operator topic for a broken pipeline (failed or timed-out executions,
 * any function's errors, 5xx from the API, alarms SnsAlarm could not take, edge agents that stopped polling), and
 * one dashboard of executions, functions and the API.
 */
final class AegisMonitoring extends Construct {

    static final String DASHBOARD_NAME = "AegisOps";

    private static final Duration PERIOD = Duration.minutes(5);

    /**
     * The functions whose handlers throw {@code Aegis.UnknownTarget}, {@code NotAllowed} or {@code BudgetExhausted}
     * on purpose (functions/Aegis): Lambda's Errors metric cannot tell those from failures.
     */
    private static final Set<PipelineFunction> REFUSING =
            EnumSet.of(PipelineFunction.COLLECT_EVIDENCE, PipelineFunction.REMEDIATE);

    /** What is watched. {@code edgeHosts}: whether the targets name any host whose agent should be polling. */
    record Watched(
            ITopic operators,
            StateMachine stateMachine,
            RestApi api,
            Map<PipelineFunction, Function> functions,
            Queue alarmDeadLetters,
            Table commands,
            boolean edgeHosts) {}

    private final ITopic operators;

    AegisMonitoring(Construct scope, String id, Watched watched) {
        super(scope, id);
        operators = watched.operators();
        StateMachine machine = watched.stateMachine();
        RestApi api = watched.api();

        atLeastOnce("FailedExecutions", "an execution of aegis-pipeline failed", machine.metricFailed(sum()));
        atLeastOnce("TimedOutExecutions", "an execution of aegis-pipeline timed out", machine.metricTimedOut(sum()));
        watched.functions()
                .forEach((spec, function) -> atLeastOnce(
                        spec.id() + "Errors",
                        "the " + spec.id() + " function failed an invocation"
                                + (REFUSING.contains(spec)
                                        ? " (Lambda counts its deliberate Aegis.* refusals as errors too)"
                                        : ""),
                        function.metricErrors(sum())));
        atLeastOnce("IngestServerErrors", "the REST API answered 5xx", api.metricServerError(sum()));
        atLeastOnce(
                "SnsAlarmDeadLetters",
                "SnsAlarm could not take a CloudWatch alarm after Lambda's retries: it waits in the dead-letter queue",
                watched.alarmDeadLetters()
                        .metricApproximateNumberOfMessagesVisible(MetricOptions.builder()
                                .period(PERIOD)
                                .statistic("Maximum")
                                .build()));
        Metric polls = commandPolls(watched.commands());
        if (watched.edgeHosts()) {
            // The agent publishes no CloudWatch metric (its /metrics is Prometheus on loopback): its polling
            // shows as Queries on the commands table, which no function makes. Two quiet periods, not one.
            alarm(Alarm.Builder.create(this, "EdgeAgentsSilentAlarm")
                    .alarmDescription("AegisOps: no edge agent has polled the commands table for 10 minutes")
                    .metric(polls)
                    .threshold(1)
                    .evaluationPeriods(2)
                    .comparisonOperator(ComparisonOperator.LESS_THAN_THRESHOLD)
                    .treatMissingData(TreatMissingData.BREACHING)
                    .build());
        }

        List<PipelineFunction> specs = new ArrayList<>(watched.functions().keySet());
        Dashboard.Builder.create(this, "Dashboard")
                .dashboardName(DASHBOARD_NAME)
                .widgets(List.of(
                        List.of(
                                graph(
                                        "Executions",
                                        machine.metricStarted(sum()),
                                        machine.metricSucceeded(sum()),
                                        machine.metricFailed(sum()),
                                        machine.metricTimedOut(sum()),
                                        machine.metricAborted(sum())),
                                graph(
                                        "API requests",
                                        api.metricCount(sum()),
                                        api.metricClientError(sum()),
                                        api.metricServerError(sum())),
                                graph(
                                        "API latency (p50, p99)",
                                        api.metricLatency(percentile("p50")),
                                        api.metricLatency(percentile("p99")),
                                        api.metricIntegrationLatency(percentile("p99")))),
                        List.of(
                                graph(
                                        "Function errors",
                                        specs.stream()
                                                .map(spec -> (IMetric) watched.functions()
                                                        .get(spec)
                                                        .metricErrors(labelled(sum(), spec)))
                                                .toList()),
                                graph(
                                        "Function duration (p99)",
                                        specs.stream()
                                                .map(spec -> (IMetric) watched.functions()
                                                        .get(spec)
                                                        .metricDuration(labelled(percentile("p99"), spec)))
                                                .toList()),
                                graph(
                                        "Edge agents' polls; SnsAlarm dead letters",
                                        polls,
                                        watched.alarmDeadLetters().metricApproximateNumberOfMessagesVisible()))))
                .build();
    }

    /** Queries on the commands table per period: only the edge agents query it. */
    private static Metric commandPolls(Table commands) {
        return commands.metricSuccessfulRequestLatency(MetricOptions.builder()
                .period(PERIOD)
                .statistic("SampleCount")
                .dimensionsMap(Map.of("TableName", commands.getTableName(), "Operation", "Query"))
                .label("edge agent polls (commands Query)")
                .build());
    }

    private void atLeastOnce(String id, String description, IMetric metric) {
        alarm(Alarm.Builder.create(this, id + "Alarm")
                .alarmDescription("AegisOps: " + description)
                .metric(metric)
                .threshold(1)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build());
    }

    private void alarm(Alarm alarm) {
        alarm.addAlarmAction(new SnsAction(operators));
    }

    private static MetricOptions sum() {
        return MetricOptions.builder().period(PERIOD).statistic("Sum").build();
    }

    private static MetricOptions percentile(String statistic) {
        return MetricOptions.builder().period(PERIOD).statistic(statistic).build();
    }

    private static MetricOptions labelled(MetricOptions options, PipelineFunction spec) {
        return MetricOptions.builder()
                .period(options.getPeriod())
                .statistic(options.getStatistic())
                .label(spec.id())
                .build();
    }

    private static IWidget graph(String title, IMetric... metrics) {
        return graph(title, List.of(metrics));
    }

    private static IWidget graph(String title, List<IMetric> metrics) {
        return GraphWidget.Builder.create()
                .title(title)
                .left(metrics)
                .width(8)
                .height(6)
                .build();
    }
}
