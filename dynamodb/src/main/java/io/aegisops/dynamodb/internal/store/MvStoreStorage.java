package io.aegisops.dynamodb.internal.store;

import java.nio.file.Path;
import java.util.Map;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * Durable storage on H2's MVStore: pure Java (no native library to unpack, unlike SQLite's JDBC driver), one
 * file, copy-on-write pages with a commit per acknowledged write, so an answered write survives {@code kill -9}
 * of the process (the chunk is in the file before the answer leaves).
 */
public final class MvStoreStorage implements Storage {

    private static final String TABLES = "tables";
    private static final String ITEMS = "items:";

    private final MVStore store;
    private final MVMap<String, String> tables;

    public MvStoreStorage(Path file) {
        this.store = new MVStore.Builder()
                .fileName(file.toString())
                .autoCommitDisabled()
                .open();
        this.tables = store.openMap(TABLES);
    }

    @Override
    public boolean durable() {
        return true;
    }

    @Override
    public Map<String, String> tables() {
        return Map.copyOf(tables);
    }

    @Override
    public Map<String, String> items(String table) {
        return store.openMap(ITEMS + table);
    }

    @Override
    public void putTable(String table, String definition) {
        tables.put(table, definition);
    }

    @Override
    public void dropTable(String table) {
        tables.remove(table);
        store.removeMap(ITEMS + table);
    }

    @Override
    public void putItem(String table, String key, String item) {
        store.<String, String>openMap(ITEMS + table).put(key, item);
    }

    @Override
    public void deleteItem(String table, String key) {
        store.<String, String>openMap(ITEMS + table).remove(key);
    }

    @Override
    public void commit() {
        store.commit();
    }

    @Override
    public void close() {
        store.close();
    }
}
