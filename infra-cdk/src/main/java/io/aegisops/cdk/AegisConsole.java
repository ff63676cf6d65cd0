package io.aegisops.cdk;

import io.aegisops.contracts.console.ConsolePolicy;
import io.aegisops.contracts.console.WebjarFiles;
import io.aegisops.contracts.pipeline.ApiRoute;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.apigateway.CfnGatewayResponse;
import software.amazon.awscdk.services.apigateway.CorsOptions;
import software.amazon.awscdk.services.apigateway.GatewayResponseOptions;
import software.amazon.awscdk.services.apigateway.ResponseType;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.cloudfront.BehaviorOptions;
import software.amazon.awscdk.services.cloudfront.CachePolicy;
import software.amazon.awscdk.services.cloudfront.Distribution;
import software.amazon.awscdk.services.cloudfront.HeadersFrameOption;
import software.amazon.awscdk.services.cloudfront.HeadersReferrerPolicy;
import software.amazon.awscdk.services.cloudfront.PriceClass;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersContentSecurityPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersContentTypeOptions;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersFrameOptions;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersReferrerPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersStrictTransportSecurity;
import software.amazon.awscdk.services.cloudfront.ResponseSecurityHeadersBehavior;
import software.amazon.awscdk.services.cloudfront.SecurityPolicyProtocol;
import software.amazon.awscdk.services.cloudfront.ViewerProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.origins.S3BucketOrigin;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.CfnBucket;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.s3.assets.AssetOptions;
import software.amazon.awscdk.services.s3.deployment.BucketDeployment;
import software.amazon.awscdk.services.s3.deployment.CacheControl;
import software.amazon.awscdk.services.s3.deployment.ISource;
import software.amazon.awscdk.services.s3.deployment.Source;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * The operator console on AWS: its static files (the very files the embedded stack serves, from {@code consoleDir})
 * in a private bucket that only CloudFront may read (origin access control), a {@code config.json} beside
 * {@code index.html} naming the REST API's base URL, and the console's security headers on every answer (the
 * embedded stack's CSP, with the API's origin as the one other place the page may connect to).
 */
final class AegisConsole extends Construct {

    /** The file {@code api.js} reads the API's base URL from. */
    static final String CONFIG_FILE = "config.json";

    private final Distribution distribution;

