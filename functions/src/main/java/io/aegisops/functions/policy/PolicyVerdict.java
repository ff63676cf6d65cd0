package io.aegisops.functions.policy;

import io.aegisops.contracts.Decision;
import io.aegisops.contracts.DecisionMode;

/** A decision and the rule that settled it. */
public record PolicyVerdict(Decision decision, PolicyRule rule) {

    public DecisionMode mode() {
        return decision.mode();
    }

    /** True when the remedy may be carried out: automatically, or once a human approved it. */
    public boolean permitsAction() {
        return mode() == DecisionMode.AUTO || mode() == DecisionMode.APPROVAL;
    }
}
