package io.aegisops.contracts.tables;

/** A global secondary index projecting all attributes. {@code sortKey} may be null. */
public record IndexDefinition(String name, KeyAttribute partitionKey, KeyAttribute sortKey) {}
