package io.aegisops.functions.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aegisops.contracts.Action;
import io.aegisops.contracts.ApprovalRecord;
import io.aegisops.contracts.Incident;
import io.aegisops.contracts.Json;
import io.aegisops.contracts.TimelineEntry;
import io.aegisops.contracts.TimelineStage;
import io.aegisops.contracts.logging.EventLog;
import io.aegisops.contracts.logging.LogContext;
import io.aegisops.functions.notify.SlackMessage;
import io.aegisops.functions.store.IncidentNotFoundException;
import io.aegisops.functions.store.IncidentStore;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code POST /slack/interactions}: an approval message's Approve or Reject button, as Slack posts it
 * ({@code application/x-www-form-urlencoded}, {@code payload=<block_actions JSON>}, signed with the app's signing
 * secret). The button's value is the incident id; the Slack user is mapped to a configured approver
 * ({@link Approvers}), whose decision goes through the one single-use {@link ApprovalDesk}, clearance included.
 *
 * <p>A bad or stale signature is 401 and reads nothing. Everything else is answered 200, as Slack expects: a
 * decision replaces the message through the interaction's {@code response_url}: its blocks stay, its buttons give
 * way to "Approved by @ana at 03:12 UTC — restarting buggy-app". An unknown user, a decision above the approver's
 * clearance, an approval already decided (a replay, a second click) or no longer pending is told to the clicker
 * alone ({@code response_type: ephemeral}) and changes nothing.
 */
public final class SlackInteractions {

    private static final EventLog LOG = EventLog.of(SlackInteractions.class);
    private static final DateTimeFormatter CLOCK_TIME =
            DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final Supplier<Credentials> credentials;
    private final ApprovalDesk approvals;
    private final IncidentStore store;
    private final SlackResponder responder;
    private final Clock clock;

    public SlackInteractions(
            Supplier<Credentials> credentials,
            ApprovalDesk approvals,
            IncidentStore store,
            SlackResponder responder,
            Clock clock) {
        this.credentials = credentials;
        this.approvals = approvals;
        this.store = store;
        this.responder = responder;
        this.clock = clock;
    }

    /** @throws ApiException 401 for a missing, wrong or stale signature; 400 or 415 for a body Slack never sends */
    ApiResponse handle(ApiRequest request) {
        Credentials current = credentials.get(); // one read: the signing secrets and approvers of one version
        SlackSignature.Verdict verdict = SlackSignature.verify(
                request.headers(), request.body(), current.slackSigningSecrets(), clock.instant());
        if (verdict != SlackSignature.Verdict.VALID) {
            LOG.warn("slack.refused", "reason", verdict.name());
            throw ApiException.unauthorized(verdict.reason());
        }
        JsonNode payload = payload(request);
        URI responseUrl = responseUrl(payload);
        JsonNode action = payload.path("actions").path(0);
        String actionId = action.path("action_id").asText("");
        boolean approve = actionId.equals(SlackMessage.APPROVE_ACTION);
        if (!payload.path("type").asText("").equals("block_actions")
                || !(approve || actionId.equals(SlackMessage.REJECT_ACTION))) {
            return tellClicker(responseUrl, "AegisOps answers only its Approve and Reject buttons; nothing was done.");
        }
        String incidentId = action.path("value").asText("");
        if (!IngestApi.isIncidentId(incidentId)) {
            return tellClicker(responseUrl, "That button names no incident; nothing was done.");
        }
        LogContext.incident(incidentId);
        String slackUser = payload.path("user").path("id").asText("");
        Optional<Approver> approver = current.approvers().slackUser(slackUser);
        if (approver.isEmpty()) {
            LOG.info("slack.unknownUser", "incidentId", incidentId, "slackUser", slackUser);
            return tellClicker(
                    responseUrl,
                    "Your Slack user (" + slackUser + ") is not a configured approver, so nothing was done. An"
                            + " operator adds it to " + Approvers.APPROVERS + " (name:role:clearance:slackUserId).");
        }
        return decide(incidentId, approve, approver.get(), slackUser, responseUrl, payload.path("message"));
    }

