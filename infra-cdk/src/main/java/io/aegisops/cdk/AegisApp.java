package io.aegisops.cdk;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

/**
 * The CDK app entry point ({@code cdk.json} runs it). Settings come from context, for example
 * {@code cdk deploy -c targetsFile=targets.json -c llmBaseUrl=https://api.openai.com/v1 -c llmModel=gpt-4o-mini}.
 */
public final class AegisApp {

    private AegisApp() {}

    public static void main(String[] args) {
        App app = new App();
        AegisSettings settings = AegisSettings.fromContext(key -> app.getNode().tryGetContext(key));
        AegisStack stack = new AegisStack(
                app,
                "AegisOps",
                StackProps.builder()
                        .description("AegisOps: self-healing pipeline for containerised services")
                        .env(Environment.builder()
                                .account(System.getenv("CDK_DEFAULT_ACCOUNT"))
                                .region(System.getenv("CDK_DEFAULT_REGION"))
                                .build())
                        .build(),
                settings);
        // cdk-nag's AWS Solutions checks in every synth and deploy: an unsuppressed error stops it, and
        // cdk.out gets the full report (AwsSolutions-AegisOps-NagReport.csv)
        Aspects.of(stack).add(new AwsSolutionsChecks());
        app.synth();
    }
}
