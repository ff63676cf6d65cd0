package io.aegisops.contracts;

import io.aegisops.contracts.redact.Redactor;
import java.time.Instant;
import java.util.LinkedHashMap;
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

    /**
     * The alert with every secret removed from every text field a sender controls, before anything stores, logs or
     * forwards it. Redaction is deterministic, so a redelivery still derives the same incident id.
     */
    public NormalisedAlert redacted() {
        Map<String, String> cleanLabels = new LinkedHashMap<>();
        labels.forEach((name, value) -> cleanLabels.merge(Redactor.redact(name), Redactor.redact(value), (a, b) -> a));
        TargetRef cleanTarget = target == null
                ? null
                : new TargetRef(
                        Redactor.redact(target.service()),
                        Redactor.redact(target.container()),
                        Redactor.redact(target.host()));
        return new NormalisedAlert(
                source,
                status,
                Redactor.redact(alertType),
                severity,
                cleanTarget,
                Redactor.redact(summary),
                Redactor.redact(logs),
                cleanLabels,
                startsAt,
                Redactor.redact(fingerprint),
                Redactor.redact(externalUrl));
    }
}
