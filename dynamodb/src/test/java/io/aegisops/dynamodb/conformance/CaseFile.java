package io.aegisops.dynamodb.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One JSON file of conformance cases. {@code fixtures} name setup sequences that cases share; a case's
 * {@code setup} lists fixture names, wire requests ({@code {"op": ..., "request": ...}}) and item lists
 * ({@code {"put": "${table}", "items": [...]}}, one PutItem each).
 */
public record CaseFile(String file, Map<String, List<JsonNode>> fixtures, List<Case> cases) {

    /** A scenario run on fresh tables: its setup must succeed, then each step's answers are compared. */
    public record Case(String name, List<JsonNode> setup, List<Step> steps) {

        public Case {
            setup = setup == null ? List.of() : setup;
        }
    }

    /**
     * One wire operation, compared between moto and the engine, or between {@code expect} (AWS's documented
     * answer, where moto deviates from it; {@code awsDiffers} says why) and the engine.
     *
     * @param compareMessage compare error messages too (only where users match on them)
     * @param orderMatters   compare Scan items and BatchGetItem responses in order
     * @param paginate       follow LastEvaluatedKey / LastEvaluatedTableName and compare all pages
     * @param allSegments    run the Scan once per Segment of TotalSegments and compare the union
     * @param exactNumbers   compare numbers as text rather than numerically
     */
    public record Step(String op, JsonNode request, boolean compareMessage, boolean orderMatters, boolean paginate,
            boolean allSegments, boolean exactNumbers, Expect expect, String awsDiffers) {

        public Step {
            if ((expect == null) != (awsDiffers == null)) {
                throw new IllegalArgumentException(op + ": expect and awsDiffers go together");
            }
        }
    }

    /** AWS's answer as documented: status, error type and message for errors, body for successes. */
    public record Expect(int status, String type, String message, JsonNode body) {
    }

    /** Every {@code *.json} under {@code resources/conformance}, sorted by name. */
    public static List<CaseFile> loadAll(ObjectMapper json) {
        URL root = CaseFile.class.getResource("/conformance");
        if (root == null) {
            throw new IllegalStateException("no conformance cases on the test classpath");
        }
        try (Stream<Path> files = Files.list(Path.of(root.toURI()))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json"))
                    .sorted()
                    .map(f -> load(json, f))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static CaseFile load(ObjectMapper json, Path path) {
        try {
            record Content(Map<String, List<JsonNode>> fixtures, List<Case> cases) {
            }
            Content content = json.readValue(path.toFile(), Content.class);
            Set<String> names = new HashSet<>();
            content.cases().stream().filter(c -> !names.add(c.name())).findAny().ifPresent(c -> {
                throw new IllegalArgumentException(path + ": two cases are named " + c.name());
            });
            return new CaseFile(path.getFileName().toString(),
                    content.fixtures() == null ? Map.of() : content.fixtures(), content.cases());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }
}
