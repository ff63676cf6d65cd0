package io.aegisops.functions.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aegisops.contracts.Action;
import io.aegisops.contracts.Diagnosis;
import io.aegisops.functions.config.SecretSource;
import io.aegisops.testsupport.FakeOpenAiServer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Unit: a Diagnose built from a jar without the model client says which jar to deploy; rotated keys apply; priming
 * runs the client over the loopback (a real local HTTP server stands for the configured model).
 */
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

    @Test
    void aRotatedKeyClosesTheClientItReplaces() {
        Map<String, String> env = new HashMap<>(Map.of(ModelSettings.MODEL, "gpt-test", ModelSettings.API_KEY, "sk-1"));
        List<String> closed = new ArrayList<>();
        ModelAdvisor advisor =
                new ModelAdvisors.Rotating(() -> ModelSettings.fromEnv(env), settings -> new ModelAdvisor() {
                    @Override
                    public Optional<Diagnosis> advise(ModelRequest request) {
                        return Optional.empty();
                    }

                    @Override
                    public void close() {
                        closed.add(settings.endpoints().getFirst().apiKey());
                    }
                });

        advisor.advise(null);
        advisor.advise(null);
        assertThat(closed).as("closed while its key is current").isEmpty();
        env.put(ModelSettings.API_KEY, "sk-2");
        advisor.advise(null);

        assertThat(closed).containsExactly("sk-1");
    }

    @Test
    void primingRunsTheClientWithoutTheConfiguredModelOrItsKey() throws Exception {
        try (FakeOpenAiServer configured =
                new FakeOpenAiServer(request -> FakeOpenAiServer.Reply.content(FakeOpenAiServer.RESTART_DIAGNOSIS))) {
            Map<String, String> env = Map.of(
                    ModelSettings.BASE_URL, configured.baseUrl(),
                    ModelSettings.MODEL, "gpt-test",
                    ModelSettings.API_KEY, "sk-configured");
            List<String> secretsRead = new ArrayList<>();
            SecretSource secrets = new SecretSource() {
                @Override
                public Optional<String> get(String name) {
                    secretsRead.add(name);
                    return Optional.empty();
                }
            };
            ModelAdvisor advisor = ModelAdvisors.fromEnvironment(
                            env, ModelSettings.fromEnv(env), secrets, Clock.systemUTC(), measurement -> {})
                    .orElseThrow();
            ModelRequest sample = OpenAiModelAdvisorHttpTest.request(
                    EnumSet.of(Action.NOOP, Action.ESCALATE, Action.RESTART), "OutOfMemoryError");

            advisor.prime(sample);

            assertThat(configured.requests())
                    .as("requests to the configured model while priming")
                    .isEmpty();
            assertThat(secretsRead).as("secrets read while priming").isEmpty();

            assertThat(advisor.advise(sample)).map(Diagnosis::action).contains(Action.RESTART);
            assertThat(configured.requests()).hasSize(1);
            assertThat(configured.authorizations()).containsExactly("Bearer sk-configured");
        }
    }

    @Test
    void theLoopbackAnswerIsOneTheAdvisorAccepts() {
        ModelRequest sample = OpenAiModelAdvisorHttpTest.request(EnumSet.of(Action.NOOP, Action.RESTART), "");

        assertThatCode(() -> LoopbackModel.prime(sample)).doesNotThrowAnyException();
    }
}
