package io.aegisops.contracts.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The operator console's files that come from a webjar on the class path rather than its own folder: uPlot (MIT),
 * the analytics page's charts, at the version the build resolved (its webjar's {@code pom.properties}), under a flat
 * name. The embedded stack serves them beside the console's files, and the CDK app deploys them there.
 */
public final class WebjarFiles {

    private static final String UPLOT = "/META-INF/resources/webjars/uplot/";

    /** Flat name → path in uPlot's webjar, below its version. */
    private static final Map<String, String> UPLOT_FILES = Map.of(
            "uplot.js", "dist/uPlot.esm.js",
            "uplot.css", "dist/uPlot.min.css");

    private WebjarFiles() {}

    /** The flat names, as the console's pages ask for them. */
    public static java.util.Set<String> names() {
        return UPLOT_FILES.keySet();
    }

    /**
     * The file's bytes, or empty when {@code name} is none of {@link #names()}.
     *
     * @throws IllegalStateException when uPlot's webjar is not on the class path
     */
    public static Optional<byte[]> read(String name) {
        String path = UPLOT_FILES.get(name);
        if (path == null) {
            return Optional.empty();
        }
        try (InputStream in = WebjarFiles.class.getResourceAsStream(UPLOT + uplotVersion() + "/" + path)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the console file " + name, e);
        }
    }

    private static String uplotVersion() {
        try (InputStream in =
                WebjarFiles.class.getResourceAsStream("/META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("uPlot's webjar (org.webjars.npm:uplot) is not on the class path");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read uPlot's webjar version", e);
        }
    }
}
