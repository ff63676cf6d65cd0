package io.aegisops.functions.config;

import io.aegisops.contracts.Json;
import io.aegisops.contracts.TargetsConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads the targets inventory from the environment: {@code AEGIS_TARGETS} (the JSON itself) or
 * {@code AEGIS_TARGETS_FILE} (a path to it). No targets configured means every alert is escalated.
 */
public final class TargetsSource {

    public static final String TARGETS = "AEGIS_TARGETS";
    public static final String TARGETS_FILE = "AEGIS_TARGETS_FILE";

    private TargetsSource() {}

    /**
     * @throws IllegalArgumentException naming the variable when its content is not a valid targets document
     */
    public static TargetsConfig load(Map<String, String> env) {
        String inline = env.get(TARGETS);
        String file = env.get(TARGETS_FILE);
        if (inline != null && !inline.isBlank()) {
            return parse(inline, TARGETS);
        }
        if (file != null && !file.isBlank()) {
            try {
                return parse(Files.readString(Path.of(file)), TARGETS_FILE + "=" + file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + TARGETS_FILE + "=" + file, e);
            }
        }
        return new TargetsConfig(null);
    }

    private static TargetsConfig parse(String json, String origin) {
        try {
            return Json.read(json, TargetsConfig.class);
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalArgumentException("invalid targets in " + origin + ": " + cause.getMessage(), e);
        }
    }
}
