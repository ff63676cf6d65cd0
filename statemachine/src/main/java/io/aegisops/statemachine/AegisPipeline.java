package io.aegisops.statemachine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The pipeline definition, {@code aegis-pipeline.asl.json}: the file CDK and LocalStack deploy,
 * packaged at the root of this module's class path for the embedded stack. Its placeholders are the
 * function ARNs ({@code ${DiagnoseFunctionArn}}, …) and the numeric settings
 * ({@code ${VerifyMaxAttempts}}, …) listed in docs/architecture.md.
 */
public final class AegisPipeline {

    public static final String RESOURCE = "aegis-pipeline.asl.json";

    private AegisPipeline() {}

    /** The definition with its placeholders still in it. */
    public static DefinitionTemplate template() {
        try (InputStream in = AegisPipeline.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the class path");
            }
            return new DefinitionTemplate(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
