package io.aegisops.sqs.conformance;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * The scenarios run on moto and on the engine through the same SqsClient calls. Where moto departs from what AWS
 * documents or answers, the scenario records AWS's answer for the engine ({@link Divergence}) with the reason.
 */
final class Scenarios {

    /** moto's answer to {@code step} differs from AWS's; the engine must give {@code engine}. */
    record Divergence(String step, String engine, String why) {}

    interface Body {
        void run(SqsClient sqs, Transcript t);
    }

    record Scenario(String name, Body body, List<Divergence> divergences) {}

    private Scenarios() {}

    private static String error(String exception, int status, String code) {
        return "{\"code\":\"" + code + "\",\"error\":\"" + exception + "\",\"status\":" + status + "}";
    }

    private static final String INVALID_PARAMETER = error("SqsException", 400, "InvalidParameterValue");
    private static final String INVALID_ATTRIBUTE_VALUE =
            error("InvalidAttributeValueException", 400, "InvalidAttributeValue");

    static List<Scenario> all() {
        return List.of(
                new Scenario("queue life cycle", Scenarios::lifeCycle, List.of()),
                new Scenario(
                        "queue attributes",
                        Scenarios::attributes,
                        List.of(
                                new Divergence(
                                        "wait time out of range on create",
                                        INVALID_ATTRIBUTE_VALUE,
                                        "moto creates the queue; SQS's CreateQueue documents"
                                                + " ReceiveMessageWaitTimeSeconds as an integer from 0 to 20 and"
                                                + " answers InvalidAttributeValue otherwise"),
                                new Divergence(
                                        "visibility out of range on create",
                                        INVALID_ATTRIBUTE_VALUE,
                                        "moto creates the queue; SQS's CreateQueue documents VisibilityTimeout as"
                                                + " an integer from 0 to 43,200 (12 hours)"),
                                new Divergence(
                                        "unknown attribute on create",
                                        error("InvalidAttributeNameException", 400, "InvalidAttributeName"),
                                        "moto creates the queue and ignores the name; SQS's CreateQueue answers"
                                                + " InvalidAttributeName, 'The specified attribute doesn't"
                                                + " exist'"))),
                new Scenario("send, receive, delete", Scenarios::sendReceiveDelete, List.of()),
                new Scenario(
                        "visibility and receipt handles",
                        Scenarios::visibility,
                        List.of(
                                new Divergence(
                                        "in flight after a stale delete",
                                        "{\"Attributes\":{\"ApproximateNumberOfMessagesNotVisible\":\"1\"}}",
                                        "moto deletes with any handle the message ever had; SQS's DeleteMessage:"
                                                + " 'you must provide the most recently received ReceiptHandle for the"
                                                + " message (otherwise, the request succeeds, but the message will not"
                                                + " be deleted)'"),
                                new Divergence(
                                        "a stale handle cannot change the visibility",
                                        INVALID_PARAMETER,
                                        "moto deleted the message at the stale delete above and now calls the handle"
                                                + " invalid; for a handle of a message re-received since, SQS answers"
                                                + " InvalidParameterValue 'Message does not exist or is not available"
                                                + " for visibility timeout change'"))),
                new Scenario(
                        "parameter validation",
                        Scenarios::validation,
                        List.of(
                                new Divergence(
                                        "an attribute without a value",
                                        INVALID_PARAMETER,
                                        "moto sends a String attribute that has no StringValue; SQS's"
                                                + " MessageAttributeValue requires the value of its type and answers"
                                                + " InvalidParameterValue"),
                                new Divergence(
                                        "the wait message",
                                        "Value 21 for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and"
                                                + " <= 20, if provided.",
                                        "moto's text prefixes boto's wording, escapes HTML and inverts the bounds;"
                                                + " this is SQS's text as users quote it"))),
                new Scenario(
                        "batches",
                        Scenarios::batches,
                        List.of(new Divergence(
                                "send a batch with one bad entry",
                                "{\"Failed\":[{\"Code\":\"InvalidParameterValue\",\"Id\":\"b\",\"Message\":\"Value"
                                        + " 901 for parameter DelaySeconds is invalid. Reason: DelaySeconds must be >= 0"
                                        + " and <= 900.\",\"SenderFault\":\"true\"}],\"Successful\":[{\"Id\":\"a\","
                                        + "\"MD5OfMessageBody\":\"f97c5d29941bfb1b2fdab0874906ab82\",\"MessageId\":"
                                        + "\"<MessageId#1>\"},{\"Id\":\"c\",\"MD5OfMessageAttributes\":"
                                        + "\"0a77b0642718c3d9dd47090567d11e0d\",\"MD5OfMessageBody\":"
                                        + "\"35d6d33467aae9a2e3dccb4b6b027878\",\"MessageId\":\"<MessageId#2>\"}]}",
                                "the same answer but for the failed entry's message: moto's names the value 1800"
                                        + " whatever was sent and escapes it as HTML"))),
                new Scenario(
                        "purge",
                        Scenarios::purge,
                        List.of(new Divergence(
                                "a second purge within 60 s",
                                error(
                                        "PurgeQueueInProgressException",
                                        403,
                                        "AWS.SimpleQueueService.PurgeQueueInProgress"),
                                "moto purges as often as asked; SQS allows one PurgeQueue per 60 s (PurgeQueue:"
                                        + " PurgeQueueInProgress, HTTP 403 as recorded by LocalStack's AWS-validated"
                                        + " tests)"))),
                new Scenario("delays and short waits", Scenarios::delays, List.of()),
                new Scenario(
                        "re-creating a deleted queue",
                        Scenarios::recreate,
                        List.of(new Divergence(
                                "create again at once",
                                error(
                                        "QueueDeletedRecentlyException",
                                        400,
                                        "AWS.SimpleQueueService.QueueDeletedRecently"),
                                "moto re-creates at once; SQS: 'After you delete a queue, you must wait at least 60"
                                        + " seconds before creating a queue with the same name' (CreateQueue,"
                                        + " QueueDeletedRecently)"))));
    }

