package io.aegisops.contracts.metrics;

/** Why a model's answer was not acted on as given, as the {@link Metric#MODEL_DISCARDS} count splits it. */
public enum ModelDiscard {
    /** The reply broke the schema: not JSON, fields outside it, no root cause, a confidence outside [0, 1]. */
    INVALID,
    /** The reply's action was outside the catalogue it was offered (the target's allowed actions, NOOP, ESCALATE). */
    OUT_OF_CATALOG,
    /** No reply: the endpoint failed or did not answer within the timeout. */
    NO_ANSWER,
    /**
     * The reply was valid but claimed a restart with more confidence than the deterministic rules give the same
     * facts: it was kept with its confidence capped (ModelCorroboration), so a human approves instead.
     */
    CONFIDENCE_CAPPED
}
