package io.aegisops.dynamodb.internal.table;

import java.util.List;
import java.util.Map;

/** A table's definition as CreateTable and UpdateTable leave it. */
public record TableSchema(
        String name,
        KeyDef hash,
        KeyDef range,
        Map<String, String> attributeTypes,
        List<IndexSchema> indexes,
        String billingMode,
        long readCapacity,
        long writeCapacity,
        double createdAt,
        String tableId) {

    public IndexSchema index(String indexName) {
        for (IndexSchema index : indexes) {
            if (index.name().equals(indexName)) {
                return index;
            }
        }
        return null;
    }

    public boolean isKey(String attribute) {
        return hash.name().equals(attribute) || (range != null && range.name().equals(attribute));
    }

    public TableSchema withIndexes(List<IndexSchema> newIndexes, Map<String, String> newAttributeTypes) {
        return new TableSchema(
                name,
                hash,
                range,
                newAttributeTypes,
                List.copyOf(newIndexes),
                billingMode,
                readCapacity,
                writeCapacity,
                createdAt,
                tableId);
    }

    public TableSchema withBilling(String mode, long read, long write) {
        return new TableSchema(name, hash, range, attributeTypes, indexes, mode, read, write, createdAt, tableId);
    }
}
