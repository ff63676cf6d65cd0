package io.aegisops.local.edge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.aegisops.contracts.Json;
import io.aegisops.local.lambda.FunctionError;
import io.aegisops.local.lambda.LocalLambda;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * API Gateway (REST, Lambda proxy integration) in front of one function: turns each HTTP request into the
 * proxy event AWS would send, invokes the function in-process, and writes back its proxy response.
 */
public final class ApiGatewayProxy implements HttpHandler {

    /** A route of the REST API: method and resource template such as {@code /incidents/{id}}. */
    public record Route(String method, String resource) {
        Pattern pattern() {
            return Pattern.compile("^" + resource.replaceAll("\\{(\\w+)}", "(?<$1>[^/]+)") + "/?$");
        }

        List<String> parameterNames() {
            return Pattern.compile("\\{(\\w+)}")
                    .matcher(resource)
                    .results()
                    .map(m -> m.group(1))
                    .toList();
        }
    }

    private static final int MAX_BODY_BYTES = 10 * 1024 * 1024; // API Gateway's own payload limit

    private final LocalLambda lambda;
    private final String functionName;
    private final List<Route> routes;
    private final String stage;

    public ApiGatewayProxy(LocalLambda lambda, String functionName, List<Route> routes, String stage) {
        this.lambda = lambda;
        this.functionName = functionName;
        this.routes = List.copyOf(routes);
        this.stage = stage;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Optional<Map.Entry<Route, Matcher>> match = match(exchange.getRequestMethod(), path);
            if (match.isEmpty()) {
                boolean pathKnown =
                        routes.stream().anyMatch(r -> r.pattern().matcher(path).matches());
                // API Gateway's own answers for an unknown resource or method
                write(
                        exchange,
                        pathKnown ? 405 : 403,
                        Map.of("Content-Type", "application/json"),
                        pathKnown
                                ? "{\"message\":\"Method Not Allowed\"}"
                                : "{\"message\":\"Missing Authentication Token\"}");
                return;
            }
            byte[] body = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                write(exchange, 413, Map.of("Content-Type", "application/json"), "{\"message\":\"Request Too Long\"}");
                return;
            }
            byte[] event = Json.mapper()
                    .writeValueAsBytes(proxyEvent(
                            exchange, match.get().getKey(), match.get().getValue(), body));
            JsonNode response;
            try {
                response = Json.mapper().readTree(lambda.invoke(functionName, event));
            } catch (FunctionError e) {
                write(
                        exchange,
                        502,
                        Map.of("Content-Type", "application/json"),
                        "{\"message\":\"Internal server error\"}");
                return;
            }
            writeProxyResponse(exchange, response);
        }
    }

    private Optional<Map.Entry<Route, Matcher>> match(String method, String path) {
        for (Route route : routes) {
            Matcher m = route.pattern().matcher(path);
            if (route.method().equalsIgnoreCase(method) && m.matches()) {
                return Optional.of(Map.entry(route, m));
            }
        }
        return Optional.empty();
    }

    private ObjectNode proxyEvent(HttpExchange exchange, Route route, Matcher matcher, byte[] body) {
        ObjectNode event = Json.mapper().createObjectNode();
        event.put("resource", route.resource());
        event.put("path", exchange.getRequestURI().getPath());
        event.put("httpMethod", exchange.getRequestMethod());
        ObjectNode headers = event.putObject("headers");
        ObjectNode multiHeaders = event.putObject("multiValueHeaders");
        exchange.getRequestHeaders().forEach((name, values) -> {
            headers.put(name, String.join(",", values));
            multiHeaders.putPOJO(name, values);
        });
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        if (query.isEmpty()) {
            event.putNull("queryStringParameters");
        } else {
            ObjectNode q = event.putObject("queryStringParameters");
            query.forEach(q::put);
        }
        List<String> names = route.parameterNames();
        if (names.isEmpty()) {
            event.putNull("pathParameters");
        } else {
            ObjectNode p = event.putObject("pathParameters");
            names.forEach(n -> p.put(n, URLDecoder.decode(matcher.group(n), StandardCharsets.UTF_8)));
        }
        event.putNull("stageVariables");
        ObjectNode context = event.putObject("requestContext");
        context.put("resourcePath", route.resource());
        context.put("httpMethod", exchange.getRequestMethod());
        context.put("stage", stage);
        context.put("requestId", UUID.randomUUID().toString());
        context.put("requestTimeEpoch", Instant.now().toEpochMilli());
        context.putObject("identity")
                .put("sourceIp", exchange.getRemoteAddress().getAddress().getHostAddress());
        boolean text = isText(exchange.getRequestHeaders().getFirst("Content-Type"));
        if (body.length == 0) {
            event.putNull("body");
        } else {
            event.put(
                    "body",
                    text
                            ? new String(body, StandardCharsets.UTF_8)
                            : Base64.getEncoder().encodeToString(body));
        }
        event.put("isBase64Encoded", body.length > 0 && !text);
        return event;
    }

    private static boolean isText(String contentType) {
        if (contentType == null) {
            return true;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        return type.startsWith("text/")
                || type.contains("json")
                || type.contains("xml")
                || type.contains("x-www-form-urlencoded");
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            query.put(key, value);
        }
        return query;
    }

    private static void writeProxyResponse(HttpExchange exchange, JsonNode response) throws IOException {
        if (!response.hasNonNull("statusCode")) {
            write(exchange, 502, Map.of("Content-Type", "application/json"), "{\"message\":\"Internal server error\"}");
            return;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        response.path("headers")
                .fields()
                .forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
        String body =
                response.path("body").isNull() ? "" : response.path("body").asText("");
        byte[] bytes = response.path("isBase64Encoded").asBoolean(false)
                ? Base64.getDecoder().decode(body)
                : body.getBytes(StandardCharsets.UTF_8);
        write(exchange, response.get("statusCode").asInt(), headers, bytes);
    }

    static void write(HttpExchange exchange, int status, Map<String, String> headers, String body) throws IOException {
        write(exchange, status, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    static void write(HttpExchange exchange, int status, Map<String, String> headers, byte[] body) throws IOException {
        headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
