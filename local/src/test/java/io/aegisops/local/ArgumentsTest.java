package io.aegisops.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Unit: options in both spellings, repeated options and positionals; anything unknown is a usage error. */
class ArgumentsTest {

    private static Arguments parse(String... args) {
        return Arguments.parse(List.of(args), Set.of("--status", "--set"));
    }

    @Test
    void readsValuesInBothSpellingsRepeatedOptionsAndPositionals() {
        Arguments a = parse("inc-1", "--status", "RESOLVED", "--set=A=1", "--set", "B=2");
        assertThat(a.option("--status")).contains("RESOLVED");
        assertThat(a.all("--set")).containsExactly("A=1", "B=2");
        assertThat(a.single("incident id")).isEqualTo("inc-1");
    }

    @Test
    void refusesUnknownOptionsMissingValuesAndBadNumbers() {
        assertThatThrownBy(() -> parse("--force")).hasMessage("unknown option --force");
        assertThatThrownBy(() -> parse("--status")).hasMessage("--status needs a value");
        assertThatThrownBy(() -> Arguments.parse(List.of("--port", "x"), Set.of("--port")).integer("--port", 1))
                .hasMessageContaining("--port must be a whole number");
        assertThatThrownBy(() -> parse().single("incident id")).hasMessage("which incident id?");
    }
}
