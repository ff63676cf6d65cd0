package io.aegisops.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Unit: text printed by the CLI cannot drive the terminal it is printed on. */
class TerminalSafeOutputTest {

    @Nested
    class Inert {
        @ParameterizedTest
        @ValueSource(
                strings = {
                    "\u001b[2J", // clear the screen
                    "\u001b]0;title\u0007", // set the window title
                    "\r", // return to the start of the line and overwrite it
                    "\b\b\b", // back over what was printed
                    "\u009b2J", // the one-character CSI
                    "\u007f",
                    "\u202e", // right-to-left override
                    "\u2066", // left-to-right isolate
                })
        void makesEveryControlVisible(String control) {
            String inert = TerminalSafeOutput.inert("before" + control + "after");

            assertThat(inert).startsWith("before").endsWith("after").contains("\\u");
            assertThat(inert.chars()).allMatch(c -> c >= 0x20 && c < 0x7f);
        }

        @Test
        void keepsNewlinesTabsAndOrdinaryUnicode() {
            String text = "incident\tRESOLVED\nMTTR 1.2 s → ok ✔ Größe\n";
            assertThat(TerminalSafeOutput.inert(text)).isSameAs(text);
        }
    }

    @Nested
    class AsAStream {
        @Test
        void filtersWhatIsPrintedAcrossWritesAndKeepsMultiByteCharacters() throws IOException {
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            PrintStream out =
                    new PrintStream(new TerminalSafeOutput(sink, StandardCharsets.UTF_8), true, StandardCharsets.UTF_8);

            out.print("service ");
            out.print("evil\u001b[");
            out.println("2J → ✔");
            out.print("no newline yet\u0007");
            out.flush();

            assertThat(sink.toString(StandardCharsets.UTF_8))
                    .isEqualTo("service evil\\u001b[2J → ✔\nno newline yet\\u0007");
        }
    }
}
