package io.aegisops.functions.notify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aegisops.contracts.Json;
import java.util.Locale;

/**
 * A notification as a Slack incoming-webhook message in Block Kit, built with Jackson (the Slack model
 * library would add Gson and a second JSON stack for a handful of blocks). {@code text} is the fallback
 * shown in notifications. An approval request shows the exact approve/reject calls to make with an approver's
 * token and, when the Slack app's interactivity is configured ({@code AEGIS_SLACK_SIGNING_SECRET}), Approve and
 * Reject buttons: Slack posts a press to {@code POST /slack/interactions}, the button's value being the incident
 * id (never the task token).
 *
 * <p>Every value that comes from an incident (alert text, model output, names) is escaped as Slack asks
 * ({@code &}, {@code <}, {@code >} as HTML entities) before it goes into mrkdwn: {@code <https://evil|Approve here>}
 * or {@code <!channel>} in a root cause stays text, never a link or a mention.
 */
public final class SlackMessage {

    /** The buttons' {@code action_id}s, which {@code POST /slack/interactions} answers. */
    public static final String APPROVE_ACTION = "aegis_approve";

    public static final String REJECT_ACTION = "aegis_reject";

    /** The {@code block_id} of the buttons' block, which a decided message drops. */
    public static final String DECISION_BLOCK = "aegis_approval";

    private static final int MAX_SECTION = 2_900; // Slack's limit for a section's text is 3000

    private SlackMessage() {}

    /** The message without buttons: Slack's interactivity is not configured. */
    public static ObjectNode of(Notification n) {
        return of(n, false);
    }

    /** @param buttons whether an approval request gets Approve and Reject buttons */
    public static ObjectNode of(Notification n, boolean buttons) {
        ObjectNode message = Json.mapper().createObjectNode();
        message.put("text", escape(headline(n)));
        ArrayNode blocks = message.putArray("blocks");
        blocks.addObject().put("type", "header").set("text", plain(headline(n)));

        ObjectNode facts = blocks.addObject().put("type", "section");
        ArrayNode fields = facts.putArray("fields");
        field(fields, "Incident", "`" + escape(n.incidentId()) + "`");
        field(fields, "Target", n.service() == null ? "unknown service" : escape(n.service()));
        field(fields, "Alert", escape(n.alertType() + (n.severity() == null ? "" : " (" + n.severity() + ")")));
        if (n.action() != null) {
            field(
                    fields,
                    "Action",
                    escape(n.action() + (n.rollbackTo() == null ? "" : " to " + n.rollbackTo()))
                            + (n.dryRun() ? " (dry run)" : ""));
            field(
                    fields,
                    "Confidence",
                    escape(String.format(Locale.ROOT, "%.0f%% via %s", n.confidence() * 100, n.source())));
        }
        if (n.decision() != null) {
            field(fields, "Decision", escape(n.decision()));
        }
        if (n.mttrMs() != null) {
            field(fields, "MTTR", String.format(Locale.ROOT, "%.1f s", n.mttrMs() / 1000.0));
        }
        if (n.rootCause() != null) {
            section(blocks, "*Root cause:* " + escape(n.rootCause()));
        }
        if (!n.reasons().isEmpty()) {
            section(blocks, "*Why:* " + escape(String.join("; ", n.reasons())));
        }
        if (n.detail() != null && !Notification.DIAGNOSED.equals(n.event())) {
            section(blocks, "*Last step:* " + escape(n.detail()));
        }
        if (n.approvalUrl() != null) {
            section(
                    blocks,
                    "*Approve or reject* (with your approver token in $APPROVER_TOKEN):\n```"
                            + escape(approvalCall(n.approvalUrl(), "APPROVE") + "\n"
                                    + approvalCall(n.approvalUrl(), "REJECT"))
                            + "```");
        }
        if (buttons && Notification.AWAITING_APPROVAL.equals(n.event())) {
            ArrayNode decisions = blocks.addObject()
                    .put("type", "actions")
                    .put("block_id", DECISION_BLOCK)
                    .putArray("elements");
            decision(decisions, "Approve", APPROVE_ACTION, "primary", n.incidentId());
            decision(decisions, "Reject", REJECT_ACTION, "danger", n.incidentId());
        }
        ArrayNode links = Json.mapper().createArrayNode();
        link(links, "Execution", n.executionUrl());
        link(links, "Incident", n.incidentUrl());
        if (!links.isEmpty()) {
            blocks.addObject().put("type", "actions").set("elements", links);
        }
        return message;
    }

