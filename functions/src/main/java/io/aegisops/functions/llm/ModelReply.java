package io.aegisops.functions.llm;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.contracts.Action;
import io.aegisops.contracts.Diagnosis;
import io.aegisops.contracts.DiagnosisSource;
import io.aegisops.contracts.Json;
import io.aegisops.contracts.metrics.ModelDiscard;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Validates a model's answer against the schema it was given, independently of the provider (which may
 * ignore strict mode): a JSON object with exactly the schema's fields, an action in the allowed enum, a
 * confidence within [0, 1]. Anything else is discarded, whole.
 */
public final class ModelReply {

    private static final Set<String> FIELDS = Set.of("rootCause", "action", "confidence", "justification", "evidence");
    private static final int MAX_TEXT = 500;
    private static final int MAX_EVIDENCE = 10;

    private ModelReply() {}

    /** Either a diagnosis, or why the reply was discarded: {@code rejection} for the logs, {@code discard} counted. */
    public record Result(Optional<Diagnosis> diagnosis, String rejection, ModelDiscard discard) {}

    public static Result validate(String content, Set<Action> allowed, String model) {
        if (content == null || content.isBlank()) {
            return rejected("empty reply");
        }
        JsonNode reply;
        try {
            reply = Json.mapper().readTree(content);
        } catch (Exception e) {
            return rejected("reply is not JSON");
        }
        if (reply == null || !reply.isObject()) {
            return rejected("reply is not a JSON object");
        }
        List<String> extra = new ArrayList<>();
        reply.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                extra.add(name);
            }
        });
        if (!extra.isEmpty()) {
            return rejected("reply has fields outside the schema: " + extra);
        }
        JsonNode action = reply.get("action");
        if (action == null || !action.isTextual()) {
            return rejected("reply has no action");
        }
        Action chosen = allowed.stream()
                .filter(a -> a.name().equals(action.textValue()))
                .findFirst()
                .orElse(null);
        if (chosen == null) {
            return new Result(Optional.empty(), "action outside the allowed enum", ModelDiscard.OUT_OF_CATALOG);
        }
        JsonNode confidence = reply.get("confidence");
        if (confidence == null
                || !confidence.isNumber()
                || confidence.doubleValue() < 0
                || confidence.doubleValue() > 1) {
            return rejected("confidence missing or outside [0, 1]");
        }
        JsonNode rootCause = reply.get("rootCause");
        if (rootCause == null || !rootCause.isTextual() || rootCause.textValue().isBlank()) {
            return rejected("reply has no root cause");
        }
        JsonNode justification = reply.get("justification");
        JsonNode evidence = reply.get("evidence");
        if (evidence != null && !evidence.isArray()) {
            return rejected("evidence is not a list");
        }
        List<String> facts = new ArrayList<>();
        if (evidence != null) {
            for (JsonNode fact : evidence) {
                if (facts.size() < MAX_EVIDENCE) {
                    facts.add(clip(fact.asText()));
                }
            }
        }
        return new Result(
                Optional.of(new Diagnosis(
                        clip(rootCause.textValue()),
                        chosen,
                        confidence.doubleValue(),
                        justification == null ? "" : clip(justification.asText()),
                        facts,
                        DiagnosisSource.LLM,
                        model,
                        0)),
                null,
                null);
    }

    private static Result rejected(String reason) {
        return new Result(Optional.empty(), reason, ModelDiscard.INVALID);
    }

    private static String clip(String text) {
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "…";
    }
}
