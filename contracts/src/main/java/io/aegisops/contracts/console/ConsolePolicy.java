package io.aegisops.contracts.console;

/**
 * The operator console's Content-Security-Policy, the same wherever it is served: scripts, styles and calls from its
 * own origin alone, no inline script or style attribute, no frames, no plugins. On AWS the REST API is on another
 * origin, the one other place the page may connect to.
 */
public final class ConsolePolicy {

    private ConsolePolicy() {}

    /** @param apiOrigin the API's origin when it is not the console's own ({@code https://...}), else empty */
    public static String contentSecurityPolicy(String apiOrigin) {
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'"
                + (apiOrigin.isEmpty() ? "" : " " + apiOrigin)
                + "; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";
    }
}
