package io.aegisops.functions.runbook;

import io.aegisops.contracts.RunbookEntry;
import java.util.Optional;
import java.util.function.Function;

/** What has worked before, per signature. Changes are compare-and-set on {@link RunbookEntry#version()}. */
public interface RunbookStore {

    Optional<RunbookEntry> find(String signature);

    /**
     * Applies {@code change} to the current entry (empty when there is none) and stores its result with the
     * next version, unless someone else changed the entry in between, in which case it re-reads and re-applies.
     * An empty result means "nothing to change" and writes nothing. {@code change} must be free of side effects.
     *
     * @return the stored entry, or empty when nothing was written
     */
    Optional<RunbookEntry> update(String signature, Function<Optional<RunbookEntry>, Optional<RunbookEntry>> change);
}
