package io.aegisops.local.trace;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * One line on what a pipeline step found or did, read from the state document it left behind (the paths
 * of docs/architecture.md, "The pipeline's state document").
 */
public final class StageSummary {

    private StageSummary() {
    }

    public static String describe(ExecutionTrace.StateVisit visit) {
        JsonNode doc = visit.output();
        if (visit.failed() != null && !visit.finished()) {
            return "";
        }
        if (doc == null) {
            return visit.failed() != null ? "failed: " + visit.failed() : "";
        }
        return switch (visit.name()) {
            case "CollectEvidence" -> evidence(doc.path("evidence"));
            case "Diagnose" -> diagnosis(doc.path("analysis"));
            case "RequestApproval" -> approval(doc.path("approval"), doc.path("error"));
            case "Remediate" -> remediation(doc.path("remediation"));
            case "Verify" -> verification(doc.path("verify"));
            case "NotifyOutcome" -> "the team is told: " + doc.at("/outcome/status").asText() + " (Slack, best effort)";
            case "Learn" -> doc.has("learnError") ? "could not close the incident: " + doc.at("/learnError/Error").asText()
                    : "incident closed as " + doc.at("/outcome/status").asText();
            default -> visit.name().startsWith("Outcome") ? doc.at("/outcome/status").asText() + ": " + doc.at("/outcome/reason").asText("") : "";
        };
    }

    static String evidence(JsonNode evidence) {
        if (evidence.isMissingNode()) {
            return "";
        }
        if (evidence.has("Error")) {
            return "no evidence: " + evidence.get("Error").asText();
        }
        if (evidence.path("available").isBoolean() && !evidence.get("available").asBoolean()) {
            return "no evidence: " + evidence.path("note").asText("");
        }
        JsonNode container = evidence.path("before");
        StringBuilder text = new StringBuilder("container ").append(container.path("status").asText("?"));
        if (container.hasNonNull("health")) {
            text.append(", ").append(container.get("health").asText());
        }
        if (container.path("oomKilled").asBoolean(false)) {
            text.append(", OOM-killed");
        }
        String logs = evidence.path("logs").asText("");
        if (!logs.isEmpty()) {
            text.append(", ").append(logs.split("\n").length).append(" log lines");
        }
        return text.toString();
    }

    static String diagnosis(JsonNode analysis) {
        JsonNode diagnosis = analysis.path("diagnosis");
        if (diagnosis.isMissingNode()) {
            return analysis.has("Error") ? "failed: " + analysis.get("Error").asText() : "";
        }
        return String.format(Locale.ROOT, "%s says %s (%.2f): %s → %s", diagnosis.path("source").asText(),
                diagnosis.path("action").asText(), diagnosis.path("confidence").asDouble(),
                ExecutionTrace.shorten(diagnosis.path("rootCause").asText(""), 60), analysis.at("/decision/mode").asText());
    }

    static String approval(JsonNode approval, JsonNode error) {
        if (approval.isMissingNode()) {
            return error.isMissingNode() ? "" : "no decision: " + error.path("Error").asText();
        }
        return (approval.path("approved").asBoolean(false) ? "approved by " : "rejected by ") + approval.path("approver").asText("?")
                + (approval.hasNonNull("comment") ? " (\"" + ExecutionTrace.shorten(approval.get("comment").asText(), 60) + "\")" : "");
    }

    static String remediation(JsonNode remediation) {
        if (remediation.isMissingNode()) {
            return "";
        }
        if (remediation.has("Error")) {
            return "not done: " + remediation.get("Error").asText();
        }
        return (remediation.path("dryRun").asBoolean(false) ? "dry run: " : "")
                + ExecutionTrace.shorten(remediation.path("message").asText(""), 90);
    }

    static String verification(JsonNode verify) {
        if (verify.isMissingNode()) {
            return "";
        }
        // after the Verify task the verdict is the probe's answer; the Pass states after it copy it to healthy
        boolean healthy = verify.has("healthy") ? verify.get("healthy").asBoolean() : verify.at("/result/success").asBoolean(false);
        String verdict = healthy ? "healthy" : "not healthy";
        String detail = verify.at("/result/httpStatus").isNumber() ? "HTTP " + verify.at("/result/httpStatus").asInt()
                : verify.at("/result/message").asText("");
        if (verify.has("error")) {
            detail = verify.at("/error/Error").asText();
        }
        return "attempt " + verify.path("attempt").asText("?") + ": " + verdict + (detail.isEmpty() ? "" : " (" + ExecutionTrace.shorten(detail, 70) + ")");
    }
}
