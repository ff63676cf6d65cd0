package io.aegisops.dynamodb.internal.table;

import java.util.List;

/** A secondary index: its keys, what it projects, and whether it is local (same partition key as the table). */
public record IndexSchema(String name, KeyDef hash, KeyDef range, String projectionType, List<String> nonKeyAttributes,
                          long readCapacity, long writeCapacity, boolean local) {
}