    /** @param message the message whose button was pressed, as Slack sends it back: kept, without its buttons */
    private ApiResponse decide(
            String incidentId,
            boolean approve,
            Approver approver,
            String slackUser,
            URI responseUrl,
            JsonNode message) {
        Incident decided;
        try {
            decided = approvals.decide(incidentId, approve, false, approver, null, ApprovalRecord.VIA_SLACK);
        } catch (IncidentNotFoundException missing) {
            return tellClicker(responseUrl, "There is no incident " + incidentId + "; nothing was done.");
        } catch (ApprovalForbiddenException beyondClearance) {
            return tellClicker(responseUrl, "Not yours to decide: " + beyondClearance.getMessage() + ".");
        } catch (ApprovalConflictException conflict) {
            LOG.info("slack.alreadyDecided", "incidentId", incidentId, "approver", approver.name());
            return tellClicker(responseUrl, alreadyDecided(incidentId, conflict));
        }
        String text = decidedText(decided, approve, approver, slackUser, clock.instant());
        ObjectNode update = Json.mapper().createObjectNode();
        update.put("replace_original", true);
        update.put("text", text);
        JsonNode blocks = message.path("blocks");
        if (blocks.isArray() && !blocks.isEmpty()) {
            // the incident's facts and links stay in the channel; the buttons go, the decision takes their place
            ArrayNode kept = update.putArray("blocks");
            blocks.forEach(block -> {
                if (!block.path("block_id").asText().equals(SlackMessage.DECISION_BLOCK)) {
                    kept.add(block);
                }
            });
            kept.addObject()
                    .put("type", "section")
                    .putObject("text")
                    .put("type", "mrkdwn")
                    .put("text", text);
        }
        respond(responseUrl, update);
        return ApiResponse.json(200, update);
    }

    /**
     * "✅ Approved by <@U01ANA> (ana, team-lead) at 03:12 UTC — restarting buggy-app unless it recovered": Slack
     * renders the mention as the user's name; the service is escaped, as everything from an incident is. A press is
     * never forced: the target is re-checked first, and the outcome message says when it was found healthy.
     */
    static String decidedText(Incident incident, boolean approved, Approver approver, String slackUser, Instant at) {
        String service = SlackMessage.escape(
                incident.target() == null
                        ? incident.incidentId()
                        : incident.target().service());
        Action action =
                incident.diagnosis() == null ? null : incident.diagnosis().action();
        return (approved ? "✅ Approved by " : "🚫 Rejected by ") + "<@" + slackUser + "> ("
                + SlackMessage.escape(approver.name() + ", " + approver.role()) + ") at " + CLOCK_TIME.format(at)
                + " UTC — "
                + (approved ? doing(action) + " " + service + " unless it recovered" : service + " is left as it is");
    }

    private static String doing(Action action) {
        return switch (action == null ? Action.NOOP : action) {
            case RESTART -> "restarting";
            case ROLLBACK -> "rolling back";
            case SCALE_UP -> "scaling up";
            case STOP -> "stopping";
            case NOOP, ESCALATE -> "acting on";
        };
    }

    /** Who decided, when the incident's timeline says (a replay, a second click); why it cannot be decided otherwise. */
    private String alreadyDecided(String incidentId, ApprovalConflictException conflict) {
        Optional<TimelineEntry> decision = store.get(incidentId)
                .flatMap(incident -> incident.timeline().stream()
                        .filter(e ->
                                e.approval() != null && (e.is(TimelineStage.APPROVED) || e.is(TimelineStage.REJECTED)))
                        .reduce((first, last) -> last));
        return decision.map(entry -> "Already decided: " + entry.stage().toLowerCase(Locale.ROOT) + " by "
                        + SlackMessage.escape(entry.approval().approver() + " ("
                                + entry.approval().role() + ")")
                        + " at " + CLOCK_TIME.format(entry.at()) + " UTC. Nothing was done again.")
                .orElse(SlackMessage.escape(conflict.getMessage()) + ". Nothing was done.");
    }

    /** An answer for the clicker alone, changing nothing: posted to the response URL and returned. */
    private ApiResponse tellClicker(URI responseUrl, String text) {
        ObjectNode message = Json.mapper().createObjectNode();
        message.put("response_type", "ephemeral");
        message.put("replace_original", false);
        message.put("text", text);
        respond(responseUrl, message);
        return ApiResponse.json(200, message);
    }

    private void respond(URI responseUrl, ObjectNode message) {
        if (responseUrl != null) {
            responder.respond(responseUrl, message);
        }
    }

    /** The {@code payload} field of the form Slack posts. */
    private static JsonNode payload(ApiRequest request) {
        String contentType = request.header("Content-Type");
        if (contentType != null
                && !contentType.split(";", 2)[0].trim().equalsIgnoreCase("application/x-www-form-urlencoded")) {
            throw ApiException.unsupportedMediaType("Content-Type must be application/x-www-form-urlencoded");
        }
        for (String field : new String(request.body(), StandardCharsets.UTF_8).split("&", -1)) {
            String[] kv = field.split("=", 2);
            if (kv.length == 2 && kv[0].equals("payload")) {
                try {
                    JsonNode payload = Json.mapper().readTree(URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
                    if (payload != null && payload.isObject()) {
                        return payload;
                    }
                } catch (IOException | IllegalArgumentException malformed) {
                    // answered below
                }
            }
        }
        throw ApiException.badRequest("the body must be payload=<JSON object>, as Slack posts interactions");
    }

    private static URI responseUrl(JsonNode payload) {
        String url = payload.path("response_url").asText("");
        try {
            URI uri = URI.create(url);
            return uri.getScheme() != null
                            && (uri.getScheme().equals("https")
                                    || uri.getScheme().equals("http"))
                            && uri.getHost() != null
                    ? uri
                    : null;
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }
}
