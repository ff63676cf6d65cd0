package io.aegisops.functions.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aegisops.contracts.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The alert payloads under {@code src/test/resources/alerts/}, written from each format's documentation. */
public final class Fixtures {

    private Fixtures() {}

    public static String text(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/alerts/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture alerts/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectNode tree(String name) {
        try {
            return (ObjectNode) Json.mapper().readTree(text(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A file of {@code docs/integrations/}, the configuration and payloads the integration page shows: the tests
     * feed them to ingest, so the page cannot drift from what ingest takes.
     */
    public static String integrationFile(String relativePath) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path file = dir.resolve("docs/integrations").resolve(relativePath);
            if (Files.isRegularFile(file)) {
                try {
                    return Files.readString(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        throw new IllegalArgumentException(
                "no docs/integrations/" + relativePath + " above " + Path.of("").toAbsolutePath());
    }

    public static JsonNode parse(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
