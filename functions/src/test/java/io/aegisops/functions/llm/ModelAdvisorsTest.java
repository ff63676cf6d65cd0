package io.aegisops.functions.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aegisops.functions.config.SecretSource;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Unit: a Diagnose built from a jar without the model client says which jar to deploy; rotated keys apply. */
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
    void noModelConfiguredMeansNoAdvisorAndNoSecretRead() {
        SecretSource unreadable = new SecretSource() {
            @Override
            public Optional<String> get(String name) {
                throw new AssertionError("read " + name);
            }

            @Override
            public SecretSource current() {
                throw new AssertionError("read the secret");
            }
        };
        assertThat(ModelAdvisors.fromEnvironment(
                        Map.of(), ModelSettings.fromEnv(Map.of()), unreadable, Clock.systemUTC(), measurement -> {}))
                .isEmpty();
    }

    @Test
    void aRotatedKeyBuildsANewClientAndAnUnchangedOneKeepsIt() {
        Map<String, String> env = new HashMap<>(Map.of(ModelSettings.MODEL, "gpt-test", ModelSettings.API_KEY, "sk-1"));
        List<ModelSettings> built = new ArrayList<>();
        ModelAdvisor advisor = new ModelAdvisors.Rotating(() -> ModelSettings.fromEnv(env), settings -> {
            built.add(settings);
            return request -> Optional.empty();
        });

        advisor.advise(null);
        advisor.advise(null);
        env.put(ModelSettings.API_KEY, "sk-2");
        advisor.advise(null);

        assertThat(built)
                .extracting(settings -> settings.endpoints().getFirst().apiKey())
                .containsExactly("sk-1", "sk-2");
    }
}
