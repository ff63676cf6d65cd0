package io.aegisops.contracts.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The routes of the REST API, all served by the ingest function (docs/architecture.md, section 5). */
public enum ApiRoute {
    POST_ALERTS("POST", "/alerts"),
    LIST_INCIDENTS("GET", "/incidents"),
    GET_INCIDENT("GET", "/incidents/{id}"),
    DECIDE_APPROVAL("POST", "/incidents/{id}/approval"),
    /** Slack's interactivity requests (an approval message's buttons), signed with the Slack app's signing secret. */
    SLACK_INTERACTIONS("POST", "/slack/interactions"),
    /** The execution of an incident: the state machine's definition and the states it went through (the console). */
    GET_EXECUTION("GET", "/incidents/{id}/execution"),
    /** The learned runbook entries and the settings that decide when they may act (the console's Runbook page). */
    LIST_RUNBOOK("GET", "/runbook"),
    /** An operator disables a runbook entry, with a comment: it then neither diagnoses nor grants autonomy. */
    DISABLE_RUNBOOK_ENTRY("POST", "/runbook/{signature}/disable"),
    ENABLE_RUNBOOK_ENTRY("POST", "/runbook/{signature}/enable"),
    /** MTTR, outcomes, diagnoses by source and restart budgets over the last days (the console's Analytics page). */
    GET_STATS("GET", "/stats"),
    /** The edge agents' last liveness reports, each marked stale or not (the console's Agents page). */
    LIST_AGENTS("GET", "/agents");

    private final String method;
    private final String path;

    ApiRoute(String method, String path) {
        this.method = method;
        this.path = path;
    }

    public String method() {
        return method;
    }

    /** The resource path template, as API Gateway names it: {@code {id}} is a path parameter. */
    public String path() {
        return path;
    }

    /**
     * The path parameters by name when {@code requestPath} fits this route's template, else empty. Empty segments
     * are ignored, so {@code /incidents/} fits {@code /incidents}.
     */
    public Optional<Map<String, String>> match(String requestPath) {
        List<String> template = segments(path);
        List<String> actual = segments(requestPath);
        if (template.size() != actual.size()) {
            return Optional.empty();
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < template.size(); i++) {
            String expected = template.get(i);
            if (expected.startsWith("{") && expected.endsWith("}")) {
                parameters.put(expected.substring(1, expected.length() - 1), actual.get(i));
            } else if (!expected.equals(actual.get(i))) {
                return Optional.empty();
            }
        }
        return Optional.of(parameters);
    }

    private static List<String> segments(String path) {
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/", -1)) {
            if (!segment.isEmpty()) {
                segments.add(segment);
            }
        }
        return segments;
    }
}
