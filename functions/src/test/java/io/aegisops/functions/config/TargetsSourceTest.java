package io.aegisops.functions.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aegisops.contracts.Action;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unit: targets come from the environment, inline or from a file, and bad ones are named. */
class TargetsSourceTest {

    private static final String ONE_TARGET = """
            {"targets": [{"service": "buggy-app", "hostId": "edge-1", "container": "buggy-app",
              "allowedActions": ["RESTART"], "unknownField": true}]}
            """;

    @Test
    void inlineJsonWins() {
        var targets = TargetsSource.load(
                Map.of(TargetsSource.TARGETS, ONE_TARGET, TargetsSource.TARGETS_FILE, "/nonexistent"));
        assertThat(targets.byService("buggy-app")).hasValueSatisfying(t -> {
            assertThat(t.hostId()).isEqualTo("edge-1");
            assertThat(t.allowedActions()).containsExactly(Action.RESTART);
        });
    }

    @Test
    void fileIsReadWhenNoInlineJson(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("targets.json"), ONE_TARGET);
        assertThat(TargetsSource.load(Map.of(TargetsSource.TARGETS_FILE, file.toString()))
                        .targets())
                .hasSize(1);
    }

    @Test
    void nothingConfiguredMeansNoTargets() {
        assertThat(TargetsSource.load(Map.of()).targets()).isEmpty();
    }

    @Test
    void invalidTargetNamesTheVariableAndTheProblem() {
        assertThatThrownBy(
                        () -> TargetsSource.load(Map.of(TargetsSource.TARGETS, "{\"targets\":[{\"service\":\"x\"}]}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("AEGIS_TARGETS")
                .hasMessageContaining("hostId");
    }
}
