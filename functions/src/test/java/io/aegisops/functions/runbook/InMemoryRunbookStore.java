package io.aegisops.functions.runbook;

import io.aegisops.contracts.RunbookEntry;
import io.aegisops.contracts.RunbookToggle;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
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

    @Override
    public synchronized List<RunbookEntry> list(int max) {
        return entries.values().stream()
                .sorted(Comparator.comparing(RunbookEntry::signature))
                .limit(max)
                .toList();
    }

    @Override
    public synchronized Optional<RunbookEntry> toggle(String signature, RunbookToggle toggle) {
        Optional<RunbookEntry> next = find(signature).map(entry -> entry.toggled(toggle));
        next.ifPresent(entry -> entries.put(signature, entry));
        return next;
    }
}
