package io.aegisops.dynamodb.internal.store;

import java.util.Map;

enum NoStorage implements Storage {
    INSTANCE;

    @Override
    public boolean durable() {
        return false;
    }

    @Override
    public Map<String, String> tables() {
        return Map.of();
    }

    @Override
    public Map<String, String> items(String table) {
        return Map.of();
    }

    @Override
    public void putTable(String table, String definition) {
    }

    @Override
    public void dropTable(String table) {
    }

    @Override
    public void putItem(String table, String key, String item) {
    }

    @Override
    public void deleteItem(String table, String key) {
    }

    @Override
    public void commit() {
    }

    @Override
    public void close() {
    }
}
