package io.aegisops.functions.store;

import io.aegisops.contracts.Incident;
import io.aegisops.contracts.IncidentStatus;
import io.aegisops.contracts.TimelineEntry;
import io.aegisops.contracts.dynamo.ItemMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Incidents in memory, keeping the contract of {@link IncidentStore} as {@link DynamoIncidentStore} keeps it
 * ({@link IncidentStoreContract} holds both to it): an update is a compare-and-set on the version that re-reads and
 * re-applies its change when another writer came first, the approval token lives beside the incident, and what is
 * read back went through the same item mapping as a DynamoDB item. Not final: a test may override a method to make
 * it fail, as an unavailable table would.
 */
public class InMemoryIncidentStore implements IncidentStore {

    private final Map<String, Incident> incidents = new HashMap<>();
    private final Map<String, String> approvalTokens = new HashMap<>();

    @Override
    public synchronized Optional<Incident> get(String incidentId) {
        return Optional.ofNullable(incidents.get(incidentId));
    }

    @Override
    public synchronized boolean create(Incident incident) {
        return incidents.putIfAbsent(incident.incidentId(), stored(incident)) == null;
    }

    @Override
    public Incident update(String incidentId, UnaryOperator<Incident> change) {
        return CompareAndSet.retry("incident " + incidentId, () -> {
            Incident current = get(incidentId).orElseThrow(() -> new IncidentNotFoundException(incidentId));
            Incident changed = change.apply(current); // outside the lock, as a writer in another process
            if (changed.equals(current)) {
                return current;
            }
            Incident next =
                    stored(changed.toBuilder().version(current.version() + 1).build());
            synchronized (this) {
                if (incidents.get(incidentId).version() != current.version()) {
                    throw new CompareAndSet.Conflict("incident " + incidentId + " changed");
                }
                incidents.put(incidentId, next);
            }
            return next;
        });
    }

    @Override
    public synchronized void putApprovalToken(String incidentId, String taskToken) {
        existing(incidentId);
        approvalTokens.put(incidentId, taskToken);
    }

    @Override
    public synchronized Optional<String> takeApprovalToken(String incidentId) {
        return Optional.ofNullable(approvalTokens.remove(incidentId));
    }

    @Override
    public synchronized Incident attachAlert(String incidentId, TimelineEntry entry, int timelineUpTo) {
        Incident current = existing(incidentId);
        Incident.Builder next = current.toBuilder().alertCount(current.alertCount() + 1);
        if (current.alertCount() < timelineUpTo) {
            next.timeline(appended(current, entry));
        }
        return bumped(next);
    }

    @Override
    public synchronized Incident countAlert(String incidentId) {
        Incident current = existing(incidentId);
        return bumped(current.toBuilder().alertCount(current.alertCount() + 1));
    }

    @Override
    public synchronized Optional<Incident> attachToOpen(String incidentId, TimelineEntry entry, int timelineUpTo) {
        Incident current = incidents.get(incidentId);
        if (current == null || current.status().isTerminal()) {
            return Optional.empty();
        }
        return Optional.of(attachAlert(incidentId, entry, timelineUpTo));
    }

    @Override
    public synchronized Optional<Incident> countOnOpen(String incidentId) {
        Incident current = incidents.get(incidentId);
        if (current == null || current.status().isTerminal()) {
            return Optional.empty();
        }
        return Optional.of(countAlert(incidentId));
    }

    @Override
    public synchronized Incident appendTimeline(String incidentId, TimelineEntry entry) {
        Incident current = existing(incidentId);
        return bumped(current.toBuilder().timeline(appended(current, entry)));
    }

    @Override
    public synchronized IncidentPage listMatching(IncidentFilter filter, int limit, String cursor) {
        IncidentStatus status = filter.status();
        List<Incident> listed = incidents.values().stream()
                .filter(filter::matches)
                .sorted(Comparator.comparing(IndexKey::of, IndexKey.NEWEST_FIRST))
                .toList();
        int from = 0;
        if (cursor != null) {
            IndexKey after = IndexKey.decode(cursor, status);
            while (from < listed.size() && IndexKey.NEWEST_FIRST.compare(IndexKey.of(listed.get(from)), after) <= 0) {
                from++;
            }
        }
        List<Incident> page = listed.subList(from, Math.min(listed.size(), from + limit));
        // as a DynamoDB query with a limit: a full page has a cursor, even when nothing follows it
        return new IncidentPage(
                page, page.size() == limit ? IndexKey.of(page.getLast()).encode(status) : null);
    }

    /** Where an incident stands in the listing indexes; a page cursor names the last one's, opaque to the caller. */
    private record IndexKey(Instant createdAt, String incidentId) {

        static final Comparator<IndexKey> NEWEST_FIRST = Comparator.comparing(IndexKey::createdAt)
                .thenComparing(IndexKey::incidentId)
                .reversed();
        private static final String ALL = "*";

        static IndexKey of(Incident incident) {
            return new IndexKey(incident.createdAt(), incident.incidentId());
        }

        /** The cursor of a listing of {@code status} (null: all) whose page ended here. */
        String encode(IncidentStatus status) {
            String text = listing(status) + "\n" + createdAt + "\n" + incidentId;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
        }

        /** @throws IllegalArgumentException for a cursor this store did not hand out for a listing of {@code status} */
        static IndexKey decode(String cursor, IncidentStatus status) {
            try {
                String[] parts =
                        new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\n", -1);
                if (parts.length != 3 || !parts[0].equals(listing(status)) || parts[2].isEmpty()) {
                    throw new IllegalArgumentException("invalid cursor");
                }
                return new IndexKey(Instant.parse(parts[1]), parts[2]);
            } catch (IllegalArgumentException | DateTimeParseException e) {
                throw new IllegalArgumentException("invalid cursor", e);
            }
        }

        private static String listing(IncidentStatus status) {
            return status == null ? ALL : status.name();
        }
    }

    private Incident existing(String incidentId) {
        Incident current = incidents.get(incidentId);
        if (current == null) {
            throw new IncidentNotFoundException(incidentId);
        }
        return current;
    }

    /** Stores the incident one version on (the atomic updates bump the version themselves). */
    private Incident bumped(Incident.Builder next) {
        Incident incident = next.build();
        Incident stored =
                stored(incident.toBuilder().version(incident.version() + 1).build());
        incidents.put(stored.incidentId(), stored);
        return stored;
    }

    private static List<TimelineEntry> appended(Incident incident, TimelineEntry entry) {
        List<TimelineEntry> timeline = new ArrayList<>(incident.timeline());
        timeline.add(entry);
        return timeline;
    }

    /** The incident as a DynamoDB item would give it back. */
    private static Incident stored(Incident incident) {
        return ItemMapper.fromItem(ItemMapper.toItem(incident), Incident.class);
    }
}
