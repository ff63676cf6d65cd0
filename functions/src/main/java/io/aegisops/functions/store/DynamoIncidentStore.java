package io.aegisops.functions.store;

import com.fasterxml.jackson.core.type.TypeReference;
import io.aegisops.contracts.Incident;
import io.aegisops.contracts.IncidentStatus;
import io.aegisops.contracts.Json;
import io.aegisops.contracts.TimelineEntry;
import io.aegisops.contracts.dynamo.ItemMapper;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Incidents as native DynamoDB items (the JSON contract's fields, see {@link ItemMapper}), plus two
 * store-only attributes: {@code listPartition} for the newest-first index and {@code approvalTaskToken}.
 */
public final class DynamoIncidentStore implements IncidentStore {

    /** Every incident sits in this partition of the {@code byCreated} index, so it lists newest first. */
    public static final String LIST_PARTITION = "INCIDENT";

    private static final String TOKEN = "approvalTaskToken";
    private static final String BY_STATUS = "byStatus";
    private static final String BY_CREATED = "byCreated";

    /** Listing bounds on the creation time (see {@link #createdWithin}). */
    private static final DateTimeFormatter NINE_DIGITS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    private static final DateTimeFormatter WHOLE_SECOND =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    /** Index pages one filtered listing reads at most (of {@code limit} incidents each). */
    static final int MAX_FILTERED_READS = 10;
    /** The attributes of a page cursor: the table's key and the queried index's. */
    private static final Set<String> BY_STATUS_CURSOR = Set.of("incidentId", "createdAt", "status");

    private static final Set<String> BY_CREATED_CURSOR = Set.of("incidentId", "createdAt", "listPartition");
    private static final AttributeValue ONE = AttributeValue.fromN("1");

    /** A condition no item meets, for the writes priming makes. */
    private static final String CANNOT_HOLD = "attribute_exists(incidentId) AND attribute_not_exists(incidentId)";

    /** Versions count up from zero: no incident has this one. */
    private static final long NO_VERSION = -1;

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoIncidentStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Optional<Incident> get(String incidentId) {
        Map<String, AttributeValue> item = dynamo.getItem(
                        b -> b.tableName(table).key(key(incidentId)).consistentRead(true))
                .item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    /**
     * The read, and each kind of write the handlers make (UpdateItem, PutItem, TransactWriteItems), so the SDK has
     * marshalled, signed and sent each once: every write on an incident that does not exist, under a condition that
     * cannot hold, so the table refuses it and nothing is written.
     */
    @Override
    public void prime(Incident absent) {
        get(absent.incidentId());
        try {
            dynamo.updateItem(replaceFields(absent.incidentId(), absent, NO_VERSION));
        } catch (ConditionalCheckFailedException refused) {
            // as intended: no incident has that version
        }
        try {
            dynamo.putItem(b -> b.tableName(table).item(toItem(absent)).conditionExpression(CANNOT_HOLD));
        } catch (ConditionalCheckFailedException refused) {
            // as intended: the condition cannot hold
        }
        try {
            dynamo.transactWriteItems(b -> b.transactItems(TransactWriteItem.builder()
                    .conditionCheck(c ->
                            c.tableName(table).key(key(absent.incidentId())).conditionExpression(CANNOT_HOLD))
                    .build()));
        } catch (TransactionCanceledException refused) {
            // as intended: the condition cannot hold
        }
    }

    @Override
    public boolean create(Incident incident) {
        try {
            dynamo.putItem(b ->
                    b.tableName(table).item(toItem(incident)).conditionExpression("attribute_not_exists(incidentId)"));
            return true;
        } catch (ConditionalCheckFailedException exists) {
            return false;
        }
    }

    @Override
    public Incident update(String incidentId, UnaryOperator<Incident> change) {
        return CompareAndSet.retry("incident " + incidentId, () -> {
            Incident current = get(incidentId).orElseThrow(() -> new IncidentNotFoundException(incidentId));
            Incident changed = change.apply(current);
            if (changed.equals(current)) {
                return current; // nothing to change: no write, no new version
            }
            Incident next = changed.toBuilder().version(current.version() + 1).build();
            dynamo.updateItem(replaceFields(incidentId, next, current.version()));
            return next;
        });
    }

    /**
     * An update that sets every field of {@code next} and removes the ones it lacks, if the version is still
     * {@code expected}. An UpdateItem rather than a PutItem, so the approval token is never touched by it.
     */
    private UpdateItemRequest replaceFields(String incidentId, Incident next, long expected) {
        Map<String, AttributeValue> item = ItemMapper.toItem(next);
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        List<String> sets = new ArrayList<>();
        List<String> removes = new ArrayList<>();
        for (RecordComponent field : Incident.class.getRecordComponents()) {
            String name = field.getName();
            if (name.equals("incidentId")) {
                continue;
            }
            names.put("#" + name, name);
            AttributeValue value = item.get(name);
            if (value == null) {
                removes.add("#" + name);
            } else {
                values.put(":" + name, value);
                sets.add("#" + name + " = :" + name);
            }
        }
        values.put(":expected", AttributeValue.fromN(Long.toString(expected)));
        String expression =
                "SET " + String.join(", ", sets) + (removes.isEmpty() ? "" : " REMOVE " + String.join(", ", removes));
        return UpdateItemRequest.builder()
                .tableName(table)
                .key(key(incidentId))
                .updateExpression(expression)
                .conditionExpression("#version = :expected")
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .build();
    }

    @Override
    public void putApprovalToken(String incidentId, String taskToken) {
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(key(incidentId))
                    .updateExpression("SET " + TOKEN + " = :token")
                    .conditionExpression("attribute_exists(incidentId)")
                    .expressionAttributeValues(Map.of(":token", AttributeValue.fromS(taskToken))));
        } catch (ConditionalCheckFailedException missing) {
            throw new IncidentNotFoundException(incidentId);
        }
    }

    @Override
    public Optional<String> takeApprovalToken(String incidentId) {
        try {
            Map<String, AttributeValue> old = dynamo.updateItem(b -> b.tableName(table)
                            .key(key(incidentId))
                            .updateExpression("REMOVE " + TOKEN)
                            .conditionExpression("attribute_exists(" + TOKEN + ")")
                            .returnValues(ReturnValue.ALL_OLD))
                    .attributes();
            return Optional.ofNullable(old.get(TOKEN)).map(AttributeValue::s);
        } catch (ConditionalCheckFailedException noToken) {
            return Optional.empty();
        }
    }

    @Override
    public Incident attachAlert(String incidentId, TimelineEntry entry, int timelineUpTo) {
        try {
            return fromItem(dynamo.updateItem(attach(incidentId, entry, timelineUpTo, false))
                    .attributes());
        } catch (ConditionalCheckFailedException countedEnough) {
            return countAlert(incidentId); // another alert took the timeline's last place meanwhile
        }
    }

    @Override
    public Incident countAlert(String incidentId) {
        try {
            return fromItem(dynamo.updateItem(count(incidentId, false)).attributes());
        } catch (ConditionalCheckFailedException missing) {
            throw new IncidentNotFoundException(incidentId);
        }
    }

    @Override
    public Optional<Incident> attachToOpen(String incidentId, TimelineEntry entry, int timelineUpTo) {
        try {
            return Optional.of(fromItem(dynamo.updateItem(attach(incidentId, entry, timelineUpTo, true))
                    .attributes()));
        } catch (ConditionalCheckFailedException failed) {
            if (!failed.hasItem()
                    || failed.item().isEmpty()
                    || fromItem(failed.item()).status().isTerminal()) {
                return Optional.empty();
            }
        }
        return countOnOpen(incidentId); // open, and its timeline has all the duplicates it keeps
    }

    @Override
    public Optional<Incident> countOnOpen(String incidentId) {
        try {
            return Optional.of(
                    fromItem(dynamo.updateItem(count(incidentId, true)).attributes()));
        } catch (ConditionalCheckFailedException endedOrMissing) {
            return Optional.empty();
        }
    }

    /** One more alert with a timeline entry while the count is below {@code upTo}; the old item if it fails. */
    private UpdateItemRequest attach(String incidentId, TimelineEntry entry, int upTo, boolean onlyOpen) {
        Map<String, String> names =
                new HashMap<>(Map.of("#alertCount", "alertCount", "#version", "version", "#timeline", "timeline"));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":one",
                ONE,
                ":empty",
                AttributeValue.fromL(List.of()),
                ":entries",
                entries(entry),
                ":upTo",
                AttributeValue.fromN(Integer.toString(upTo))));
        return UpdateItemRequest.builder()
                .tableName(table)
                .key(key(incidentId))
                .updateExpression("SET #alertCount = #alertCount + :one, #version = #version + :one, "
                        + "#timeline = list_append(if_not_exists(#timeline, :empty), :entries)")
                .conditionExpression(
                        "attribute_exists(incidentId) AND #alertCount < :upTo" + open(onlyOpen, names, values))
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .returnValues(ReturnValue.ALL_NEW)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
    }

    private UpdateItemRequest count(String incidentId, boolean onlyOpen) {
        Map<String, String> names = new HashMap<>(Map.of("#alertCount", "alertCount", "#version", "version"));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":one", ONE));
        return UpdateItemRequest.builder()
                .tableName(table)
                .key(key(incidentId))
                .updateExpression("SET #alertCount = #alertCount + :one, #version = #version + :one")
                .conditionExpression("attribute_exists(incidentId)" + open(onlyOpen, names, values))
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .returnValues(ReturnValue.ALL_NEW)
                .build();
    }

    /** The condition that the incident has not ended, if asked for, with its names and values added. */
    private static String open(boolean onlyOpen, Map<String, String> names, Map<String, AttributeValue> values) {
        if (!onlyOpen) {
            return "";
        }
        names.put("#status", "status");
        List<String> terminal = new ArrayList<>();
        for (IncidentStatus status : IncidentStatus.values()) {
            if (status.isTerminal()) {
                values.put(":" + status.name(), AttributeValue.fromS(status.name()));
                terminal.add(":" + status.name());
            }
        }
        return " AND NOT #status IN (" + String.join(", ", terminal) + ")";
    }

    @Override
    public Incident appendTimeline(String incidentId, TimelineEntry entry) {
        try {
            return fromItem(dynamo.updateItem(b -> b.tableName(table)
                            .key(key(incidentId))
                            .updateExpression(
                                    "SET #version = #version + :one, #timeline = list_append(if_not_exists(#timeline, :empty), :entries)")
                            .conditionExpression("attribute_exists(incidentId)")
                            .expressionAttributeNames(Map.of("#version", "version", "#timeline", "timeline"))
                            .expressionAttributeValues(Map.of(
                                    ":one", ONE, ":empty", AttributeValue.fromL(List.of()), ":entries", entries(entry)))
                            .returnValues(ReturnValue.ALL_NEW))
                    .attributes());
        } catch (ConditionalCheckFailedException missing) {
            throw new IncidentNotFoundException(incidentId);
        }
    }

    @Override
    public IncidentPage listMatching(IncidentFilter filter, int limit, String cursor) {
        IncidentStatus status = filter.status();
        Set<String> cursorKeys = status == null ? BY_CREATED_CURSOR : BY_STATUS_CURSOR;
        QueryRequest.Builder query =
                QueryRequest.builder().tableName(table).scanIndexForward(false).limit(limit);
        Map<String, AttributeValue> values = new HashMap<>();
        String partition;
        if (status == null) {
            query.indexName(BY_CREATED);
            partition = "listPartition = :p";
            values.put(":p", AttributeValue.fromS(LIST_PARTITION));
        } else {
            query.indexName(BY_STATUS).expressionAttributeNames(Map.of("#status", "status"));
            partition = "#status = :p";
            values.put(":p", AttributeValue.fromS(status.name()));
        }
        query.keyConditionExpression(partition + createdWithin(filter, values)).expressionAttributeValues(values);
        Map<String, AttributeValue> start = null;
        if (cursor != null) {
            start = decodeCursor(cursor, cursorKeys);
            if (status != null && !status.name().equals(start.get("status").s())) {
                throw new IllegalArgumentException("invalid cursor: it belongs to a listing of another status");
            }
            // DynamoDB refuses a start outside the key condition: a window that moved past the cursor has no more
            String after = start.get("createdAt").s();
            if (values.containsKey(":from")
                    && after.compareTo(values.get(":from").s()) < 0) {
                return new IncidentPage(List.of(), null);
            }
            if (values.containsKey(":to") && after.compareTo(values.get(":to").s()) > 0) {
                throw new IllegalArgumentException("invalid cursor: it lies after the listing's time range");
            }
        }
        // Service, severity and source are checked here, on whole index pages: a bounded number of them per call,
        // so a rare match cannot make one request read the whole table; the cursor resumes where reading stopped.
        List<Incident> kept = new ArrayList<>();
        Map<String, AttributeValue> lastKept = Map.of();
        int reads = 0;
        do {
            QueryResponse page = dynamo.query(query.exclusiveStartKey(start).build());
            reads++;
            for (Map<String, AttributeValue> item : page.items()) {
                Incident incident = fromItem(item);
                if (kept.size() < limit && filter.matches(incident)) {
                    kept.add(incident);
                    lastKept = item;
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (kept.size() < limit && start != null && filter.narrowsBeyondStatus() && reads < MAX_FILTERED_READS);
        String next;
        if (kept.size() == limit) {
            // as a DynamoDB query with a limit: a full page has a cursor, after its last incident
            Map<String, AttributeValue> last = new HashMap<>(lastKept);
            last.keySet().retainAll(cursorKeys);
            next = encodeCursor(last);
        } else {
            next = start == null ? null : encodeCursor(start);
        }
        return new IncidentPage(kept, next);
    }

    /**
     * The condition on the indexes' sort key for the filter's time range, its bounds added to {@code values}. The key
     * holds {@code Instant.toString()}, whose fraction has 0 to 9 digits ({@code 03:12:45Z} sorts after
     * {@code 03:12:45.5Z}), so the bounds are chosen to hold every incident in range, and {@link IncidentFilter#matches}
     * drops the few of the bounds' own seconds that are not: the lower bound with nine digits, the upper one as the
     * whole second of the last instant before {@code until}, included.
     */
    private static String createdWithin(IncidentFilter filter, Map<String, AttributeValue> values) {
        if (filter.since() != null) {
            values.put(":from", AttributeValue.fromS(NINE_DIGITS.format(filter.since())));
        }
        if (filter.until() != null) {
            values.put(
                    ":to",
                    AttributeValue.fromS(WHOLE_SECOND.format(filter.until().minusNanos(1))));
        }
        if (filter.since() != null && filter.until() != null) {
            return " AND createdAt BETWEEN :from AND :to";
        }
        if (filter.since() != null) {
            return " AND createdAt >= :from";
        }
        return filter.until() != null ? " AND createdAt <= :to" : "";
    }

    private static String encodeCursor(Map<String, AttributeValue> lastKey) {
        Map<String, String> keys = new TreeMap<>();
        lastKey.forEach((name, value) -> keys.put(name, value.s()));
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(Json.write(keys).getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, AttributeValue> decodeCursor(String cursor, Set<String> expectedKeys) {
        Map<String, String> keys;
        try {
            keys = Json.mapper()
                    .readValue(Base64.getUrlDecoder().decode(cursor), new TypeReference<Map<String, String>>() {});
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid cursor", e);
        }
        if (keys == null
                || !keys.keySet().equals(expectedKeys)
                || keys.values().stream().anyMatch(v -> v == null || v.isEmpty())) {
            throw new IllegalArgumentException("invalid cursor");
        }
        Map<String, AttributeValue> key = new HashMap<>();
        keys.forEach((name, value) -> key.put(name, AttributeValue.fromS(value)));
        return key;
    }

    private static AttributeValue entries(TimelineEntry entry) {
        return AttributeValue.fromL(List.of(ItemMapper.toAttribute(Json.mapper().valueToTree(entry))));
    }

    private static Map<String, AttributeValue> key(String incidentId) {
        return Map.of("incidentId", AttributeValue.fromS(incidentId));
    }

    /** The item for a new incident; {@link DynamoOpenIncidents} writes it in a transaction with its marker. */
    static Map<String, AttributeValue> toItem(Incident incident) {
        Map<String, AttributeValue> item = new HashMap<>(ItemMapper.toItem(incident));
        item.put("listPartition", AttributeValue.fromS(LIST_PARTITION));
        return item;
    }

    /** The incident of an item this store wrote, e.g. the old item a cancelled transaction returns. */
    static Incident fromItem(Map<String, AttributeValue> item) {
        return ItemMapper.fromItem(item, Incident.class);
    }
}
