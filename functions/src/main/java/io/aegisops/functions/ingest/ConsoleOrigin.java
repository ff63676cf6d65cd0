package io.aegisops.functions.ingest;

import io.aegisops.functions.config.Env;
import java.util.Map;

/**
 * The operator console's origin on AWS ({@code AEGIS_CONSOLE_ORIGIN}, e.g. {@code https://d1234.cloudfront.net}): the
 * one cross-origin page allowed to read the API's answers. API Gateway answers its preflights; the function adds
 * {@code Access-Control-Allow-Origin} to an answer only when the request came from that origin. Unset (the embedded
 * stack, whose console is same-origin): no answer allows any other origin.
 */
public record ConsoleOrigin(String origin) {

    public static final String VARIABLE = "AEGIS_CONSOLE_ORIGIN";

    public static ConsoleOrigin fromEnv(Map<String, String> env) {
        return new ConsoleOrigin(Env.text(env, VARIABLE));
    }

    /** The origin to allow for a request carrying {@code requestOrigin} (its Origin header), or null: none. */
    public String allowed(String requestOrigin) {
        return origin != null && origin.equals(requestOrigin) ? origin : null;
    }
}
