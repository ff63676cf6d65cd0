package io.aegisops.contracts;

import java.time.Instant;
import java.util.Map;

/** What every alert source becomes. */
public record NormalisedAlert(
        AlertSource source,
        AlertStatus status,
        String alertType,
        Severity severity,
        TargetRef target,
        String summary,
        String logs,
        Map<String, String> labels,
        Instant startsAt,
        String fingerprint,
        String externalUrl) {

    public NormalisedAlert {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}
