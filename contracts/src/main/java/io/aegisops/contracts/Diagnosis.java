package io.aegisops.contracts;

import java.util.List;

/** The diagnosis of an incident; {@code confidence} is in [0, 1]. */
public record Diagnosis(
        String rootCause,
        Action action,
        double confidence,
        String justification,
        List<String> evidence,
        DiagnosisSource source,
        String model,
        long latencyMs) {

    public Diagnosis {
        if (confidence < 0 || confidence > 1 || Double.isNaN(confidence)) {
            throw new IllegalArgumentException("confidence must be within [0, 1], was " + confidence);
        }
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }
}
