package io.aegisops.dynamodb.internal.table;

import io.aegisops.dynamodb.internal.ApiException;
import io.aegisops.dynamodb.internal.value.Value;
import io.aegisops.dynamodb.internal.value.Values;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * One table's items and its secondary indexes, kept in step on every write. Not thread-safe: the database
 * serialises writers and lets readers share.
 */
public final class Table {

    private TableSchema schema;
    private String ttlAttribute;
    private final NavigableMap<Key, Map<String, Value>> items = new TreeMap<>();
    private final Map<String, NavigableMap<Key, Map<String, Value>>> indexes = new HashMap<>();
    private long sizeBytes;

    public Table(TableSchema schema) {
        this.schema = schema;
        schema.indexes().forEach(i -> indexes.put(i.name(), new TreeMap<>()));
    }

    public TableSchema schema() {
        return schema;
    }

    public String ttlAttribute() {
        return ttlAttribute;
    }

    public void ttlAttribute(String attribute) {
        this.ttlAttribute = attribute;
    }

    public NavigableMap<Key, Map<String, Value>> items() {
        return items;
    }

    public NavigableMap<Key, Map<String, Value>> index(String name) {
        return indexes.get(name);
    }

    public long sizeBytes() {
        return sizeBytes;
    }

    public long indexSize(String name) {
        return indexes.get(name).values().stream().mapToLong(Values::itemSize).sum();
    }

    // ---- keys ----------------------------------------------------------------------------------------

    /** The key of a request's {@code Key} map, which must name exactly the table's key attributes. */
    public Key keyOf(Map<String, Value> key) {
        int expected = schema.range() == null ? 1 : 2;
        Value hash = key.get(schema.hash().name());
        Value range = schema.range() == null ? null : key.get(schema.range().name());
        if (key.size() != expected || hash == null || (schema.range() != null && range == null)
                || !hash.type().equals(schema.hash().type())
                || (range != null && !range.type().equals(schema.range().type()))) {
            throw ApiException.validation("The provided key element does not match the schema");
        }
        requireKeyValue(schema.hash().name(), hash, true);
        if (range != null) {
            requireKeyValue(schema.range().name(), range, false);
        }
        return Key.of(hash, range);
    }

    /** The key of a whole item being written, with DynamoDB's messages for a missing or mistyped key. */
    public Key keyOfItem(Map<String, Value> item) {
        Value hash = keyAttribute(item, schema.hash(), true);
        Value range = schema.range() == null ? null : keyAttribute(item, schema.range(), false);
        return Key.of(hash, range);
    }

    private static Value keyAttribute(Map<String, Value> item, KeyDef def, boolean isHash) {
        Value v = item.get(def.name());
        if (v == null) {
            throw ApiException.validation("One or more parameter values were invalid: Missing the key " + def.name() + " in the item");
        }
        if (!v.type().equals(def.type())) {
            throw ApiException.validation("One or more parameter values were invalid: Type mismatch for key " + def.name()
                    + " expected: " + def.type() + " actual: " + v.type());
        }
        requireKeyValue(def.name(), v, isHash);
        return v;
    }

    private static void requireKeyValue(String name, Value v, boolean isHash) {
        boolean empty = (v instanceof Value.S s && s.value().isEmpty()) || (v instanceof Value.B b && b.value().length() == 0);
        if (empty) {
            throw ApiException.validation("One or more parameter values are not valid. The AttributeValue for a key attribute "
                    + "cannot contain an empty " + (v instanceof Value.S ? "string" : "binary") + " value. Key: " + name);
        }
        int size = v instanceof Value.S s ? Values.utf8Length(s.value()) : v instanceof Value.B b ? b.value().length() : 0;
        if (isHash && size > 2048) {
            throw ApiException.validation("One or more parameter values were invalid: Size of hashkey has exceeded the "
                    + "maximum size limit of 2048 bytes");
        }
        if (!isHash && size > 1024) {
            throw ApiException.validation("One or more parameter values were invalid: Aggregated size of all range keys "
                    + "has exceeded the size limit of 1024 bytes");
        }
    }