    /**
     * @param consoleDir the console's files ({@code local/src/main/resources/io/aegisops/local/console})
     * @param apiUrl     the REST API's stage URL, ending in a slash
     * @param apiOrigin  {@code https://<api id>.execute-api.<region>.<suffix>}: what the page may connect to
     */
    AegisConsole(Construct scope, String id, Path consoleDir, String apiUrl, String apiOrigin) {
        super(scope, id);
        if (!Files.isRegularFile(consoleDir.resolve("index.html"))) {
            throw new IllegalArgumentException(
                    "consoleDir " + consoleDir.toAbsolutePath().normalize()
                            + " holds no index.html (the console's files are in local/src/main/resources/io/aegisops/local/"
                            + "console)");
        }
        Bucket bucket = Bucket.Builder.create(this, "Files")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                // the files are deployed again from the checkout with every deploy
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        String why = "the bucket holds the console's static files and nothing else, read by CloudFront alone through"
                + " origin access control; every call the page makes is in the REST API's access logs";
        AegisStack.suppress(bucket, "AwsSolutions-S1", why);

        ResponseHeadersPolicy headers = ResponseHeadersPolicy.Builder.create(this, "SecurityHeaders")
                .comment("AegisOps console: the embedded stack's security headers, the API as the one connect-src")
                .securityHeadersBehavior(ResponseSecurityHeadersBehavior.builder()
                        .contentSecurityPolicy(ResponseHeadersContentSecurityPolicy.builder()
                                .contentSecurityPolicy(ConsolePolicy.contentSecurityPolicy(apiOrigin))
                                .override(true)
                                .build())
                        .contentTypeOptions(ResponseHeadersContentTypeOptions.builder()
                                .override(true)
                                .build())
                        .frameOptions(ResponseHeadersFrameOptions.builder()
                                .frameOption(HeadersFrameOption.DENY)
                                .override(true)
                                .build())
                        .referrerPolicy(ResponseHeadersReferrerPolicy.builder()
                                .referrerPolicy(HeadersReferrerPolicy.NO_REFERRER)
                                .override(true)
                                .build())
                        .strictTransportSecurity(ResponseHeadersStrictTransportSecurity.builder()
                                .accessControlMaxAge(Duration.days(365))
                                .includeSubdomains(true)
                                .override(true)
                                .build())
                        .build())
                .build();
        distribution = Distribution.Builder.create(this, "Distribution")
                .comment("AegisOps operator console")
                .defaultRootObject("index.html")
                .defaultBehavior(BehaviorOptions.builder()
                        .origin(S3BucketOrigin.withOriginAccessControl(bucket))
                        .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
                        .cachePolicy(CachePolicy.CACHING_OPTIMIZED)
                        .responseHeadersPolicy(headers)
                        .build())
                .minimumProtocolVersion(SecurityPolicyProtocol.TLS_V1_2_2021)
                .priceClass(PriceClass.PRICE_CLASS_100)
                .build();
        AegisStack.suppress(
                distribution,
                "AwsSolutions-CFR1",
                "no geo restriction: operators decide incidents from wherever they are on call, and every API call"
                        + " needs an approver token");
        AegisStack.suppress(
                distribution,
                "AwsSolutions-CFR2",
                "no WAF web ACL: the distribution serves a handful of static files, the API behind the page needs a"
                        + " token for every call and is throttled, and a web ACL's monthly cost would exceed the rest");
        AegisStack.suppress(distribution, "AwsSolutions-CFR3", why);
        AegisStack.suppress(
                distribution,
                "AwsSolutions-CFR4",
                "the distribution answers on its cloudfront.net name with CloudFront's default certificate, which"
                        + " cannot be held to TLSv1.2_2021 (minimumProtocolVersion applies with a custom domain's"
                        + " certificate, set here for when one is added)");

        // Only the deployment's own log group; CDK adds the bucket reads and writes the copy needs.
        LogGroup deploymentLogs = LogGroup.Builder.create(this, "DeploymentLogs")
                .retention(RetentionDays.ONE_MONTH)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        Role deployer = Role.Builder.create(this, "DeploymentRole")
                .description("Copies the AegisOps console's files into their bucket at deploy time")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .build();
        deploymentLogs.grantWrite(deployer);
        List<ISource> sources = new ArrayList<>(List.of(
                Source.asset(
                        consoleDir.toString(),
                        AssetOptions.builder().exclude(List.of(CONFIG_FILE)).build()),
                Source.jsonData(CONFIG_FILE, Map.of("apiBaseUrl", apiUrl))));
        // the files the embedded stack serves from a webjar (uPlot), under the names it serves them
        WebjarFiles.names().forEach(name -> sources.add(webjarFile(name)));
        BucketDeployment.Builder.create(this, "Deployment")
                .sources(sources)
                .destinationBucket(bucket)
                // a new deployment shows at once without an invalidation (which would need cloudfront:* on *)
                .cacheControl(List.of(CacheControl.noCache()))
                .role(deployer)
                .logGroup(deploymentLogs)
                .build();
        Stack stack = Stack.of(this);
        String bucketId =
                String.valueOf(stack.resolve(((CfnBucket) bucket.getNode().getDefaultChild()).getLogicalId()));
        AegisStack.suppress(
                deployer,
                "AwsSolutions-IAM5",
                "CDK's bucket deployment copies the console's files from the CDK asset bucket into the console's"
                        + " bucket: CDK's object-level action groups on those two buckets' objects, nothing else",
                "Action::s3:GetObject*",
                "Action::s3:GetBucket*",
                "Action::s3:List*",
                "Action::s3:DeleteObject*",
                "Action::s3:Abort*",
                "Resource::<" + bucketId + ".Arn>/*",
                "Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-"
                        + AegisStack.inNagFindings(stack.getAccount(), "AWS::AccountId") + "-"
                        + AegisStack.inNagFindings(stack.getRegion(), "AWS::Region") + "/*");
        // the handler is one function per stack, whatever the number of deployments
        for (IConstruct child : stack.getNode().getChildren()) {
            if (child.getNode().getId().startsWith("Custom::CDKBucketDeployment")) {
                AegisStack.suppress(
                        child,
                        "AwsSolutions-L1",
                        "CDK's bucket deployment handler runs on the Python runtime CDK picks, which the app cannot"
                                + " set; it runs only during a deployment");
            }
        }
    }

    private static ISource webjarFile(String name) {
        byte[] file = WebjarFiles.read(name).orElseThrow(() -> new IllegalStateException("no console file " + name));
        return Source.data(name, new String(file, StandardCharsets.UTF_8));
    }

    /** {@code https://<distribution>.cloudfront.net}: the console's address. */
    String url() {
        return "https://" + distribution.getDistributionDomainName();
    }

    /**
     * The REST API answers the console, and only it, across origins: preflights (API Gateway, on every route) and
     * the gateway's own refusals carry its origin; the function adds it to its answers ({@code AEGIS_CONSOLE_ORIGIN}).
     */
    void allowFrom(RestApi api) {
        CorsOptions cors = CorsOptions.builder()
                .allowOrigins(List.of(url()))
                .allowMethods(List.of("GET", "POST", "OPTIONS"))
                .allowHeaders(List.of("Authorization", "Content-Type", "Accept"))
                .maxAge(Duration.minutes(10))
                .build();
        for (ApiRoute route : ApiRoute.values()) {
            api.getRoot().resourceForPath(route.path()).addCorsPreflight(cors);
        }
        Map<String, String> allowed =
                Map.of("Access-Control-Allow-Origin", Fn.join("", List.of("'", url(), "'")), "Vary", "'Origin'");
        // the request validator's refusals (AegisStack) answer in the API's error shape: they allow the console too
        for (String validatorRefusal : List.of("BadRequestBody", "BadRequestParameters")) {
            CfnGatewayResponse refusal = (CfnGatewayResponse)
                    api.getNode().findChild(validatorRefusal).getNode().getDefaultChild();
            allowed.forEach((header, value) ->
                    refusal.addPropertyOverride("ResponseParameters.gatewayresponse\\.header\\." + header, value));
        }
        api.addGatewayResponse(
                "Console4xx",
                GatewayResponseOptions.builder()
                        .type(ResponseType.DEFAULT_4_XX)
                        .responseHeaders(allowed)
                        .build());
        api.addGatewayResponse(
                "Console5xx",
                GatewayResponseOptions.builder()
                        .type(ResponseType.DEFAULT_5_XX)
                        .responseHeaders(allowed)
                        .build());
    }
}
