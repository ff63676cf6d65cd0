package io.aegisops.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated tests in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}).
 * Without them the tests are skipped with the reason printed; with {@code AEGIS_REQUIRE_BROWSER=true} (as .ci/run
 * sets it) or {@code CI} set, they fail instead, so CI can never pass by silently skipping them.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(BrowserCondition.class)
public @interface RequiresBrowser {}
