package io.aegisops.functions.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Unit: a Diagnose built from a jar without the model client says which jar to deploy. */
class ModelAdvisorsTest {

    /** Sees what the test class path sees, except openai-java: as the slim Lambda jar. */
    static final class WithoutModelClient extends ClassLoader {
        WithoutModelClient() {
            super(ModelAdvisorsTest.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("com.openai.")) {
                throw new ClassNotFoundException(name);
            }
            return super.loadClass(name, resolve);
        }
    }

    @Test
    void aJarWithoutTheModelClientFailsWithWhatToDeploy() {
        assertThatThrownBy(() -> ModelAdvisors.requireClient(new WithoutModelClient()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("OPENAI_MODEL is set but this jar has no model client")
                .hasMessageContaining("aegis-functions-lambda-llm.jar");
    }

    @Test
    void aJarWithTheModelClientPasses() {
        assertThatCode(() -> ModelAdvisors.requireClient(ModelAdvisorsTest.class.getClassLoader()))
                .doesNotThrowAnyException();
    }

    @Test
    void noModelConfiguredMeansNoAdvisor() {
        assertThat(ModelAdvisors.fromSettings(new ModelSettings(List.of(), Duration.ofSeconds(1), 100)))
                .isEmpty();
    }
}
