package io.aegisops.statemachine.engine;

import static io.aegisops.statemachine.engine.StrandPhase.BACKING_OFF;
import static io.aegisops.statemachine.engine.StrandPhase.CANCELLED;
import static io.aegisops.statemachine.engine.StrandPhase.FAILED;
import static io.aegisops.statemachine.engine.StrandPhase.IN_BRANCHES;
import static io.aegisops.statemachine.engine.StrandPhase.IN_TASK;
import static io.aegisops.statemachine.engine.StrandPhase.READY;
import static io.aegisops.statemachine.engine.StrandPhase.RUNNING;
import static io.aegisops.statemachine.engine.StrandPhase.SUCCEEDED;
import static io.aegisops.statemachine.engine.StrandPhase.WAITING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Unit: the strand's life cycle — every move the table allows, and every other one refused. */
class StrandPhaseTest {

    /** The life cycle, written out independently of the enum's own table. */
    private static final Map<StrandPhase, Set<StrandPhase>> LEGAL = Map.of(
            READY, EnumSet.of(RUNNING, CANCELLED),
            RUNNING, EnumSet.of(WAITING, IN_TASK, IN_BRANCHES, BACKING_OFF, SUCCEEDED, FAILED),
            WAITING, EnumSet.of(RUNNING, CANCELLED),
            IN_TASK, EnumSet.of(RUNNING, CANCELLED),
            IN_BRANCHES, EnumSet.of(RUNNING, CANCELLED),
            BACKING_OFF, EnumSet.of(RUNNING, CANCELLED),
            SUCCEEDED, EnumSet.noneOf(StrandPhase.class),
            FAILED, EnumSet.noneOf(StrandPhase.class),
            CANCELLED, EnumSet.noneOf(StrandPhase.class));

    @Test
    void theTableAllowsExactlyTheLegalMoves() {
        assertThat(LEGAL).as("every phase is covered").containsOnlyKeys(StrandPhase.values());
        for (StrandPhase from : StrandPhase.values()) {
            for (StrandPhase to : StrandPhase.values()) {
                assertThat(from.allows(to))
                        .as(from + " -> " + to)
                        .isEqualTo(LEGAL.get(from).contains(to));
            }
        }
    }

    @Test
    void aLegalMoveGivesTheNextPhase() {
        LEGAL.forEach((from, targets) -> targets.forEach(
                to -> assertThat(from.moveTo(to)).as(from + " -> " + to).isSameAs(to)));
    }

    @Test
    void everyOtherMoveThrowsIllegalStateException() {
        for (StrandPhase from : StrandPhase.values()) {
            for (StrandPhase to : StrandPhase.values()) {
                if (!LEGAL.get(from).contains(to)) {
                    assertThatThrownBy(() -> from.moveTo(to))
                            .as(from + " -> " + to)
                            .isInstanceOf(IllegalStateException.class)
                            .hasMessage("a strand cannot move from " + from + " to " + to);
                }
            }
        }
    }

    @Test
    void onlySucceededFailedAndCancelledAreFinal() {
        assertThat(Arrays.stream(StrandPhase.values()).filter(StrandPhase::isFinal))
                .containsExactly(SUCCEEDED, FAILED, CANCELLED);
    }

    @Test
    void aRetriedTaskThenAWaitThenTheEnd() {
        List<StrandPhase> life = List.of(
                READY, RUNNING, IN_TASK, RUNNING, BACKING_OFF, RUNNING, IN_TASK, RUNNING, WAITING, RUNNING, SUCCEEDED);

        StrandPhase phase = life.getFirst();
        for (StrandPhase next : life.subList(1, life.size())) {
            phase = phase.moveTo(next);
        }
        assertThat(phase).isEqualTo(SUCCEEDED);
    }

    @Test
    void aParkedStrandMustResumeBeforeItParksAgainOrEnds() {
        for (StrandPhase parked : List.of(WAITING, IN_TASK, IN_BRANCHES, BACKING_OFF)) {
            for (StrandPhase elsewhere : List.of(WAITING, IN_TASK, IN_BRANCHES, BACKING_OFF, SUCCEEDED, FAILED)) {
                assertThatThrownBy(() -> parked.moveTo(elsewhere)).isInstanceOf(IllegalStateException.class);
            }
        }
    }

    @Test
    void aRunningStrandIsNeverCancelledAndAnEndedOneNeverCancelledAgain() {
        assertThatThrownBy(() -> RUNNING.moveTo(CANCELLED)).isInstanceOf(IllegalStateException.class);
        for (StrandPhase end : List.of(SUCCEEDED, FAILED, CANCELLED)) {
            assertThatThrownBy(() -> end.moveTo(CANCELLED)).isInstanceOf(IllegalStateException.class);
        }
    }
}
