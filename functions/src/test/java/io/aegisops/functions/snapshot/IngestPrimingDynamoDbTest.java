package io.aegisops.functions.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisops.contracts.tables.Tables;
import io.aegisops.functions.ingest.Fixtures;
import io.aegisops.functions.ingest.IngestStack;
import io.aegisops.testsupport.DynamoDbExtension;
import org.crac.Core;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The ingest handlers' SnapStart hooks through {@code org.crac.Core}, against the DynamoDB engine and a recording
 * Step Functions: priming reads one absent incident per handler and nothing else; an alert after it is taken in.
 */
@ExtendWith({DynamoDbExtension.class, IngestStack.PerTestClass.class})
class IngestPrimingDynamoDbTest {

    private final IngestStack stack;

    IngestPrimingDynamoDbTest(IngestStack stack) {
        this.stack = stack;
    }

    @Test
    void primingMakesEachKindOfRequestAndWritesNothing() throws Exception {
        Core.checkpointRestore();

        assertThat(stack.calls.counted())
                .as("the read and each kind of write, every write refused by its condition")
                .containsOnlyKeys(
                        "DynamoDb.GetItem", "DynamoDb.UpdateItem", "DynamoDb.PutItem", "DynamoDb.TransactWriteItems");
        assertThat(stack.sfn.calls()).isEmpty();
        assertThat(stack.count(Tables.INCIDENTS)).isZero();
        assertThat(stack.count(Tables.CONTROL)).isZero();
    }

    @Test
    void theFirstAlertAfterARestoreIsTakenIn() throws Exception {
        Core.checkpointRestore();

        IngestStack.Response response = stack.postAlert(Fixtures.text("generic.json"));

        assertThat(response.status()).isEqualTo(202);
        assertThat(stack.sfn.executions()).hasSize(1);
        assertThat(stack.count(Tables.INCIDENTS)).isPositive();
    }
}
