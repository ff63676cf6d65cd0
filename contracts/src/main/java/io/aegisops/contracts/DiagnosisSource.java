package io.aegisops.contracts;

public enum DiagnosisSource {
    RUNBOOK,
    LLM,
    RULES
}
