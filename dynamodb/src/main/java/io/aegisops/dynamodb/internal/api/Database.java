package io.aegisops.dynamodb.internal.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aegisops.dynamodb.internal.ApiException;
import io.aegisops.dynamodb.internal.store.Storage;
import io.aegisops.dynamodb.internal.table.Key;
import io.aegisops.dynamodb.internal.table.Table;
import io.aegisops.dynamodb.internal.value.Value;
import io.aegisops.dynamodb.internal.value.Values;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The tables and the one lock that makes every write, transactions included, serialisable: writers hold the
 * write lock for the few microseconds a write takes in memory (plus the storage commit when durable); readers
 * share the read lock. Writes are written through to {@link Storage} before they are acknowledged.
 */
public final class Database implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final long FIVE_YEARS_SECONDS = 5L * 366 * 24 * 3600;

    private final Map<String, Table> tables = new TreeMap<>();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Storage storage;
    private final Clock clock;
    private final String region;
    private final String accountId;

    public Database(Storage storage, Clock clock, String region, String accountId) {
        this.storage = storage;
        this.clock = clock;
        this.region = region;
        this.accountId = accountId;
        load();
    }

    public Clock clock() {
        return clock;
    }

    public String tableArn(String table) {
        return "arn:aws:dynamodb:" + region + ":" + accountId + ":table/" + table;
    }

    // ---- locking -------------------------------------------------------------------------------------

    public <T> T read(Supplier<T> work) {
        lock.readLock().lock();
        try {
            return work.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Runs {@code work} alone and makes what it wrote durable before answering. */
    public <T> T write(Supplier<T> work) {
        lock.writeLock().lock();
        try {
            T result = work.get();
            storage.commit();
            return result;
        } finally {
            lock.writeLock().unlock();
        }
    }

    // ---- tables --------------------------------------------------------------------------------------

    /** The table, or ResourceNotFoundException. Call under a lock. */
    public Table table(String name) {
        Table table = tables.get(name);
        if (table == null) {
            throw ApiException.resourceNotFound("Requested resource not found");
        }
        return table;
    }

    public Table tableOrNull(String name) {
        return tables.get(name);
    }

    public List<String> tableNames() {
        return new ArrayList<>(tables.keySet());
    }

    public void createTable(Table table) {
        tables.put(table.schema().name(), table);
        saveTable(table);
    }

    public void saveTable(Table table) {
        storage.putTable(table.schema().name(), TableCodec.toStored(table).toString());
    }

    public void dropTable(String name) {
        tables.remove(name);
        storage.dropTable(name);
    }

    // ---- items ---------------------------------------------------------------------------------------

    public Map<String, Value> put(Table table, Key key, Map<String, Value> item) {
        Map<String, Value> old = table.put(key, item);
        if (storage.durable()) {
            storage.putItem(
                    table.schema().name(),
                    storedKey(table, item),
                    Values.json(item).toString());
        }
        return old;
    }

    public Map<String, Value> delete(Table table, Key key) {
        Map<String, Value> old = table.delete(key);
        if (old != null && storage.durable()) {
            storage.deleteItem(table.schema().name(), storedKey(table, old));
        }
        return old;
    }

    private static String storedKey(Table table, Map<String, Value> item) {
        return Values.json(table.keyAttributes(item)).toString();
    }

    // ---- time to live --------------------------------------------------------------------------------

    /** Deletes the items whose TTL attribute is an epoch-seconds number in the past (not more than 5 years). */
    public int sweepExpired() {
        long now = clock.instant().getEpochSecond();
        List<String> withTtl = read(() -> tables.values().stream()
                .filter(t -> t.ttlAttribute() != null)
                .map(t -> t.schema().name())
                .toList());
        int deleted = 0;
        for (String name : withTtl) {
            deleted += write(() -> {
                Table table = tables.get(name);
                if (table == null || table.ttlAttribute() == null) {
                    return 0;
                }
                List<Key> expired = new ArrayList<>();
                table.items().forEach((key, item) -> {
                    if (item.get(table.ttlAttribute()) instanceof Value.N n && expired(n.value(), now)) {
                        expired.add(key);
                    }
                });
                expired.forEach(key -> delete(table, key));
                return expired.size();
            });
        }
        return deleted;
    }

    private static boolean expired(BigDecimal epochSeconds, long now) {
        return epochSeconds.compareTo(BigDecimal.valueOf(now)) <= 0
                && epochSeconds.compareTo(BigDecimal.valueOf(now - FIVE_YEARS_SECONDS)) > 0;
    }

    // ---- start and stop ------------------------------------------------------------------------------

    private void load() {
        storage.tables().forEach((name, stored) -> {
            try {
                Table table = TableCodec.fromStored((ObjectNode) JSON.readTree(stored));
                for (String itemJson : storage.items(name).values()) {
                    Map<String, Value> item = Values.item(JSON.readTree(itemJson));
                    table.put(table.keyOfItem(item), item);
                }
                tables.put(name, table);
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException("stored table " + name + " could not be read", e);
            }
        });
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            storage.close();
        } finally {
            lock.writeLock().unlock();
        }
    }
}
