package io.aegisops.contracts;

import java.util.List;

/** What the safety policy allows, and why. */
public record Decision(DecisionMode mode, List<String> reasons, boolean dryRun) {

    public Decision {
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
    }
}
