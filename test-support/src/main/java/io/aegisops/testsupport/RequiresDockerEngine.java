package io.aegisops.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated tests against the real Docker engine. Without a reachable engine (or without the
 * local busybox image) they are skipped with the reason printed; with {@code AEGIS_REQUIRE_DOCKER=true},
 * as .ci/run sets it, they fail instead, so CI can never pass by silently skipping them.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(DockerEngineCondition.class)
public @interface RequiresDockerEngine {}
