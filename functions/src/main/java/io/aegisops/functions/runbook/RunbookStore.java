package io.aegisops.functions.runbook;

import io.aegisops.contracts.RunbookEntry;
import io.aegisops.contracts.RunbookToggle;
import java.util.List;
import java.util.Optional;

/** What has worked before, per signature. Changes are compare-and-set on {@link RunbookEntry#version()}. */
public interface RunbookStore {

    Optional<RunbookEntry> find(String signature);

    /**
     * Counts {@code lesson} on the entry of its signature ({@link RunbookLearning#learn}), exactly once per
     * incident: a retried Learn, even after other incidents' lessons, changes nothing.
     *
     * @return the stored entry, or empty when this incident's lesson was counted before
     */
    Optional<RunbookEntry> learn(Outcome lesson);

    /**
     * The entries, at most {@code max} of them, sorted by signature: one per pattern (alert type, service, action), so
     * a runbook stays small; a longer one is cut at {@code max}.
     */
    List<RunbookEntry> list(int max);

    /**
     * Records an operator's disable or enable on the entry of {@code signature} (compare-and-set, one version on),
     * keeping everything it has learned.
     *
     * @return the stored entry, or empty (and nothing written) when there is no entry of that signature
     */
    Optional<RunbookEntry> toggle(String signature, RunbookToggle toggle);
}
