package io.aegisops.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** The life cycle of a claimed command: what may follow what, and above all what may not. */
class CommandPhaseTest {

    @Test
    void aCommandGoesFromItsClaimThroughItsActionToItsRecord() {
        CommandPhase phase = CommandPhase.CLAIMED;
        for (CommandPhase next : new CommandPhase[] {
            CommandPhase.CHECKING_TASK,
            CommandPhase.RUNNING,
            CommandPhase.ANSWERING,
            CommandPhase.RECORDING,
            CommandPhase.FINISHED
        }) {
            phase = phase.moveTo(next);
        }
        assertThat(phase.isFinal()).isTrue();
    }

    @Test
    void isNeverGivenBackOnceItsActionMayHaveBegun() {
        for (CommandPhase begun : EnumSet.of(CommandPhase.RUNNING, CommandPhase.ANSWERING, CommandPhase.RECORDING)) {
            assertThat(begun.allows(CommandPhase.RELEASED))
                    .as("%s to RELEASED", begun)
                    .isFalse();
            assertThatThrownBy(() -> begun.moveTo(CommandPhase.RELEASED))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("a command cannot move from " + begun + " to RELEASED");
        }
    }

    @Test
    void isNeverRunWithoutItsTaskCheckedFirst() {
        assertThat(CommandPhase.CLAIMED.allows(CommandPhase.RUNNING)).isFalse();
        assertThat(CommandPhase.CHECKING_TASK.allows(CommandPhase.RUNNING)).isTrue();
    }

    @Test
    void endsOnceAndCanCrashFromAnyPhaseBeforeItsEnd() {
        for (CommandPhase phase : CommandPhase.values()) {
            if (phase.isFinal()) {
                assertThat(EnumSet.allOf(CommandPhase.class)).noneMatch(phase::allows);
            } else {
                assertThat(phase.allows(CommandPhase.CRASHED))
                        .as("%s to CRASHED", phase)
                        .isTrue();
            }
        }
        assertThat(EnumSet.allOf(CommandPhase.class).stream().filter(CommandPhase::isFinal))
                .containsExactlyInAnyOrder(CommandPhase.FINISHED, CommandPhase.RELEASED, CommandPhase.CRASHED);
    }
}
