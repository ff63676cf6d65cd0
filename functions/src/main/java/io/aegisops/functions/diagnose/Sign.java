package io.aegisops.functions.diagnose;

/**
 * What one signal says about a target. The first nine are what an alert can name (its vocabulary); any source
 * may report them (an OOM kill from the container, error lines from the logs, memory near its limit from the
 * resources). The last four only the host reports.
 */
enum Sign {
    DOWN("down", true),
    CRASH_LOOP("crash loop", true),
    OOM("out of memory", true),
    MEMORY("memory pressure", true),
    CPU("CPU saturation", true),
    ERRORS("errors", true),
    LATENCY("latency", true),
    DISK("disk space", true),
    CERT_EXPIRY("certificate expiry", true),
    UNHEALTHY("unhealthy", false),
    HEALTHY("healthy", false),
    /** The target (re)started after the alert began. */
    STARTED_AFTER_ALERT("started after the alert", false),
    /** The target runs another image than before (the agent recorded the one it ran before): a new release. */
    NEW_IMAGE("a new image", false);

    final String words;

    /** Whether an alert's name can mean this: the values the vocabulary may map a name to. */
    final boolean nameable;

    Sign(String words, boolean nameable) {
        this.words = words;
        this.nameable = nameable;
    }
}
