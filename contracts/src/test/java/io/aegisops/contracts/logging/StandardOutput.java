package io.aegisops.contracts.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.contracts.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What is written on standard output during each test ({@code @RegisterExtension}), where the shared log
 * configuration ({@link LogConfiguration}) writes its lines: read back as text, or as one JSON object per line.
 */
public final class StandardOutput implements BeforeEachCallback, AfterEachCallback {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private PrintStream console;

    @Override
    public void beforeEach(ExtensionContext context) {
        console = System.out;
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        System.setOut(console);
    }

    public String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    public List<JsonNode> lines() {
        return text().lines().map(line -> Json.read(line, JsonNode.class)).toList();
    }

    /** The one line written. */
    public JsonNode onlyLine() {
        assertThat(lines()).hasSize(1);
        return lines().getFirst();
    }
}