    /**
     * The message, calling {@code onCall} (a Slack mention from the configuration: {@code <!subteam^ID>},
     * {@code <!here>}, a user) on an escalation, in the fallback text (what pushes a notification) and first in the
     * message. Null: nobody is called.
     */
    public static ObjectNode of(Notification n, boolean buttons, String onCall) {
        ObjectNode message = of(n, buttons);
        if (onCall != null && Notification.ESCALATED.equals(n.event())) {
            message.put("text", onCall + " " + message.get("text").asText());
            ((ArrayNode) message.get("blocks"))
                    .insertObject(1)
                    .put("type", "section")
                    .putObject("text")
                    .put("type", "mrkdwn")
                    .put("text", "*On call:* " + onCall + ", a human is needed");
        }
        return message;
    }

    static String headline(Notification n) {
        String subject = n.service() == null ? n.incidentId() : n.service();
        return switch (n.event()) {
            case Notification.DIAGNOSED -> "🔎 Diagnosed: " + subject;
            case Notification.AWAITING_APPROVAL ->
                "✋ Approval needed: " + n.action() + " " + subject
                        + (n.rollbackTo() == null ? "" : " to " + n.rollbackTo());
            case "RESOLVED" -> "✅ Resolved: " + subject;
            case "NOOP" -> "💤 No action needed: " + subject;
            case "REJECTED" -> "🚫 Rejected: " + subject;
            case "FAILED" -> "❌ Remediation failed: " + subject;
            case "ESCALATED" -> "🚨 Escalated to a human: " + subject;
            default -> n.event() + ": " + subject;
        };
    }

    /**
     * A shell command to paste: double quotes everywhere, so that {@code $APPROVER_TOKEN} expands. The approver
     * is the owner of the token (the route takes it from there), so the body names only the decision.
     */
    static String approvalCall(String url, String decision) {
        return "curl -X POST \"" + url
                + "\" -H \"Authorization: Bearer $APPROVER_TOKEN\" -H \"Content-Type: application/json\""
                + " -d \"{\\\"decision\\\":\\\"" + decision + "\\\",\\\"comment\\\":\\\"\\\"}\"";
    }

    /** Slack's control characters as HTML entities ({@code &} first), so incident text is only ever text. */
    public static String escape(String text) {
        return text == null
                ? ""
                : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static ObjectNode plain(String text) {
        return Json.mapper()
                .createObjectNode()
                .put("type", "plain_text")
                .put("text", clip(text, 150))
                .put("emoji", true);
    }

    private static void field(ArrayNode fields, String label, String value) {
        fields.addObject().put("type", "mrkdwn").put("text", "*" + label + "*\n" + clip(value, 1_900));
    }

    private static void section(ArrayNode blocks, String markdown) {
        blocks.addObject()
                .put("type", "section")
                .putObject("text")
                .put("type", "mrkdwn")
                .put("text", clip(markdown, MAX_SECTION));
    }

    private static void link(ArrayNode buttons, String label, String url) {
        if (url != null) {
            buttons.addObject().put("type", "button").put("url", url).set("text", plain(label));
        }
    }

    /** A button Slack posts to the interactions route; its value is the incident id, all the route needs. */
    private static void decision(ArrayNode buttons, String label, String actionId, String style, String incidentId) {
        buttons.addObject()
                .put("type", "button")
                .put("action_id", actionId)
                .put("style", style)
                .put("value", incidentId)
                .set("text", plain(label));
    }

    /** At most {@code max} characters; never cuts an entity of {@link #escape} in half. */
    private static String clip(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        String cut = text.substring(0, max - 1);
        int entity = cut.lastIndexOf('&');
        if (entity >= 0 && cut.indexOf(';', entity) < 0) {
            cut = cut.substring(0, entity);
        }
        return cut + "…";
    }
}
