package io.aegisops.functions.runbook;

import io.aegisops.contracts.RunbookEntry;
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
}
