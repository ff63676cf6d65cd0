package io.aegisops.functions.runbook;

import io.aegisops.contracts.RunbookEntry;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The runbook in memory, keeping the contract of {@link RunbookStore} as {@link DynamoRunbookStore} keeps it
 * ({@link RunbookStoreContract} holds both to it): each incident's lesson is counted once, and every change moves
 * the entry one version on. Not final: a test may override a method to make it fail.
 */
public class InMemoryRunbookStore implements RunbookStore {

    private final Map<String, RunbookEntry> entries = new HashMap<>();
    private final Set<String> countedIncidents = new HashSet<>();

    @Override
    public synchronized Optional<RunbookEntry> find(String signature) {
        return Optional.ofNullable(entries.get(signature));
    }

    @Override
    public synchronized Optional<RunbookEntry> learn(Outcome lesson) {
        if (!countedIncidents.add(lesson.incidentId())) {
            return Optional.empty();
        }
        RunbookEntry next = RunbookLearning.stored(find(lesson.signature()), lesson);
        entries.put(lesson.signature(), next);
        return Optional.of(next);
    }
}
