package io.aegisops.contracts;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * One entry of the inventory and allowlist. Configuration, never model output: the target of every
 * command comes from here, and an alert for a service not listed is escalated, never acted on.
 *
 * @param allowedActions the target's catalog of remedies ({@link Action}); NOOP and ESCALATE need no listing
 * @param restartBudget  how many remedies of any kind (restarts, rollbacks, scale-ups, stops) the target may get in
 *                       a window; the name is historical
 * @param scaleUp        how far SCALE_UP may raise the target's limits; null: SCALE_UP is refused
 */
public record Target(
        String service,
        String hostId,
        String container,
        String healthUrl,
        Set<Action> allowedActions,
        Set<Severity> approvalSeverities,
        RestartBudget restartBudget,
        ScaleUpBounds scaleUp) {

    public Target {
        requireText(service, "service");
        requireText(hostId, "hostId");
        requireText(container, "container");
        allowedActions = enumSetOf(allowedActions, Action.class);
        approvalSeverities = enumSetOf(approvalSeverities, Severity.class);
        restartBudget = restartBudget == null ? RestartBudget.DEFAULT : restartBudget;
    }

    /** A target without scale-up bounds (SCALE_UP is refused for it). */
    public Target(
            String service,
            String hostId,
            String container,
            String healthUrl,
            Set<Action> allowedActions,
            Set<Severity> approvalSeverities,
            RestartBudget restartBudget) {
        this(service, hostId, container, healthUrl, allowedActions, approvalSeverities, restartBudget, null);
    }

    /** Immutable and in declaration order, so the JSON form is stable. */
    private static <E extends Enum<E>> Set<E> enumSetOf(Set<E> values, Class<E> type) {
        EnumSet<E> copy = EnumSet.noneOf(type);
        if (values != null) {
            copy.addAll(values);
        }
        return Collections.unmodifiableSet(copy);
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("target." + field + " is required");
        }
    }
}
