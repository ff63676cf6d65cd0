package io.aegisops.contracts.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * AegisOps' metrics in CloudWatch namespace {@value #NAMESPACE}: the one list the functions emit from and the CDK
 * stack's dashboard graphs. docs/architecture.md ("Telemetry") says who emits each, and when.
 *
 * <p>Dimensions, chosen for few metrics (CloudWatch bills each combination of dimension values as one): every metric
 * has one dimension set, its own enum dimension or none, which the dashboard graphs. Only where an operator acts per
 * service (a service slow to recover, a service restarted over and over) is the same set also emitted with
 * {@link Dimension#SERVICE}: MTTR and restarts cost two metrics per configured service, everything else a fixed
 * number (about 19 plus 2 per service in all). Every line still names its service when it has one, as a plain
 * member, so Logs Insights can split any count by service without a metric per service.
 */
public enum Metric {
    /** Time from an incident's creation to its resolution, for each incident Learn closes RESOLVED. */
    MTTR("MTTR", MetricUnit.MILLISECONDS, null, true),
    /** One per incident Learn closes, by {@link IncidentOutcome}. */
    INCIDENTS_CLOSED("IncidentsClosed", MetricUnit.COUNT, Dimension.OUTCOME, false),
    /** One per decision Diagnose records, by {@link io.aegisops.contracts.DecisionMode}. */
    DECISIONS("Decisions", MetricUnit.COUNT, Dimension.MODE, false),
    /** The time of each call to a model endpoint, answered or not. */
    MODEL_LATENCY("ModelLatency", MetricUnit.MILLISECONDS, null, false),
    /** One per model answer not acted on as given, by {@link ModelDiscard}. */
    MODEL_DISCARDS("ModelDiscards", MetricUnit.COUNT, Dimension.REASON, false),
    /** One per diagnosis the runbook made alone (no model call). */
    RUNBOOK_HITS("RunbookHits", MetricUnit.COUNT, null, false),
    /**
     * One per diagnosis for which the runbook was asked (a configured target, evidence that did not settle the matter)
     * and had no entry that had earned its say.
     */
    RUNBOOK_MISSES("RunbookMisses", MetricUnit.COUNT, null, false),
    /** One per RESTART command Remediate queued for real (not a dry run). */
    RESTARTS("Restarts", MetricUnit.COUNT, null, true);

    public static final String NAMESPACE = "AegisOps";

    private final String metricName;
    private final MetricUnit unit;
    private final Dimension splitBy;
    private final boolean perService;

    /** @param splitBy the metric's own dimension, or null for none */
    Metric(String metricName, MetricUnit unit, Dimension splitBy, boolean perService) {
        this.metricName = metricName;
        this.unit = unit;
        this.splitBy = splitBy;
        this.perService = perService;
    }

    /** The name in CloudWatch, and the member of an EMF line that holds the value. */
    public String metricName() {
        return metricName;
    }

    public MetricUnit unit() {
        return unit;
    }

    /** The metric's own dimension (an enum's values), if it has one. */
    public Optional<Dimension> splitBy() {
        return Optional.ofNullable(splitBy);
    }

    /**
     * The dimension sets it is emitted with: its own dimension (or none) first, then that plus {@link
     * Dimension#SERVICE} when it is also kept per service.
     */
    public List<List<Dimension>> dimensionSets() {
        List<Dimension> own = splitBy == null ? List.of() : List.of(splitBy);
        if (!perService) {
            return List.of(own);
        }
        List<Dimension> withService = new ArrayList<>(own);
        withService.add(Dimension.SERVICE);
        return List.of(own, List.copyOf(withService));
    }
}
