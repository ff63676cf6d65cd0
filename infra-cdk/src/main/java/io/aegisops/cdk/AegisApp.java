package io.aegisops.cdk;

import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;

/** The CDK app entry point ({@code cdk.json} runs it). */
public final class AegisApp {

    private AegisApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        new AegisStack(app, "AegisOps", StackProps.builder().build());
        app.synth();
    }
}