    private static String create(SqsClient sqs, Transcript t, String step, String name) {
        var created = t.step(step, () -> sqs.createQueue(b -> b.queueName(name)));
        return created.queueUrl();
    }

    private static void lifeCycle(SqsClient sqs, Transcript t) {
        String url = t.step(
                        "create",
                        () -> sqs.createQueue(b -> b.queueName("life-cycle")
                                .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "10"))))
                .queueUrl();
        t.step(
                "create again, same attributes",
                () -> sqs.createQueue(b ->
                        b.queueName("life-cycle").attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "10"))));
        t.step("create again, no attributes", () -> sqs.createQueue(b -> b.queueName("life-cycle")));
        t.step(
                "create again, another value",
                () -> sqs.createQueue(b ->
                        b.queueName("life-cycle").attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "11"))));
        t.step("get url", () -> sqs.getQueueUrl(b -> b.queueName("life-cycle")));
        t.step("get url of a missing queue", () -> sqs.getQueueUrl(b -> b.queueName("life-cycle-missing")));
        t.step("list by prefix", () -> sqs.listQueues(b -> b.queueNamePrefix("life-")));
        t.step("list by a prefix nothing has", () -> sqs.listQueues(b -> b.queueNamePrefix("nothing-")));
        t.step("delete", () -> sqs.deleteQueue(b -> b.queueUrl(url)));
        t.step("get url after delete", () -> sqs.getQueueUrl(b -> b.queueName("life-cycle")));
        t.step("delete again", () -> sqs.deleteQueue(b -> b.queueUrl(url)));
        t.step(
                "send to the deleted queue",
                () -> sqs.sendMessage(b -> b.queueUrl(url).messageBody("x")));
    }

    private static void attributes(SqsClient sqs, Transcript t) {
        String url = t.step(
                        "create with the four attributes",
                        () -> sqs.createQueue(b -> b.queueName("attributes")
                                .attributes(Map.of(
                                        QueueAttributeName.VISIBILITY_TIMEOUT, "45",
                                        QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS, "20",
                                        QueueAttributeName.MESSAGE_RETENTION_PERIOD, "3600",
                                        QueueAttributeName.DELAY_SECONDS, "2"))))
                .queueUrl();
        t.step(
                "all attributes",
                () -> sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.ALL)));
        t.step(
                "some attributes",
                () -> sqs.getQueueAttributes(b -> b.queueUrl(url)
                        .attributeNames(
                                QueueAttributeName.QUEUE_ARN,
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)));
        t.step("no attribute names", () -> sqs.getQueueAttributes(b -> b.queueUrl(url)));
        t.step(
                "an unknown attribute name",
                () -> sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNamesWithStrings("Colour")));
        t.step(
                "set attributes",
                () -> sqs.setQueueAttributes(
                        b -> b.queueUrl(url).attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "60"))));
        t.step(
                "read back",
                () -> sqs.getQueueAttributes(
                        b -> b.queueUrl(url).attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT)));
        t.step(
                "wait time out of range on create",
                () -> sqs.createQueue(b -> b.queueName("attributes-bad")
                        .attributes(Map.of(QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS, "21"))));
        t.step(
                "visibility out of range on create",
                () -> sqs.createQueue(b -> b.queueName("attributes-bad")
                        .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "43201"))));
        t.step(
                "unknown attribute on create",
                () -> sqs.createQueue(
                        b -> b.queueName("attributes-unknown").attributesWithStrings(Map.of("Colour", "blue"))));
    }

    private static void sendReceiveDelete(SqsClient sqs, Transcript t) {
        String url = create(sqs, t, "create", "messages");
        t.step(
                "send",
                () -> sqs.sendMessage(b -> b.queueUrl(url)
                        .messageBody("restart web-1")
                        .messageAttributes(Map.of(
                                "commandId",
                                        MessageAttributeValue.builder()
                                                .dataType("String")
                                                .stringValue("cmd-42")
                                                .build(),
                                "attempt",
                                        MessageAttributeValue.builder()
                                                .dataType("Number")
                                                .stringValue("3")
                                                .build(),
                                "blob",
                                        MessageAttributeValue.builder()
                                                .dataType("Binary")
                                                .binaryValue(SdkBytes.fromUtf8String("raw"))
                                                .build()))));
        t.step("send a plain one", () -> sqs.sendMessage(b -> b.queueUrl(url).messageBody("probe web-1")));
        Message first = t.step(
                        "receive one with every attribute",
                        () -> sqs.receiveMessage(b -> b.queueUrl(url)
                                .messageAttributeNames("All")
                                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)))
                .messages()
                .get(0);
        t.step(
                "receive the other, naming attributes",
                () -> sqs.receiveMessage(b -> b.queueUrl(url)
                        .maxNumberOfMessages(10)
                        .messageAttributeNames("commandId", "nothing")
                        .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)));
        t.step("nothing left to receive", () -> sqs.receiveMessage(b -> b.queueUrl(url)));
        t.step(
                "counts",
                () -> sqs.getQueueAttributes(b -> b.queueUrl(url)
                        .attributeNames(
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)));
        t.step("delete", () -> sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(first.receiptHandle())));
        t.step("delete again", () -> sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(first.receiptHandle())));
        t.step(
                "counts after delete",
                () -> sqs.getQueueAttributes(b ->
                        b.queueUrl(url).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)));
        t.step("prefix selection", () -> {
            sqs.sendMessage(b -> b.queueUrl(url)
                    .messageBody("prefixed")
                    .messageAttributes(Map.of(
                            "agent.host",
                                    MessageAttributeValue.builder()
                                            .dataType("String")
                                            .stringValue("local-1")
                                            .build(),
                            "other",
                                    MessageAttributeValue.builder()
                                            .dataType("String.label")
                                            .stringValue("x")
                                            .build())));
            return sqs.receiveMessage(b -> b.queueUrl(url).messageAttributeNames("agent.*"));
        });
    }

    private static void visibility(SqsClient sqs, Transcript t) {
        String url = create(sqs, t, "create", "visibility");
        t.step("send", () -> sqs.sendMessage(b -> b.queueUrl(url).messageBody("m")));
        Message first = t.step(
                        "receive, visible again at once",
                        () -> sqs.receiveMessage(b -> b.queueUrl(url)
                                .visibilityTimeout(0)
                                .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)))
                .messages()
                .get(0);
        Message second = t.step(
                        "receive again",
                        () -> sqs.receiveMessage(b -> b.queueUrl(url)
                                .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)))
                .messages()
                .get(0);
        t.step("hidden now", () -> sqs.receiveMessage(b -> b.queueUrl(url)));
        t.step(
                "change to 0",
                () -> sqs.changeMessageVisibility(b ->
                        b.queueUrl(url).receiptHandle(second.receiptHandle()).visibilityTimeout(0)));
        Message third = t.step(
                        "receive a third time",
                        () -> sqs.receiveMessage(b -> b.queueUrl(url)
                                .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)))
                .messages()
                .get(0);
        t.step(
                "extend",
                () -> sqs.changeMessageVisibility(b ->
                        b.queueUrl(url).receiptHandle(third.receiptHandle()).visibilityTimeout(120)));
        t.step(
                "a visibility beyond 12 hours",
                () -> sqs.changeMessageVisibility(b ->
                        b.queueUrl(url).receiptHandle(third.receiptHandle()).visibilityTimeout(43_201)));
        t.step(
                "delete with the first, stale handle",
                () -> sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(first.receiptHandle())));
        t.step(
                "in flight after a stale delete",
                () -> sqs.getQueueAttributes(b ->
                        b.queueUrl(url).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)));
        t.step(
                "a stale handle cannot change the visibility",
                () -> sqs.changeMessageVisibility(b ->
                        b.queueUrl(url).receiptHandle(first.receiptHandle()).visibilityTimeout(0)));
        t.step("a garbage handle", () -> sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle("garbage")));
        t.step(
                "a garbage handle cannot change the visibility",
                () -> sqs.changeMessageVisibility(
                        b -> b.queueUrl(url).receiptHandle("garbage").visibilityTimeout(0)));
    }

    private static void validation(SqsClient sqs, Transcript t) {
        String url = create(sqs, t, "create", "validation");
        t.step("wait 21 s", () -> sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(21)));
        t.step("wait -1 s", () -> sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(-1)));
        t.step("receive 0", () -> sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(0)));
        t.step("receive 11", () -> sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(11)));
        t.step("hide 43201 s", () -> sqs.receiveMessage(b -> b.queueUrl(url).visibilityTimeout(43_201)));
        t.step(
                "delay 901 s",
                () -> sqs.sendMessage(b -> b.queueUrl(url).messageBody("m").delaySeconds(901)));
        t.step("a body over 1 MiB", () -> sqs.sendMessage(b -> b.queueUrl(url).messageBody("x".repeat(1_048_577))));
        t.step(
                "a body of exactly 1 MiB",
                () -> sqs.sendMessage(b -> b.queueUrl(url).messageBody("x".repeat(1_048_576))));
        t.step(
                "receive from a missing queue",
                () -> sqs.receiveMessage(b -> b.queueUrl(url.replace("validation", "validation-missing"))));
        t.step(
                "an attribute without a value",
                () -> sqs.sendMessage(b -> b.queueUrl(url)
                        .messageBody("m")
                        .messageAttributes(Map.of(
                                "empty",
                                MessageAttributeValue.builder()
                                        .dataType("String")
                                        .build()))));
        t.step(
                "an attribute of an unknown type",
                () -> sqs.sendMessage(b -> b.queueUrl(url)
                        .messageBody("m")
                        .messageAttributes(Map.of(
                                "odd",
                                MessageAttributeValue.builder()
                                        .dataType("Date")
                                        .stringValue("today")
                                        .build()))));
        t.message(
                "the wait message",
                () -> sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(21)));
    }

    private static void batches(SqsClient sqs, Transcript t) {
        String url = create(sqs, t, "create", "batches");
        t.step(
                "send a batch with one bad entry",
                () -> sqs.sendMessageBatch(b -> b.queueUrl(url)
                        .entries(
                                SendMessageBatchRequestEntry.builder()
                                        .id("a")
                                        .messageBody("one")
                                        .build(),
                                SendMessageBatchRequestEntry.builder()
                                        .id("b")
                                        .messageBody("two")
                                        .delaySeconds(901)
                                        .build(),
                                SendMessageBatchRequestEntry.builder()
                                        .id("c")
                                        .messageBody("three")
                                        .messageAttributes(Map.of(
                                                "k",
                                                MessageAttributeValue.builder()
                                                        .dataType("String")
                                                        .stringValue("v")
                                                        .build()))
                                        .build())));
        t.step("an empty batch", () -> sqs.sendMessageBatch(b -> b.queueUrl(url).entries(List.of())));
        t.step(
                "eleven entries",
                () -> sqs.sendMessageBatch(b -> b.queueUrl(url)
                        .entries(java.util.stream.IntStream.range(0, 11)
                                .mapToObj(i -> SendMessageBatchRequestEntry.builder()
                                        .id("e" + i)
                                        .messageBody("m")
                                        .build())
                                .toList())));
        t.step(
                "repeated ids",
                () -> sqs.sendMessageBatch(b -> b.queueUrl(url)
                        .entries(
                                SendMessageBatchRequestEntry.builder()
                                        .id("x")
                                        .messageBody("m")
                                        .build(),
                                SendMessageBatchRequestEntry.builder()
                                        .id("x")
                                        .messageBody("m")
                                        .build())));
        t.step(
                "an invalid id",
                () -> sqs.sendMessageBatch(b -> b.queueUrl(url)
                        .entries(SendMessageBatchRequestEntry.builder()
                                .id("no spaces")
                                .messageBody("m")
                                .build())));
        Message message = t.step(
                        "receive", () -> sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(1)))
                .messages()
                .get(0);
        t.step(
                "delete batch with a garbage handle",
                () -> sqs.deleteMessageBatch(b -> b.queueUrl(url)
                        .entries(
                                DeleteMessageBatchRequestEntry.builder()
                                        .id("good")
                                        .receiptHandle(message.receiptHandle())
                                        .build(),
                                DeleteMessageBatchRequestEntry.builder()
                                        .id("bad")
                                        .receiptHandle("garbage")
                                        .build())));
    }

    private static void purge(SqsClient sqs, Transcript t) {
        String url = create(sqs, t, "create", "purged");
        t.step("send", () -> sqs.sendMessage(b -> b.queueUrl(url).messageBody("m")));
        t.step("purge", () -> sqs.purgeQueue(b -> b.queueUrl(url)));
        t.step("nothing to receive", () -> sqs.receiveMessage(b -> b.queueUrl(url)));
        t.step("a second purge within 60 s", () -> sqs.purgeQueue(b -> b.queueUrl(url)));
        t.step("purge a missing queue", () -> sqs.purgeQueue(b -> b.queueUrl(url + "-missing")));
    }

    private static void delays(SqsClient sqs, Transcript t) {
        String url = create(sqs, t, "create", "delays");
        t.step(
                "send with a delay",
                () -> sqs.sendMessage(b -> b.queueUrl(url).messageBody("later").delaySeconds(60)));
        t.step("not yet visible", () -> sqs.receiveMessage(b -> b.queueUrl(url)));
        t.step(
                "a one-second wait ends empty",
                () -> sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(1)));
        t.step(
                "counted as delayed",
                () -> sqs.getQueueAttributes(b -> b.queueUrl(url)
                        .attributeNames(
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)));
    }

    private static void recreate(SqsClient sqs, Transcript t) {
        String url = create(sqs, t, "create", "recreated");
        t.step("delete", () -> sqs.deleteQueue(b -> b.queueUrl(url)));
        t.step("create again at once", () -> sqs.createQueue(b -> b.queueName("recreated")));
    }
}
