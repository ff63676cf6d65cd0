package io.aegisops.edge.actions;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogTruncationTest {

    @Test
    void keepsShortLogsAsTheyAre() {
        assertThat(CommandExecutor.truncate("a\nb\n")).isEqualTo("a\nb\n");
        assertThat(CommandExecutor.truncate(null)).isNull();
    }

    @Test
    void keepsTheNewestCharactersOfLongLogsAndSaysHowManyWereCut() {
        String logs = "old".repeat(1000) + "x".repeat(CommandExecutor.MAX_LOG_CHARS);

        String truncated = CommandExecutor.truncate(logs);

        assertThat(truncated)
                .isEqualTo("[3000 earlier characters truncated]\n" + "x".repeat(CommandExecutor.MAX_LOG_CHARS));
    }
}
