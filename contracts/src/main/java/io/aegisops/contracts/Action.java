package io.aegisops.contracts;

/** What a diagnosis proposes. Only RESTART touches a container; the enum is the LLM's whole vocabulary. */
public enum Action {
    RESTART,
    NOOP,
    ESCALATE
}
