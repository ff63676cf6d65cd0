package io.aegisops.sqs.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * The SQS JSON protocol (AWS JSON 1.0, {@code X-Amz-Target: AmazonSQS.<Operation>}): reads a request, calls the
 * {@link Broker}, writes the answer or SQS's error. A ReceiveMessage that waits answers later, through its future.
 */
public final class Api {

    public static final String TARGET_PREFIX = "AmazonSQS.";

    /** One answer: the HTTP status, the {@code x-amzn-query-error} header (errors only) and the JSON body. */
    @SuppressWarnings("ArrayRecordComponent") // a response body is written out, never compared
    public record Answer(int status, String queryError, byte[] body) {}

    /**
     * Who asks, as far as answers depend on it: the base URL queue URLs start with (the address the caller used)
     * and the access key id it signed with (a message's SenderId).
     */
    public record Caller(String baseUrl, String accessKeyId) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern BATCH_ENTRY_ID = Pattern.compile("[A-Za-z0-9_-]{1,80}");
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,256}");
    private static final Pattern DATA_TYPE = Pattern.compile("(String|Number|Binary)(\\..{1,249})?");
    private static final int MAX_BATCH_ENTRIES = 10;
    private static final int MAX_MESSAGE_ATTRIBUTES = 10;

    private final Broker broker;

    public Api(Broker broker) {
        this.broker = broker;
    }

    /** Answers one call; the future is complete at once unless a ReceiveMessage waits for a message. */
    public CompletableFuture<Answer> call(String target, byte[] body, Caller caller) {
        try {
            if (target == null || !target.startsWith(TARGET_PREFIX)) {
                throw new SqsException(SqsError.UNKNOWN_OPERATION, "Missing or unknown X-Amz-Target: " + target);
            }
            JsonNode request = parse(body);
            String operation = target.substring(TARGET_PREFIX.length());
            if (operation.equals("ReceiveMessage")) {
                return receiveMessage(request).thenApply(Api::ok);
            }
            return CompletableFuture.completedFuture(ok(dispatch(operation, request, caller)));
        } catch (SqsException e) {
            return CompletableFuture.completedFuture(error(e));
        }
    }

    /** The answer to an error, for callers that fail before the engine sees the request. */
    public static Answer error(SqsException e) {
        ObjectNode body = JSON.createObjectNode();
        body.put("__type", e.error().type());
        body.put("message", e.getMessage());
        return new Answer(e.error().status(), e.error().queryError(), bytes(body));
    }

    private ObjectNode dispatch(String operation, JsonNode request, Caller caller) {
        return switch (operation) {
            case "CreateQueue" -> createQueue(request, caller);
            case "GetQueueUrl" -> getQueueUrl(request, caller);
            case "DeleteQueue" -> {
                broker.delete(queueName(request));
                yield JSON.createObjectNode();
            }
            case "ListQueues" -> listQueues(request, caller);
            case "GetQueueAttributes" -> getQueueAttributes(request);
            case "SetQueueAttributes" -> {
                queue(request).update(stringMap(request, "Attributes"));
                yield JSON.createObjectNode();
            }
            case "SendMessage" -> sendMessage(request, caller);
            case "SendMessageBatch" -> sendMessageBatch(request, caller);
            case "DeleteMessage" -> {
                queue(request).delete(required(request, "ReceiptHandle"));
                yield JSON.createObjectNode();
            }
            case "DeleteMessageBatch" -> deleteMessageBatch(request);
            case "ChangeMessageVisibility" -> {
                Queue queue = queue(request);
                queue.changeVisibility(required(request, "ReceiptHandle"), visibilityTimeout(request, true));
                yield JSON.createObjectNode();
            }
            case "ChangeMessageVisibilityBatch" -> changeMessageVisibilityBatch(request);
            case "PurgeQueue" -> {
                queue(request).purge();
                yield JSON.createObjectNode();
            }
            case "AddPermission",
                    "RemovePermission",
                    "TagQueue",
                    "UntagQueue",
                    "ListQueueTags",
                    "ListDeadLetterSourceQueues",
                    "StartMessageMoveTask",
                    "CancelMessageMoveTask",
                    "ListMessageMoveTasks" ->
                throw new SqsException(SqsError.UNSUPPORTED_OPERATION, operation + " is not supported by this engine.");
            default -> throw new SqsException(SqsError.UNKNOWN_OPERATION, "Unknown operation " + operation);
        };
    }

    private ObjectNode createQueue(JsonNode request, Caller caller) {
        Queue queue = broker.create(required(request, "QueueName"), stringMap(request, "Attributes"));
        return JSON.createObjectNode().put("QueueUrl", url(caller, queue.name()));
    }

    private ObjectNode getQueueUrl(JsonNode request, Caller caller) {
        String owner = text(request, "QueueOwnerAWSAccountId");
        if (owner != null && !owner.equals(broker.account())) {
            throw SqsException.queueDoesNotExist();
        }
        return JSON.createObjectNode()
                .put(
                        "QueueUrl",
                        url(caller, broker.get(required(request, "QueueName")).name()));
    }

    private ObjectNode listQueues(JsonNode request, Caller caller) {
        Integer max = integer(request, "MaxResults");
        if (max != null && (max < 1 || max > 1000)) {
            throw SqsException.invalidValue(max, "MaxResults", "MaxResults must be an integer between 1 and 1000.");
        }
        String after = text(request, "NextToken");
        if (after != null) {
            try {
                after = new String(Base64.getUrlDecoder().decode(after), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw SqsException.invalidParameter("Invalid NextToken value.");
            }
        }
        List<String> names = new ArrayList<>();
        for (String name : broker.names(text(request, "QueueNamePrefix"))) {
            if (after == null || name.compareTo(after) > 0) {
                names.add(name);
            }
        }
        int limit = max == null ? 1000 : max;
        ObjectNode answer = JSON.createObjectNode();
        if (!names.isEmpty()) {
            ArrayNode urls = answer.putArray("QueueUrls");
            names.stream().limit(limit).forEach(name -> urls.add(url(caller, name)));
        }
        if (max != null && names.size() > limit) {
            String last = names.get(limit - 1);
            answer.put(
                    "NextToken",
                    Base64.getUrlEncoder().withoutPadding().encodeToString(last.getBytes(StandardCharsets.UTF_8)));
        }
        return answer;
    }

    private ObjectNode getQueueAttributes(JsonNode request) {
        Queue queue = queue(request);
        List<String> wanted = stringList(request, "AttributeNames");
        Map<String, String> current = queue.attributes();
        for (String name : wanted) {
            if (!name.equals("All") && !QueueSettings.readable(name) && !current.containsKey(name)) {
                throw QueueSettings.unknownAttribute(name);
            }
        }
        ObjectNode answer = JSON.createObjectNode();
        if (wanted.isEmpty()) {
            return answer;
        }
        ObjectNode attributes = JSON.createObjectNode();
        boolean all = wanted.contains("All");
        current.forEach((name, value) -> {
            if (all || wanted.contains(name)) {
                attributes.put(name, value);
            }
        });
        if (!attributes.isEmpty()) {
            answer.set("Attributes", attributes);
        }
        return answer;
    }

    private ObjectNode sendMessage(JsonNode request, Caller caller) {
        Queue queue = queue(request);
        Outgoing message = outgoing(request, queue.settings());
        String id = queue.send(message.body(), message.attributes(), message.delaySeconds(), sender(caller));
        return sent(JSON.createObjectNode(), id, message);
    }

    private ObjectNode sendMessageBatch(JsonNode request, Caller caller) {
        Queue queue = queue(request);
        List<JsonNode> entries = batchEntries(request, "Send");
        long total = 0;
        for (JsonNode entry : entries) {
            total += utf8Length(text(entry, "MessageBody"));
            for (Map.Entry<String, JsonNode> attribute : fields(entry.get("MessageAttributes"))) {
                total += attribute.getKey().getBytes(StandardCharsets.UTF_8).length
                        + attribute.getValue().toString().length();
            }
        }
        if (total > QueueSettings.MAX_MESSAGE_SIZE) {
            throw new SqsException(
                    SqsError.BATCH_REQUEST_TOO_LONG,
                    "Batch requests cannot be longer than " + QueueSettings.MAX_MESSAGE_SIZE + " bytes. You have sent "
                            + total + " bytes.");
        }
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode successful = answer.putArray("Successful");
        ArrayNode failed = answer.putArray("Failed");
        for (JsonNode entry : entries) {
            String entryId = text(entry, "Id");
            try {
                Outgoing message = outgoing(entry, queue.settings());
                String id = queue.send(message.body(), message.attributes(), message.delaySeconds(), sender(caller));
                sent(successful.addObject().put("Id", entryId), id, message);
            } catch (SqsException e) {
                if (e.error() == SqsError.QUEUE_DOES_NOT_EXIST) {
                    throw e;
                }
                failure(failed, entryId, e);
            }
        }
        return answer;
    }

    private CompletableFuture<ObjectNode> receiveMessage(JsonNode request) {
        Queue queue = queue(request);
        Integer max = integer(request, "MaxNumberOfMessages");
        if (max != null && (max < 1 || max > 10)) {
            throw SqsException.invalidValue(max, "MaxNumberOfMessages", "Must be between 1 and 10, if provided.");
        }
        Integer wait = integer(request, "WaitTimeSeconds");
        if (wait != null && (wait < 0 || wait > QueueSettings.MAX_WAIT_TIME_SECONDS)) {
            throw SqsException.invalidValue(wait, "WaitTimeSeconds", "Must be >= 0 and <= 20, if provided.");
        }
        Integer visibility = request.hasNonNull("VisibilityTimeout") ? visibilityTimeout(request, false) : null;
        Set<String> system = new HashSet<>(stringList(request, "AttributeNames"));
        system.addAll(stringList(request, "MessageSystemAttributeNames"));
        List<String> attributeNames = stringList(request, "MessageAttributeNames");
        return queue.receive(max == null ? 1 : max, visibility, wait).thenApply(deliveries -> {
            ObjectNode answer = JSON.createObjectNode();
            if (!deliveries.isEmpty()) {
                ArrayNode messages = answer.putArray("Messages");
                deliveries.forEach(delivery -> received(messages.addObject(), delivery, system, attributeNames));
            }
            return answer;
        });
    }

    private ObjectNode deleteMessageBatch(JsonNode request) {
        Queue queue = queue(request);
        List<JsonNode> entries = batchEntries(request, "Delete");
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode successful = answer.putArray("Successful");
        ArrayNode failed = answer.putArray("Failed");
        for (JsonNode entry : entries) {
            try {
                queue.delete(required(entry, "ReceiptHandle"));
                successful.addObject().put("Id", text(entry, "Id"));
            } catch (SqsException e) {
                failure(failed, text(entry, "Id"), e);
            }
        }
        return answer;
    }

    private ObjectNode changeMessageVisibilityBatch(JsonNode request) {
        Queue queue = queue(request);
        List<JsonNode> entries = batchEntries(request, "ChangeMessageVisibility");
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode successful = answer.putArray("Successful");
        ArrayNode failed = answer.putArray("Failed");
        for (JsonNode entry : entries) {
            try {
                queue.changeVisibility(required(entry, "ReceiptHandle"), visibilityTimeout(entry, true));
                successful.addObject().put("Id", text(entry, "Id"));
            } catch (SqsException e) {
                failure(failed, text(entry, "Id"), e);
            }
        }
        return answer;
    }

    /** A message to send, checked against the queue's limits. */
    private record Outgoing(
            String body, SortedMap<String, MessageAttribute> attributes, String attributesMd5, Integer delaySeconds) {}

    private static Outgoing outgoing(JsonNode request, QueueSettings settings) {
        String body = required(request, "MessageBody");
        if (body.isEmpty()) {
            throw new SqsException(SqsError.MISSING_PARAMETER, "The request must contain the parameter MessageBody.");
        }
        checkCharacters(body);
        Integer delay = integer(request, "DelaySeconds");
        if (delay != null && (delay < 0 || delay > QueueSettings.MAX_DELAY_SECONDS)) {
            throw SqsException.invalidValue(delay, "DelaySeconds", "DelaySeconds must be >= 0 and <= 900.");
        }
        SortedMap<String, MessageAttribute> attributes = messageAttributes(request.get("MessageAttributes"));
        long size = utf8Length(body);
        for (Map.Entry<String, MessageAttribute> attribute : attributes.entrySet()) {
            size += attribute.getValue().size(attribute.getKey());
        }
        if (size > settings.maximumMessageSize()) {
            throw SqsException.invalidParameter(
                    "One or more parameters are invalid. Reason: Message must be shorter than "
                            + settings.maximumMessageSize() + " bytes.");
        }
        return new Outgoing(
                body, attributes, attributes.isEmpty() ? null : MessageAttribute.md5OfAttributes(attributes), delay);
    }

    private static ObjectNode sent(ObjectNode answer, String messageId, Outgoing message) {
        answer.put("MessageId", messageId);
        answer.put("MD5OfMessageBody", MessageAttribute.md5OfBody(message.body()));
        if (message.attributesMd5() != null) {
            answer.put("MD5OfMessageAttributes", message.attributesMd5());
        }
        return answer;
    }

    private static void received(ObjectNode out, Delivery delivery, Set<String> system, List<String> attributeNames) {
        out.put("MessageId", delivery.messageId());
        out.put("ReceiptHandle", delivery.receiptHandle());
        out.put("MD5OfBody", delivery.bodyMd5());
        out.put("Body", delivery.body());
        boolean allSystem = system.contains("All");
        ObjectNode attributes = JSON.createObjectNode();
        if (allSystem || system.contains("SenderId")) {
            attributes.put("SenderId", delivery.senderId());
        }
        if (allSystem || system.contains("SentTimestamp")) {
            attributes.put("SentTimestamp", Long.toString(delivery.sentAt().toEpochMilli()));
        }
        if (allSystem || system.contains("ApproximateReceiveCount")) {
            attributes.put("ApproximateReceiveCount", Integer.toString(delivery.receiveCount()));
        }
        if (allSystem || system.contains("ApproximateFirstReceiveTimestamp")) {
            attributes.put(
                    "ApproximateFirstReceiveTimestamp",
                    Long.toString(delivery.firstReceivedAt().toEpochMilli()));
        }
        if (!attributes.isEmpty()) {
            out.set("Attributes", attributes);
        }
        SortedMap<String, MessageAttribute> selected = new TreeMap<>();
        delivery.attributes().forEach((name, value) -> {
            if (selects(attributeNames, name)) {
                selected.put(name, value);
            }
        });
        if (!selected.isEmpty()) {
            out.put("MD5OfMessageAttributes", MessageAttribute.md5OfAttributes(selected));
            ObjectNode values = out.putObject("MessageAttributes");
            selected.forEach((name, attribute) -> {
                ObjectNode value = values.putObject(name);
                if (attribute.binary()) {
                    value.put("BinaryValue", attribute.binaryValue());
                } else {
                    value.put("StringValue", attribute.stringValue());
                }
                value.put("DataType", attribute.dataType());
            });
        }
    }

    /** MessageAttributeNames: {@code All} or {@code .*} for every attribute, {@code prefix.*}, or exact names. */
    private static boolean selects(List<String> names, String name) {
        for (String wanted : names) {
            if (wanted.equals("All") || wanted.equals(".*") || wanted.equals(name)) {
                return true;
            }
            if (wanted.endsWith(".*") && name.startsWith(wanted.substring(0, wanted.length() - 1))) {
                return true;
            }
        }
        return false;
    }

    private static SortedMap<String, MessageAttribute> messageAttributes(JsonNode node) {
        SortedMap<String, MessageAttribute> attributes = new TreeMap<>();
        List<Map.Entry<String, JsonNode>> fields = fields(node);
        if (fields.size() > MAX_MESSAGE_ATTRIBUTES) {
            throw SqsException.invalidParameter("Number of message attributes [" + fields.size()
                    + "] exceeds the allowed maximum [" + MAX_MESSAGE_ATTRIBUTES + "].");
        }
        for (Map.Entry<String, JsonNode> field : fields) {
            String name = field.getKey();
            checkAttributeName(name);
            JsonNode value = field.getValue();
            String dataType = text(value, "DataType");
            if (dataType == null || dataType.isEmpty()) {
                throw SqsException.invalidParameter(
                        "The message attribute '" + name + "' must contain non-empty message attribute type.");
            }
            if (!DATA_TYPE.matcher(dataType).matches()) {
                throw SqsException.invalidParameter("The message attribute '" + name
                        + "' has an invalid message attribute type, the set of supported type prefixes is Binary,"
                        + " Number, and String.");
            }
            if (dataType.startsWith("Binary")) {
                byte[] bytes = binary(value.get("BinaryValue"));
                if (bytes == null || bytes.length == 0) {
                    throw emptyValue(name, dataType);
                }
                attributes.put(name, new MessageAttribute(dataType, null, bytes));
            } else {
                String text = text(value, "StringValue");
                if (text == null || text.isEmpty()) {
                    throw emptyValue(name, dataType);
                }
                if (dataType.startsWith("Number") && !isNumber(text)) {
                    throw SqsException.invalidParameter(
                            "Can't cast the value of message (user) attribute '" + name + "' to a number.");
                }
                checkCharacters(text);
                attributes.put(name, new MessageAttribute(dataType, text, null));
            }
        }
        return attributes;
    }

    private static void checkAttributeName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (!ATTRIBUTE_NAME.matcher(name).matches()
                || name.startsWith(".")
                || name.endsWith(".")
                || name.contains("..")
                || lower.startsWith("aws.")
                || lower.startsWith("amazon.")) {
            throw SqsException.invalidParameter("Message (user) attribute name '" + name + "' is invalid.");
        }
    }

    private static SqsException emptyValue(String name, String dataType) {
        return SqsException.invalidParameter("The message attribute '" + name
                + "' must contain non-empty message attribute value for message attribute type '" + dataType + "'.");
    }

    private static boolean isNumber(String text) {
        try {
            var unused = new BigDecimal(text);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static byte[] binary(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            return node.binaryValue();
        } catch (IOException e) {
            throw SqsException.invalidParameter("Invalid binary value: not Base64.");
        }
    }

    /** SQS accepts #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF. */
    private static void checkCharacters(String text) {
        boolean valid = text.codePoints()
                .allMatch(c -> c == 0x9
                        || c == 0xA
                        || c == 0xD
                        || (c >= 0x20 && c <= 0xD7FF)
                        || (c >= 0xE000 && c <= 0xFFFD)
                        || (c >= 0x10000 && c <= 0x10FFFF));
        if (!valid) {
            throw new SqsException(
                    SqsError.INVALID_MESSAGE_CONTENTS,
                    "Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF |"
                            + " #xE000 to #xFFFD | #x10000 to #x10FFFF");
        }
    }

    private static List<JsonNode> batchEntries(JsonNode request, String action) {
        queueUrl(request);
        JsonNode node = request.get("Entries");
        List<JsonNode> entries = new ArrayList<>();
        if (node != null && node.isArray()) {
            node.forEach(entries::add);
        }
        if (entries.isEmpty()) {
            throw new SqsException(
                    SqsError.EMPTY_BATCH_REQUEST,
                    "There should be at least one " + action + "MessageBatchRequestEntry in the request.");
        }
        if (entries.size() > MAX_BATCH_ENTRIES) {
            throw new SqsException(
                    SqsError.TOO_MANY_ENTRIES_IN_BATCH_REQUEST,
                    "Maximum number of entries per request are 10. You have sent " + entries.size() + ".");
        }
        Set<String> ids = new LinkedHashSet<>();
        for (JsonNode entry : entries) {
            String id = text(entry, "Id");
            if (id == null || !BATCH_ENTRY_ID.matcher(id).matches()) {
                throw new SqsException(
                        SqsError.INVALID_BATCH_ENTRY_ID,
                        "A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can"
                                + " be at most 80 letters long.");
            }
            if (!ids.add(id)) {
                throw new SqsException(SqsError.BATCH_ENTRY_IDS_NOT_DISTINCT, "Id " + id + " repeated.");
            }
        }
        return entries;
    }

    private static void failure(ArrayNode failed, String id, SqsException e) {
        failed.addObject()
                .put("Id", id)
                .put("SenderFault", true)
                .put("Code", e.error().queryCode())
                .put("Message", e.getMessage());
    }

    private static int visibilityTimeout(JsonNode request, boolean required) {
        Integer seconds = integer(request, "VisibilityTimeout");
        if (seconds == null) {
            if (required) {
                throw missing("VisibilityTimeout");
            }
            return 0;
        }
        if (seconds < 0 || seconds > QueueSettings.MAX_VISIBILITY_TIMEOUT) {
            throw SqsException.invalidValue(seconds, "VisibilityTimeout", "Must be >= 0 and <= 43200, if provided.");
        }
        return seconds;
    }

    private Queue queue(JsonNode request) {
        return broker.get(queueName(request));
    }

    /** The queue a QueueUrl names: {@code <scheme>://<any host>/<account>/<name>}, this engine's account only. */
    private String queueName(JsonNode request) {
        String url = queueUrl(request);
        int scheme = url.indexOf("://");
        int pathStart = scheme < 0 ? -1 : url.indexOf('/', scheme + 3);
        if (pathStart < 0) {
            throw SqsException.queueDoesNotExist();
        }
        String path = url.substring(pathStart + 1);
        int slash = path.indexOf('/');
        if (slash < 0 || !path.substring(0, slash).equals(broker.account())) {
            throw SqsException.queueDoesNotExist();
        }
        String name = path.substring(slash + 1);
        if (name.isEmpty() || name.indexOf('/') >= 0) {
            throw SqsException.queueDoesNotExist();
        }
        return name;
    }

    private static String queueUrl(JsonNode request) {
        return required(request, "QueueUrl");
    }

    private String url(Caller caller, String name) {
        return caller.baseUrl() + "/" + broker.account() + "/" + name;
    }

    private String sender(Caller caller) {
        return caller.accessKeyId() == null ? broker.account() : caller.accessKeyId();
    }

    private static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw new SqsException(SqsError.SERIALIZATION, "The request body is not a JSON object.");
            }
            return node;
        } catch (IOException e) {
            throw new SqsException(SqsError.SERIALIZATION, "The request body is not valid JSON.");
        }
    }

    private static String required(JsonNode request, String field) {
        String value = text(request, field);
        if (value == null) {
            throw missing(field);
        }
        return value;
    }

    private static SqsException missing(String field) {
        return new SqsException(SqsError.MISSING_PARAMETER, "The request must contain the parameter " + field + ".");
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Integer integer(JsonNode request, String field) {
        JsonNode value = request.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isIntegralNumber() && value.canConvertToInt()) {
            return value.intValue();
        }
        if (value.isTextual() && value.asText().matches("-?\\d{1,9}")) {
            return Integer.parseInt(value.asText());
        }
        throw SqsException.invalidValue(value.asText(), field, "Must be an integer.");
    }

    private static Map<String, String> stringMap(JsonNode request, String field) {
        Map<String, String> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : fields(request.get(field))) {
            map.put(
                    entry.getKey(),
                    entry.getValue().isNull() ? null : entry.getValue().asText());
        }
        return map;
    }

    private static List<String> stringList(JsonNode request, String field) {
        List<String> list = new ArrayList<>();
        JsonNode node = request.get(field);
        if (node != null && node.isArray()) {
            node.forEach(item -> list.add(item.asText()));
        }
        return list;
    }

    private static List<Map.Entry<String, JsonNode>> fields(JsonNode node) {
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
        if (node != null && node.isObject()) {
            fields.addAll(node.properties());
        }
        return fields;
    }

    private static long utf8Length(String text) {
        return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
    }

    private static Answer ok(ObjectNode body) {
        return new Answer(200, null, bytes(body));
    }

    private static byte[] bytes(ObjectNode body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serialises", e);
        }
    }
}
