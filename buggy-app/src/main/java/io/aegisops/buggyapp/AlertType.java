package io.aegisops.buggyapp;

/**
 * The {@code alert_type} values the app sends. AegisOps's ingest and diagnosis rules key on these names,
 * so they are part of the wire format (documented in docs/notes/issue-7.md): change them only together
 * with the rules.
 */
enum AlertType {
    /** Heap used above its threshold share of the maximum: a leak heading for OutOfMemoryError. */
    HighMemoryUsage("HIGH"),
    /** Process CPU above its threshold for a sustained window. */
    HighCpuUsage("MEDIUM"),
    /** p95 latency of the business endpoint above its threshold: a slow dependency. */
    DependencyLatency("MEDIUM"),
    /** Share of business requests answering 5xx above its threshold. */
    HighErrorRate("HIGH"),
    /** The process is about to exit (crash on demand, OutOfMemoryError): a last-gasp alert, never resolved by the app. */
    ServiceCrashed("CRITICAL");

    /** One of the contract's severities (CRITICAL, HIGH, MEDIUM, LOW, INFO). */
    final String severity;

    AlertType(String severity) {
        this.severity = severity;
    }
}
