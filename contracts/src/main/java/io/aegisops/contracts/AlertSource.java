package io.aegisops.contracts;

/** Where a normalised alert came from. */
public enum AlertSource {
    ALERTMANAGER,
    GRAFANA,
    CLOUDWATCH,
    GENERIC
}
