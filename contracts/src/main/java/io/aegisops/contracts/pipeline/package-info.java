/**
 * The pipeline's vocabulary, in one place: its functions ({@link io.aegisops.contracts.pipeline.PipelineFunction}),
 * the REST API's routes ({@link io.aegisops.contracts.pipeline.ApiRoute}), the states of
 * {@code aegis-pipeline.asl.json} ({@link io.aegisops.contracts.pipeline.PipelineState}), the document they pass
 * on ({@link io.aegisops.contracts.pipeline.StateDocument}), the {@code Aegis.*} errors
 * ({@link io.aegisops.contracts.pipeline.PipelineError}) and the incident timeline's stages
 * ({@link io.aegisops.contracts.TimelineStage}). CDK, the embedded stack, the handlers, the edge agent and
 * the trace read the names from here; tests hold the definition file and the handler classes to them.
 */
package io.aegisops.contracts.pipeline;
