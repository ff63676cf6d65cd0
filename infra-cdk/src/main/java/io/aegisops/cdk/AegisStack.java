package io.aegisops.cdk;

import io.aegisops.contracts.tables.Tables;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/** Everything AegisOps runs on in one AWS account and region. */
public final class AegisStack extends Stack {

    private final AegisTables tables;

    public AegisStack(Construct scope, String id, StackProps props) {
        super(scope, id, props);
        this.tables = new AegisTables(this, "Tables", Tables.DEFAULT_PREFIX);
    }

    public AegisTables tables() {
        return tables;
    }
}
