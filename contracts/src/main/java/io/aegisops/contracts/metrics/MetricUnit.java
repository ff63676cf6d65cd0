package io.aegisops.contracts.metrics;

/** The CloudWatch units AegisOps' metrics use, as the embedded metric format spells them. */
public enum MetricUnit {
    COUNT("Count"),
    MILLISECONDS("Milliseconds");

    private final String cloudWatchName;

    MetricUnit(String cloudWatchName) {
        this.cloudWatchName = cloudWatchName;
    }

    public String cloudWatchName() {
        return cloudWatchName;
    }
}
