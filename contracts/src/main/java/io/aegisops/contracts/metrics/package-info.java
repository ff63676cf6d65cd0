/**
 * AegisOps' own metrics, in one place: what is measured ({@link io.aegisops.contracts.metrics.Metric}: name, unit,
 * dimensions), the values the dimensions take, the port the handlers record through
 * ({@link io.aegisops.contracts.metrics.Metrics}) and its one implementation, CloudWatch's embedded metric format
 * written as log lines ({@link io.aegisops.contracts.metrics.EmfMetrics}). The functions emit these metrics and the
 * CDK stack's dashboard reads them from here, so the two cannot drift apart (infra-cdk's tests hold the dashboard to
 * them).
 */
package io.aegisops.contracts.metrics;
