package io.aegisops.local.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.aegisops.contracts.console.ConsolePolicy;
import io.aegisops.contracts.console.WebjarFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operator console's static files under {@code /console/}, read from this package's resources: plain HTML, CSS
 * and JavaScript modules that talk only to the REST API. Every answer carries a Content-Security-Policy that allows
 * scripts, styles and calls from this origin alone and no inline script, so even text that slipped into the page as
 * markup could run nothing.
 */
public final class ConsoleAssets implements HttpHandler {

    public static final String PATH = "/console/";

    static final String CONTENT_SECURITY_POLICY = ConsolePolicy.contentSecurityPolicy("");

    /** Flat names only: no directory, no dot segment, so nothing outside the console's resources is reachable. */
    private static final Pattern FILE = Pattern.compile("([a-z0-9-]{1,64})\\.(html|css|js|json|svg|png)");

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "json", "application/json",
            "svg", "image/svg+xml",
            "png", "image/png");

    private final Map<String, Optional<byte[]>> files = new ConcurrentHashMap<>();

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            securityHeaders(exchange);
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(
                        exchange,
                        405,
                        "text/plain; charset=utf-8",
                        "method not allowed\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String path = exchange.getRequestURI().getRawPath();
            if (path.equals("/console")) {
                exchange.getResponseHeaders().set("Location", PATH);
                send(exchange, 308, "text/plain; charset=utf-8", null);
                return;
            }
            String name = path.startsWith(PATH) ? path.substring(PATH.length()) : "/";
            Matcher file = FILE.matcher(name.isEmpty() ? "index.html" : name);
            Optional<byte[]> body = file.matches() ? read(file.group(0)) : Optional.empty();
            if (body.isEmpty()) {
                send(
                        exchange,
                        404,
                        "text/plain; charset=utf-8",
                        "no such console file\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            send(exchange, 200, TYPES.get(file.group(2)), method.equals("HEAD") ? null : body.get());
        }
    }

    private Optional<byte[]> read(String name) {
        return files.computeIfAbsent(name, n -> {
            if (WebjarFiles.names().contains(n)) {
                return WebjarFiles.read(n);
            }
            try (InputStream in = ConsoleAssets.class.getResourceAsStream(n)) {
                return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the console file " + n, e);
            }
        });
    }

    private static void securityHeaders(HttpExchange exchange) {
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Cache-Control", "no-cache");
    }

    /** {@code body} null: a HEAD answer, headers only. */
    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        if (body == null || body.length == 0) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