    /** Just the key attributes of an item, in key-schema order. */
    public Map<String, Value> keyAttributes(Map<String, Value> item) {
        Map<String, Value> key = new LinkedHashMap<>();
        key.put(schema.hash().name(), item.get(schema.hash().name()));
        if (schema.range() != null) {
            key.put(schema.range().name(), item.get(schema.range().name()));
        }
        return key;
    }

    /** Checks what DynamoDB checks of a whole item before writing it: size, and the types of index keys. */
    public void validate(Map<String, Value> item) {
        if (Values.itemSize(item) > Values.MAX_ITEM_BYTES) {
            throw ApiException.validation("Item size has exceeded the maximum allowed size");
        }
        for (IndexSchema index : schema.indexes()) {
            validateIndexKey(item, index, index.hash());
            if (index.range() != null) {
                validateIndexKey(item, index, index.range());
            }
        }
    }

    private static void validateIndexKey(Map<String, Value> item, IndexSchema index, KeyDef def) {
        Value v = item.get(def.name());
        if (v == null) {
            return;
        }
        if (!v.type().equals(def.type())) {
            throw ApiException.validation("One or more parameter values were invalid: Type mismatch for Index Key "
                    + def.name() + " Expected: " + def.type() + " Actual: " + v.type() + " IndexName: " + index.name());
        }
        if ((v instanceof Value.S s && s.value().isEmpty()) || (v instanceof Value.B b && b.value().length() == 0)) {
            throw ApiException.validation("One or more parameter values are not valid. A value specified for a secondary "
                    + "index key is not supported. The AttributeValue for a key attribute cannot contain an empty "
                    + (v instanceof Value.S ? "string" : "binary") + " value. IndexName: " + index.name() + ", IndexKey: "
                    + def.name());
        }
    }

    // ---- writes --------------------------------------------------------------------------------------

    /** Stores {@code item} under {@code key}, replacing what was there; answers the old item or null. */
    public Map<String, Value> put(Key key, Map<String, Value> item) {
        Map<String, Value> old = items.put(key, item);
        sizeBytes += Values.itemSize(item) - (old == null ? 0 : Values.itemSize(old));
        for (IndexSchema index : schema.indexes()) {
            NavigableMap<Key, Map<String, Value>> entries = indexes.get(index.name());
            if (old != null) {
                Key oldEntry = indexKey(index, key, old);
                if (oldEntry != null) {
                    entries.remove(oldEntry);
                }
            }
            Key entry = indexKey(index, key, item);
            if (entry != null) {
                entries.put(entry, item);
            }
        }
        return old;
    }

    public Map<String, Value> delete(Key key) {
        Map<String, Value> old = items.remove(key);
        if (old != null) {
            sizeBytes -= Values.itemSize(old);
            for (IndexSchema index : schema.indexes()) {
                Key entry = indexKey(index, key, old);
                if (entry != null) {
                    indexes.get(index.name()).remove(entry);
                }
            }
        }
        return old;
    }

    /** The item's place in {@code index}, or null when it lacks the index's keys (indexes are sparse). */
    public static Key indexKey(IndexSchema index, Key itemKey, Map<String, Value> item) {
        Value hash = item.get(index.hash().name());
        Value range = index.range() == null ? null : item.get(index.range().name());
        if (hash == null || (index.range() != null && range == null)) {
            return null;
        }
        return Key.indexEntry(hash, range, itemKey);
    }

    /** Adds an index (UpdateTable) and fills it from the items already stored. */
    public void addIndex(TableSchema newSchema, IndexSchema index) {
        NavigableMap<Key, Map<String, Value>> entries = new TreeMap<>();
        items.forEach((key, item) -> {
            Key entry = indexKey(index, key, item);
            if (entry != null && item.get(index.hash().name()).type().equals(index.hash().type())
                    && (index.range() == null || item.get(index.range().name()).type().equals(index.range().type()))) {
                entries.put(entry, item);
            }
        });
        indexes.put(index.name(), entries);
        schema = newSchema;
    }

    public void removeIndex(TableSchema newSchema, String name) {
        indexes.remove(name);
        schema = newSchema;
    }

    public void schema(TableSchema newSchema) {
        schema = newSchema;
    }
}
