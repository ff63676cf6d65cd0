package io.aegisops.functions.notify;

import io.aegisops.functions.config.Env;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Where a notification links to. {@code consoleUrl} is the prefix the execution ARN is appended to (on AWS,
 * {@code https://<region>.console.aws.amazon.com/states/home?region=<region>#/v2/executions/details/});
 * {@code apiUrl} is the REST API's base URL, for the incident and its approval route.
 */
public record NotifyLinks(String consoleUrl, String apiUrl) {

    public static final String CONSOLE_URL = "AEGIS_CONSOLE_URL";
    public static final String API_URL = "AEGIS_API_URL";

    public static NotifyLinks fromEnv(Map<String, String> env) {
        return new NotifyLinks(Env.text(env, CONSOLE_URL), Env.text(env, API_URL));
    }

    public String executionUrl(String executionArn) {
        return consoleUrl == null || executionArn == null
                ? null
                : consoleUrl + URLEncoder.encode(executionArn, StandardCharsets.UTF_8);
    }

    public String incidentUrl(String incidentId) {
        return apiUrl == null ? null : base() + "/incidents/" + incidentId;
    }

    /** {@code POST} here with {@code {decision: APPROVE|REJECT, comment?}} and an approver token (the approver is its owner). */
    public String approvalUrl(String incidentId) {
        return apiUrl == null ? null : base() + "/incidents/" + incidentId + "/approval";
    }

    private String base() {
        return apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
    }
}
