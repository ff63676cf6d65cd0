package io.aegisops.contracts.metrics;

/**
 * What a metric may be split by. Each takes few values: an enum's names, or the inventory's service names (a
 * handful to a few dozen). CloudWatch bills every combination of metric name and dimension values it sees as a
 * metric of its own, so nothing unbounded (incident ids, alert types, hosts named by an alert) is ever a dimension.
 */
public enum Dimension {
    /** A configured target's service name. */
    SERVICE("Service"),
    /** An {@link IncidentOutcome}. */
    OUTCOME("Outcome"),
    /** A {@link io.aegisops.contracts.DecisionMode}. */
    MODE("Mode"),
    /** A {@link ModelDiscard}. */
    REASON("Reason");

    private final String key;

    Dimension(String key) {
        this.key = key;
    }

    /** The dimension's name in CloudWatch and the member of an EMF line that holds its value. */
    public String key() {
        return key;
    }
}
