package io.aegisops.functions.ingest.normalise;

import io.aegisops.contracts.Severity;
import java.util.Locale;

/** The severity words monitoring systems use, mapped to {@link Severity}; anything else is {@link #DEFAULT}. */
final class Severities {

    /** What an alert without a recognisable severity gets. */
    static final Severity DEFAULT = Severity.MEDIUM;

    private Severities() {}

    static Severity parse(String value) {
        if (value == null) {
            return DEFAULT;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "critical", "crit", "fatal", "emergency", "page", "p1", "sev1" -> Severity.CRITICAL;
            case "high", "error", "err", "major", "p2", "sev2" -> Severity.HIGH;
            case "medium", "warning", "warn", "moderate", "p3", "sev3" -> Severity.MEDIUM;
            case "low", "minor", "p4", "sev4" -> Severity.LOW;
            case "info", "informational", "none", "p5", "sev5" -> Severity.INFO;
            default -> DEFAULT;
        };
    }
}
