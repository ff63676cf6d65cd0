package io.aegisops.functions.diagnose;

import io.aegisops.contracts.Action;
import io.aegisops.contracts.Diagnosis;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A model's remedy (RESTART, ROLLBACK, SCALE_UP, STOP) held against the deterministic rules' diagnosis of the same
 * facts. Whatever the logs made a model say, it never gets a remedy more confidence than the rules give it: when the
 * rules propose the same action, the model's confidence is capped at theirs; when they propose anything else, it is
 * capped at the unconfirmed ceiling, below the auto threshold, so a human approves. NOOP and ESCALATE touch nothing
 * and pass unchanged. The rules weigh the evidence (health, probe, resources, logs), so a remedy the host does not
 * bear out is capped here; a stale alert never gets this far ({@link Diagnoser} lets the rules settle it). Pure.
 */
public final class ModelCorroboration {

    private ModelCorroboration() {}

    /** The diagnosis to act on, and when it was capped, why (a reason for the decision). */
    public record Corroborated(Diagnosis diagnosis, Optional<String> caveat) {}

    public static Corroborated check(Diagnosis model, Diagnosis rules, double unconfirmedCeiling) {
        Action action = model.action();
        if (!action.changesTarget()) {
            return new Corroborated(model, Optional.empty());
        }
        boolean backed = rules.action() == action;
        double limit = backed ? rules.confidence() : unconfirmedCeiling;
        if (model.confidence() <= limit) {
            return new Corroborated(model, Optional.empty());
        }
        String caveat = (backed
                        ? "the deterministic rules back the model's " + action + " at " + format(rules.confidence())
                                + " only"
                        : "the deterministic rules do not back the model's " + action + " (they propose "
                                + rules.action() + ")")
                + ": confidence capped from " + format(model.confidence()) + " to " + format(limit);
        List<String> evidence = new ArrayList<>(model.evidence());
        evidence.add(caveat);
        return new Corroborated(
                new Diagnosis(
                        model.rootCause(),
                        model.action(),
                        limit,
                        model.justification(),
                        evidence,
                        model.source(),
                        model.model(),
                        model.latencyMs()),
                Optional.of(caveat));
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
