package io.aegisops.cdk;

import io.aegisops.contracts.DecisionMode;
import io.aegisops.contracts.metrics.Dimension;
import io.aegisops.contracts.metrics.IncidentOutcome;
import io.aegisops.contracts.metrics.Metric;
import io.aegisops.contracts.metrics.ModelDiscard;
import io.aegisops.contracts.pipeline.PipelineFunction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
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
 * any function's errors, 5xx from the API, alarms SnsAlarm could not take, edge agents that stopped polling, a model
 * that stopped answering), and
 * one dashboard of executions, functions and the API, and of what the pipeline did: AegisOps' own metrics
 * ({@link Metric}, which the functions emit as EMF log lines).
 */
final class AegisMonitoring extends Construct {

    static final String DASHBOARD_NAME = "AegisOps";

    private static final Duration PERIOD = Duration.minutes(5);

    /** AegisOps' own metrics count incidents, a few an hour at most: over five minutes they would be mostly gaps. */
    private static final Duration TELEMETRY_PERIOD = Duration.hours(1);

    /**
     * The functions whose handlers throw {@code Aegis.UnknownTarget}, {@code NotAllowed} or {@code BudgetExhausted}
     * on purpose (functions/Aegis): Lambda's Errors metric cannot tell those from failures.
     */
    private static final Set<PipelineFunction> REFUSING =
            EnumSet.of(PipelineFunction.COLLECT_EVIDENCE, PipelineFunction.REMEDIATE);

    /**
     * What is watched. {@code edgeHosts}: whether the targets name any host whose agent should be polling;
     * {@code services}: the targets' services, whose restarts and MTTR are also kept per service.
     */
    record Watched(
            ITopic operators,
            StateMachine stateMachine,
            RestApi api,
            Map<PipelineFunction, Function> functions,
            Queue alarmDeadLetters,
            Table commands,
            boolean edgeHosts,
            List<String> services) {}

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
        IMetric polls = commandPolls(watched.commands());
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

        // a model that stops answering (an endpoint down, a rotated key gone wrong) fails no function: Diagnose goes
        // on with the runbook and the rules, so only the model advisor's own count tells
        alarm(Alarm.Builder.create(this, "ModelUnansweredAlarm")
                .alarmDescription("AegisOps: Diagnose's model endpoints failed to answer 3 times within an hour"
                        + " (endpoint down, or its key wrong?); diagnoses fall back to the runbook and the rules")
                .metric(telemetry(
                        Metric.MODEL_DISCARDS,
                        "Sum",
                        Map.of(Dimension.REASON, ModelDiscard.NO_ANSWER.name()),
                        "model calls without an answer"))
                .threshold(3)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build());

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
                                        watched.alarmDeadLetters().metricApproximateNumberOfMessagesVisible())),
                        List.of(
                                graph("MTTR (p50, p95; p95 per service)", mttr(watched.services())),
                                graph(
                                        "Incidents closed, by outcome",
                                        each(Metric.INCIDENTS_CLOSED, Dimension.OUTCOME, IncidentOutcome.values())),
                                graph(
                                        "Decisions, by mode",
                                        each(Metric.DECISIONS, Dimension.MODE, DecisionMode.values()))),
                        List.of(
                                GraphWidget.Builder.create()
                                        .title("Model calls: latency (p50, p95), discarded answers by reason")
                                        .left(List.of(
                                                telemetry(Metric.MODEL_LATENCY, "p50", Map.of(), "p50"),
                                                telemetry(Metric.MODEL_LATENCY, "p95", Map.of(), "p95")))
                                        .right(each(Metric.MODEL_DISCARDS, Dimension.REASON, ModelDiscard.values()))
                                        .width(8)
                                        .height(6)
                                        .build(),
                                graph(
                                        "Runbook hits and misses",
                                        telemetry(Metric.RUNBOOK_HITS, "Sum", Map.of(), "hits"),
                                        telemetry(Metric.RUNBOOK_MISSES, "Sum", Map.of(), "misses")),
                                graph("Restarts (all; per service)", restarts(watched.services())))))
                .build();
    }

    private static List<IMetric> mttr(List<String> services) {
        List<IMetric> lines = new ArrayList<>(List.of(
                telemetry(Metric.MTTR, "p50", Map.of(), "p50"), telemetry(Metric.MTTR, "p95", Map.of(), "p95")));
        services.forEach(service ->
                lines.add(telemetry(Metric.MTTR, "p95", Map.of(Dimension.SERVICE, service), "p95 " + service)));
        return lines;
    }

    private static List<IMetric> restarts(List<String> services) {
        List<IMetric> lines = new ArrayList<>(List.of(telemetry(Metric.RESTARTS, "Sum", Map.of(), "all")));
        services.forEach(
                service -> lines.add(telemetry(Metric.RESTARTS, "Sum", Map.of(Dimension.SERVICE, service), service)));
        return lines;
    }

    /** One line of {@code metric}'s sum per value of its own dimension. */
    private static List<IMetric> each(Metric metric, Dimension dimension, Enum<?>... values) {
        return Arrays.stream(values)
                .map(value -> telemetry(metric, "Sum", Map.of(dimension, value.name()), value.name()))
                .toList();
    }

    /** One of AegisOps' own metrics, by the name and dimension keys the functions write. */
    private static IMetric telemetry(Metric metric, String statistic, Map<Dimension, String> dimensions, String label) {
        Map<String, String> byKey = new TreeMap<>();
        dimensions.forEach((dimension, value) -> byKey.put(dimension.key(), value));
        // CDK's Metric, spelled out: Metric here is contracts' list of AegisOps' metrics
        return software.amazon.awscdk.services.cloudwatch.Metric.Builder.create()
                .namespace(Metric.NAMESPACE)
                .metricName(metric.metricName())
                .dimensionsMap(byKey)
                .statistic(statistic)
                .period(TELEMETRY_PERIOD)
                .label(label)
                .build();
    }

    /** Queries on the commands table per period: only the edge agents query it. */
    private static IMetric commandPolls(Table commands) {
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
