package io.aegisops.functions.ingest;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aegisops.contracts.AlertSource;
import io.aegisops.contracts.ApprovalRecord;
import io.aegisops.contracts.Incident;
import io.aegisops.contracts.IncidentStatus;
import io.aegisops.contracts.Json;
import io.aegisops.contracts.NormalisedAlert;
import io.aegisops.contracts.Severity;
import io.aegisops.contracts.TimelineStage;
import io.aegisops.contracts.logging.EventLog;
import io.aegisops.contracts.logging.LogContext;
import io.aegisops.contracts.pipeline.ApiRoute;
import io.aegisops.contracts.redact.Redactor;
import io.aegisops.functions.agents.AgentStatuses;
import io.aegisops.functions.config.SecretsUnavailableException;
import io.aegisops.functions.console.Analytics;
import io.aegisops.functions.console.RunbookDesk;
import io.aegisops.functions.ingest.normalise.AlertLimitExceededException;
import io.aegisops.functions.ingest.normalise.AlertNormaliser;
import io.aegisops.functions.ingest.normalise.InvalidAlertException;
import io.aegisops.functions.ingest.normalise.TargetResolver;
import io.aegisops.functions.store.IncidentFilter;
import io.aegisops.functions.store.IncidentNotFoundException;
import io.aegisops.functions.store.IncidentPage;
import io.aegisops.functions.store.IncidentStore;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The REST routes ({@link ApiRoute}), as plain Java from request to response:
 * <ul>
 *   <li>{@code POST /alerts} (webhook token or signature): 202 {@code {incidentId, executionArn, status, duplicate}}
 *       for a single-alert format, {@code {results: [...], unmatched: [...]}} with one such entry per alert
 *       for Alertmanager and Grafana batches, and the alerts that matched no configured target;</li>
 *   <li>{@code GET /incidents?status=&service=&severity=&source=&since=&until=&limit=&cursor=&unmatched=} (approver
 *       token; {@code since} included and {@code until} not, ISO-8601 instants): {@code {incidents, nextCursor}},
 *       newest first; {@code unmatched=true} keeps a page's incidents of alerts that matched no target;</li>
 *   <li>{@code GET /incidents/{id}} (approver token): the incident with its timeline;</li>
 *   <li>{@code GET /incidents/{id}/execution} (approver token): the state machine's definition and the states the
 *       incident's execution visited, {@code {executionArn, status, startedAt, stoppedAt, definition, visits}};
 *       {@code ?visit=N}: the N-th visit with its input and output, redacted ({@link StateDocuments});</li>
 *   <li>{@code POST /incidents/{id}/approval} (approver token) {@code {decision: APPROVE|REJECT, approver?, comment?,
 *       force?}}:
 *       403 when the incident is more severe than the approver's clearance;</li>
 *   <li>{@code POST /slack/interactions} (Slack's signature): an approval message's button ({@link SlackInteractions});</li>
 *   <li>{@code GET /runbook} (approver token): the runbook's entries and settings ({@link RunbookDesk});</li>
 *   <li>{@code POST /runbook/{signature}/disable|enable} (approver token) {@code {comment}}: the operator's toggle,
 *       audited; 404 for an unknown signature;</li>
 *   <li>{@code GET /stats?days=} (approver token, 1 to 90 days, default 14): the console's analytics
 *       ({@link Analytics});</li>
 *   <li>{@code GET /agents} (approver token): {@code {agents, staleAfterSeconds}}, each edge agent's last liveness
 *       report marked {@code stale} when it is older than the threshold ({@link AgentStatuses}).</li>
 * </ul>
 * Every refusal is {@code {error, message}} with 400/401/403/404/405/409/413/415/422, and a refused request
 * stores and starts nothing: it is checked in full before anything is written.
 */
public final class IngestApi {

    private static final EventLog LOG = EventLog.of(IngestApi.class);

    public static final int MAX_BODY_BYTES = 256 * 1024;
    static final int MAX_COMMENT = 1000;
    static final int DEFAULT_PAGE = 20;
    static final int MAX_PAGE = 100;
    private static final Pattern INCIDENT_ID = Pattern.compile("[0-9A-Za-z_-]{1,80}");
    private static final Pattern SERVICE = Pattern.compile("[^\\p{Cntrl}]{1,128}");
    /** alertType#service#action, as {@link io.aegisops.contracts.RunbookEntry#signatureOf} writes it. */
    private static final Pattern RUNBOOK_SIGNATURE =
            Pattern.compile("[^\\p{Cntrl}#]{1,256}#[^\\p{Cntrl}]{1,256}#[A-Z_]{1,20}");

    private static final ObjectReader STRICT_JSON =
            Json.mapper().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final WebhookAuthenticator auth;
    private final AlertIntake intake;
    private final IncidentStore store;
    private final ApprovalDesk approvals;
    private final SlackInteractions slack;
    private final ExecutionViews executions;
    private final RunbookDesk runbook;
    private final Analytics analytics;
    private final AgentStatuses agents;
    private final int maxAlertsPerRequest;

    public IngestApi(
            WebhookAuthenticator auth,
            AlertIntake intake,
            IncidentStore store,
            ApprovalDesk approvals,
            SlackInteractions slack,
            ExecutionViews executions,
            RunbookDesk runbook,
            Analytics analytics,
            AgentStatuses agents,
            int maxAlertsPerRequest) {
        this.agents = agents;
        this.maxAlertsPerRequest = maxAlertsPerRequest;
        this.executions = executions;
        this.runbook = runbook;
        this.analytics = analytics;
        this.auth = auth;
        this.intake = intake;
        this.store = store;
        this.approvals = approvals;
        this.slack = slack;
    }

    public ApiResponse handle(ApiRequest request) {
        long started = System.nanoTime();
        ApiResponse response;
        try {
            response = route(request);
        } catch (ApiException refused) {
            response = ApiResponse.error(refused);
        } catch (SdkException unavailable) {
            LOG.error(
                    "dependency.failed",
                    "exception",
                    unavailable.getClass().getSimpleName(),
                    "errorCode",
                    errorCode(unavailable));
            response = ApiResponse.error(
                    new ApiException(503, "unavailable", "a backing service did not answer; retry the request"));
        } catch (SecretsUnavailableException unreadable) {
            // logged where it was read; a sender retries a 503, and the next read may well succeed
            response = ApiResponse.error(
                    new ApiException(503, "unavailable", "the credentials could not be read; retry the request"));
        } catch (RuntimeException bug) {
            LOG.error("request.failed", "exception", bug.getClass().getName());
            response = ApiResponse.error(new ApiException(500, "internal", "unexpected error"));
        }
        LOG.info(
                "request",
                "method",
                request.method(),
                "path",
                request.path(),
                "status",
                response.statusCode(),
                "ms",
                (System.nanoTime() - started) / 1_000_000);
        return response;
    }

    private ApiResponse route(ApiRequest request) {
        String method = request.method().toUpperCase(Locale.ROOT);
        for (ApiRoute route : ApiRoute.values()) {
            Optional<Map<String, String>> parameters = route.match(request.path());
            if (parameters.isPresent()) {
                requireMethod(method, route.method());
                return switch (route) {
                    case POST_ALERTS -> postAlerts(request);
                    case LIST_INCIDENTS -> listIncidents(request);
                    case GET_INCIDENT -> getIncident(request, parameters.get().get("id"));
                    case DECIDE_APPROVAL -> approve(request, parameters.get().get("id"));
                    case SLACK_INTERACTIONS -> {
                        requireSize(request);
                        yield slack.handle(request);
                    }
                    case GET_EXECUTION -> getExecution(request, parameters.get().get("id"));
                    case LIST_RUNBOOK -> {
                        auth.authenticateApprover(request.headers());
                        yield ApiResponse.json(200, runbook.list());
                    }
                    case DISABLE_RUNBOOK_ENTRY ->
                        toggleRunbookEntry(request, parameters.get().get("signature"), true);
                    case ENABLE_RUNBOOK_ENTRY ->
                        toggleRunbookEntry(request, parameters.get().get("signature"), false);
                    case GET_STATS -> {
                        auth.authenticateApprover(request.headers());
                        yield ApiResponse.json(
                                200, analytics.stats(days(request.query().get("days"))));
                    }
                    case LIST_AGENTS -> listAgents(request);
                };
            }
        }
        throw ApiException.notFound("no route " + method + " " + request.path());
    }

    private ApiResponse postAlerts(ApiRequest request) {
        requireSize(request);
        auth.authenticateSender(request.headers(), request.body());
        JsonNode payload = json(request);
        List<NormalisedAlert> alerts;
        boolean batch;
        try {
            batch = switch (AlertNormaliser.detect(payload)) {
                case ALERTMANAGER, GRAFANA -> true;
                case CLOUDWATCH, GENERIC -> false;
            };
            alerts = AlertNormaliser.normalise(payload, maxAlertsPerRequest);
        } catch (AlertLimitExceededException tooMany) {
            throw ApiException.tooLarge(tooMany.getMessage());
        } catch (InvalidAlertException invalid) {
            throw ApiException.unprocessable(invalid.getMessage());
        }
        List<IntakeResult> results = intake.acceptAll(alerts);
        List<Map<String, Object>> unmatched = unmatched(alerts, results);
        if (!unmatched.isEmpty()) {
            LOG.warn("alerts.unmatched", "count", unmatched.size(), "alerts", unmatched);
        }
        if (results.size() == 1) {
            LogContext.incident(results.getFirst().incidentId());
        }
        LOG.info(
                "alerts.accepted",
                "source",
                alerts.get(0).source(),
                "count",
                alerts.size(),
                "incidents",
                results.stream().map(IntakeResult::incidentId).toList(),
                "duplicates",
                results.stream().filter(IntakeResult::duplicate).count());
        return ApiResponse.json(202, batch ? Map.of("results", results, "unmatched", unmatched) : results.get(0));
    }

    /**
     * The firing alerts that matched no configured target (the pipeline escalates them): each with its index in the
     * request, its type and the labels the resolver read, so the sender can see which label to fix; redacted, as
     * everything ingest stores, logs or answers.
     */
    private static List<Map<String, Object>> unmatched(List<NormalisedAlert> alerts, List<IntakeResult> results) {
        List<Map<String, Object>> unmatched = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i).unmatched()) {
                // as stored: what the sender put in a label or the alert's name may be a secret
                NormalisedAlert alert = Redactor.redactAlert(alerts.get(i));
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("index", i);
                entry.put("alertType", alert.alertType());
                entry.put("incidentId", results.get(i).incidentId());
                entry.put("labels", TargetResolver.namingLabels(alert));
                unmatched.add(entry);
            }
        }
        return unmatched;
    }

    private ApiResponse listIncidents(ApiRequest request) {
        auth.authenticateApprover(request.headers());
        Map<String, String> query = request.query();
        String service = query.get("service");
        if (service != null && !SERVICE.matcher(service).matches()) {
            throw ApiException.badRequest("service must be 1 to 128 characters, no control characters");
        }
        Instant since = instantParameter(query, "since");
        Instant until = instantParameter(query, "until");
        IncidentFilter filter;
        try {
            filter = new IncidentFilter(
                    enumParameter(query, "status", IncidentStatus.class),
                    service,
                    enumParameter(query, "severity", Severity.class),
                    enumParameter(query, "source", AlertSource.class),
                    since,
                    until);
        } catch (IllegalArgumentException emptyWindow) {
            throw ApiException.badRequest(emptyWindow.getMessage()); // "since must be before until"
        }
        int limit = limit(query.get("limit"));
        IncidentPage page;
        try {
            page = store.listMatching(filter, limit, query.get("cursor"));
        } catch (IllegalArgumentException badCursor) {
            throw ApiException.badRequest("cursor is not one this API handed out");
        }
        List<Incident> incidents = page.incidents();
        if (unmatchedOnly(request.query().get("unmatched"))) {
            incidents = incidents.stream().filter(IngestApi::targetUnknown).toList();
        }
        ObjectNode body = Json.mapper().createObjectNode();
        body.set("incidents", Json.mapper().valueToTree(incidents));
        body.put("nextCursor", page.nextCursor()); // null on the last page, written as null
        return ApiResponse.json(200, body);
    }

    /** {@code unmatched=true}: only the incidents of alerts that matched no configured target. */
    private static boolean unmatchedOnly(String value) {
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw ApiException.badRequest("unmatched must be true or false");
    }

    private static boolean targetUnknown(Incident incident) {
        return incident.timeline().stream()
                .anyMatch(entry -> TimelineStage.TARGET_UNKNOWN.wireName().equals(entry.stage()));
    }

    private static <E extends Enum<E>> E enumParameter(Map<String, String> query, String name, Class<E> type) {
        String value = query.get(name);
        if (value == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(name + " must be one of " + List.of(type.getEnumConstants()));
        }
    }

    private ApiResponse getIncident(ApiRequest request, String id) {
        auth.authenticateApprover(request.headers());
        LogContext.incident(requireIncidentId(id));
        Incident incident = store.get(id).orElseThrow(() -> ApiException.notFound("no incident " + id));
        return ApiResponse.json(200, incident);
    }

    private ApiResponse getExecution(ApiRequest request, String id) {
        auth.authenticateApprover(request.headers());
        LogContext.incident(requireIncidentId(id));
        Incident incident = store.get(id).orElseThrow(() -> ApiException.notFound("no incident " + id));
        if (incident.executionArn() == null) {
            throw ApiException.notFound("incident " + id + " has no execution");
        }
        String visit = request.query().get("visit");
        if (visit != null) {
            int index = visitIndex(visit);
            return ApiResponse.json(
                    200,
                    executions
                            .visit(incident.executionArn(), index)
                            .orElseThrow(
                                    () -> ApiException.notFound("the execution of " + id + " has no visit " + index)));
        }
        ExecutionViews.ExecutionView view = executions
                .view(incident.executionArn())
                .orElseThrow(() -> ApiException.notFound("the execution of " + id + " is gone"));
        return ApiResponse.json(200, view);
    }

    private ApiResponse listAgents(ApiRequest request) {
        auth.authenticateApprover(request.headers());
        return ApiResponse.json(
                200,
                Map.of(
                        "agents",
                        agents.list(),
                        "staleAfterSeconds",
                        agents.staleAfter().toSeconds()));
    }

    private ApiResponse approve(ApiRequest request, String id) {
        requireSize(request);
        Approver approver = auth.authenticateApprover(request.headers());
        LogContext.incident(requireIncidentId(id));
        JsonNode body = json(request);
        if (!body.isObject()) {
            throw ApiException.unprocessable(
                    "the body must be {decision: APPROVE|REJECT, approver?, comment?, force?}");
        }
        String decision = body.path("decision").asText("");
        if (!decision.equals("APPROVE") && !decision.equals("REJECT")) {
            throw ApiException.unprocessable("decision must be APPROVE or REJECT");
        }
        JsonNode named = body.get("approver");
        if (named != null && !named.isNull() && !approver.name().equals(named.asText())) {
            throw ApiException.forbidden("approver must be the owner of the token, " + approver.name());
        }
        JsonNode commentNode = body.get("comment");
        if (commentNode != null && !commentNode.isNull() && !commentNode.isTextual()) {
            throw ApiException.unprocessable("comment must be a string");
        }
        String comment = commentNode == null || commentNode.isNull() ? null : commentNode.textValue();
        JsonNode forceNode = body.get("force");
        if (forceNode != null && !forceNode.isNull() && !forceNode.isBoolean()) {
            throw ApiException.unprocessable("force must be true or false");
        }
        boolean force = forceNode != null && forceNode.asBoolean(false);
        if (force && decision.equals("REJECT")) {
            throw ApiException.unprocessable("force applies to APPROVE only");
        }
        if (comment != null && comment.length() > MAX_COMMENT) {
            throw ApiException.unprocessable("comment is longer than " + MAX_COMMENT + " characters");
        }
        try {
            approvals.decide(id, decision.equals("APPROVE"), force, approver, comment, ApprovalRecord.VIA_API);
        } catch (IncidentNotFoundException missing) {
            throw ApiException.notFound("no incident " + id);
        } catch (ApprovalForbiddenException beyondClearance) {
            throw ApiException.forbidden(beyondClearance.getMessage());
        } catch (ApprovalConflictException conflict) {
            throw ApiException.conflict(conflict.getMessage());
        }
        return ApiResponse.json(
                200,
                Map.of("incidentId", id, "decision", decision, "approver", approver.name(), "role", approver.role()));
    }

    /**
     * {@code POST /runbook/{signature}/disable|enable} {@code {comment}}: the comment is required (the audit says
     * why); checked in full before the entry is touched.
     */
    private ApiResponse toggleRunbookEntry(ApiRequest request, String pathSegment, boolean disable) {
        requireSize(request);
        String signature = runbookSignature(pathSegment);
        Approver approver = auth.authenticateApprover(request.headers());
        JsonNode body = json(request);
        JsonNode commentNode = body.path("comment");
        if (!commentNode.isTextual() || commentNode.textValue().isBlank()) {
            throw ApiException.badRequest(
                    "the body must be {comment}: say why the entry is " + (disable ? "disabled" : "enabled"));
        }
        String comment = commentNode.textValue().strip();
        if (comment.length() > MAX_COMMENT) {
            throw ApiException.badRequest("comment is longer than " + MAX_COMMENT + " characters");
        }
        String shown = signature.substring(0, Math.min(signature.length(), 200));
        if (!RUNBOOK_SIGNATURE.matcher(signature).matches()) {
            throw ApiException.notFound("no runbook entry " + shown);
        }
        return runbook.toggle(signature, disable, approver.name(), approver.role(), comment)
                .map(row -> ApiResponse.json(200, row))
                .orElseThrow(() -> ApiException.notFound("no runbook entry " + shown));
    }

    /**
     * The signature a path segment names. A signature always holds {@code #}, which a URL carries as {@code %23}: a
     * segment without one is still percent-encoded (the path as API Gateway may pass it) and is decoded once; a
     * decoded one (the embedded stack's) is taken as it is.
     */
    static String runbookSignature(String pathSegment) {
        if (pathSegment.indexOf('#') >= 0) {
            return pathSegment;
        }
        try {
            return URLDecoder.decode(pathSegment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return pathSegment; // not a signature: answered 404 below
        }
    }

    private static int days(String value) {
        if (value == null) {
            return Analytics.DEFAULT_DAYS;
        }
        try {
            int days = Integer.parseInt(value);
            if (days >= 1 && days <= Analytics.MAX_DAYS) {
                return days;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest("days must be a whole number from 1 to " + Analytics.MAX_DAYS);
    }

    private static void requireSize(ApiRequest request) {
        if (request.body().length > MAX_BODY_BYTES) {
            throw ApiException.tooLarge("the body is " + request.body().length + " bytes; at most " + MAX_BODY_BYTES);
        }
    }

    /** The body as JSON: 415 unless the content type says JSON, 400 unless it is exactly one JSON value. */
    private static JsonNode json(ApiRequest request) {
        String contentType = request.header("Content-Type");
        String mediaType =
                contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/json")
                && !(mediaType.startsWith("application/") && mediaType.endsWith("+json"))) {
            throw ApiException.unsupportedMediaType("Content-Type must be application/json");
        }
        if (request.body().length == 0) {
            throw ApiException.badRequest("the body is empty");
        }
        try {
            JsonNode node = STRICT_JSON.readTree(request.body());
            if (node == null || node.isMissingNode()) {
                throw ApiException.badRequest("the body is empty");
            }
            return node;
        } catch (IOException malformed) {
            throw ApiException.badRequest("the body is not valid JSON");
        }
    }

    /** An ISO-8601 instant ({@code 2026-12-06T03:00:00Z}), or null when the parameter is absent. */
    private static Instant instantParameter(Map<String, String> query, String name) {
        String value = query.get(name);
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException notAnInstant) {
            throw ApiException.badRequest(name + " must be an ISO-8601 instant such as 2026-12-06T03:00:00Z");
        }
    }

    /** A visit's place in the execution's list of states entered: 0 to 4,999 (five history pages). */
    private static int visitIndex(String value) {
        try {
            int index = Integer.parseInt(value);
            if (index >= 0 && index < StepFunctionsExecutions.MAX_HISTORY_EVENTS) {
                return index;
            }
        } catch (NumberFormatException notANumber) {
            // answered below
        }
        throw ApiException.badRequest("visit must be a whole number from 0 to 4999");
    }

    private static int limit(String value) {
        if (value == null) {
            return DEFAULT_PAGE;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_PAGE) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest("limit must be a whole number from 1 to " + MAX_PAGE);
    }

    static boolean isIncidentId(String id) {
        return INCIDENT_ID.matcher(id).matches();
    }

    private static String requireIncidentId(String id) {
        if (!INCIDENT_ID.matcher(id).matches()) {
            throw ApiException.notFound("no incident " + id.substring(0, Math.min(id.length(), 80)));
        }
        return id;
    }

    private static void requireMethod(String method, String allowed) {
        if (!method.equals(allowed)) {
            throw new ApiException(405, "method_not_allowed", "use " + allowed);
        }
    }

    private static String errorCode(SdkException e) {
        return e instanceof AwsServiceException service && service.awsErrorDetails() != null
                ? service.awsErrorDetails().errorCode()
                : null;
    }
}
