package io.aegisops.dynamodb.internal.store;

import java.util.Map;

/**
 * Where the engine keeps what it must not forget across a restart. The engine's working set is always in
 * memory; a durable storage is written through on every acknowledged write and read back once at start.
 */
public interface Storage extends AutoCloseable {

    /** Whether anything is kept: writers skip serialising items for a storage that keeps nothing. */
    boolean durable();

    /** Table definitions by table name, as JSON. */
    Map<String, String> tables();

    /** One table's items by their key, as JSON. */
    Map<String, String> items(String table);

    void putTable(String table, String definition);

    void dropTable(String table);

    void putItem(String table, String key, String item);

    void deleteItem(String table, String key);

    /** Makes every write since the last commit durable; called before a write is acknowledged. */
    void commit();

    @Override
    void close();

    /** Nothing kept: the in-memory default. */
    static Storage none() {
        return NoStorage.INSTANCE;
    }
}
