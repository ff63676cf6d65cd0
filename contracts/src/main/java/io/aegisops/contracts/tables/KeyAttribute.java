package io.aegisops.contracts.tables;

public record KeyAttribute(String name, KeyType type) {

    public static KeyAttribute string(String name) {
        return new KeyAttribute(name, KeyType.STRING);
    }

    public static KeyAttribute number(String name) {
        return new KeyAttribute(name, KeyType.NUMBER);
    }
}
