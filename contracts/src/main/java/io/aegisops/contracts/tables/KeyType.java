package io.aegisops.contracts.tables;

/** DynamoDB scalar attribute types usable in keys. */
public enum KeyType {
    STRING,
    NUMBER
}
