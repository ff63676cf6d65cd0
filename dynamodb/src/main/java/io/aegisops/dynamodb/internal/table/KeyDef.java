package io.aegisops.dynamodb.internal.table;

/** One key attribute: its name and its scalar type (S, N or B). */
public record KeyDef(String name, String type) {
}
