package io.aegisops.functions.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisops.contracts.Action;
import io.aegisops.contracts.Diagnosis;
import io.aegisops.contracts.DiagnosisSource;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Unit: a model never gives a restart more confidence than the deterministic rules give it. */
class ModelCorroborationTest {

    static final double CEILING = 0.8;

    static Diagnosis model(Action action, double confidence) {
        return new Diagnosis(
                "as the logs say", action, confidence, "", List.of("log line"), DiagnosisSource.LLM, "m", 12);
    }

    static Diagnosis rules(Action action, double confidence) {
        return new Diagnosis("rules", action, confidence, "", List.of(), DiagnosisSource.RULES, null, 0);
    }

    @Test
    void aRestartTheRulesDoNotBackIsCappedBelowTheAutoThreshold() {
        ModelCorroboration.Corroborated checked =
                ModelCorroboration.check(model(Action.RESTART, 1.0), rules(Action.NOOP, 0.6), CEILING);

        assertThat(checked.diagnosis().confidence()).isEqualTo(CEILING);
        assertThat(checked.diagnosis().source()).isEqualTo(DiagnosisSource.LLM);
        assertThat(checked.diagnosis().action()).isEqualTo(Action.RESTART);
        assertThat(checked.caveat())
                .hasValueSatisfying(c -> assertThat(c)
                        .contains("do not back the model's RESTART (they propose NOOP)")
                        .contains("capped from 1.00 to 0.80"));
        assertThat(checked.diagnosis().evidence())
                .contains("log line", checked.caveat().get());
    }

    @Test
    void aRestartTheRulesBackWithLessConfidenceGetsTheirs() {
        // e.g. a memory alert on a healthy container: the rules restart only with approval, and so does the model
        ModelCorroboration.Corroborated checked =
                ModelCorroboration.check(model(Action.RESTART, 0.99), rules(Action.RESTART, 0.8), 0.8);
        assertThat(checked.diagnosis().confidence()).isEqualTo(0.8);
        assertThat(checked.caveat())
                .hasValueSatisfying(c -> assertThat(c).contains("back the model's RESTART at 0.80 only"));
    }

    @Test
    void aRestartWithinWhatTheRulesSupportIsUnchanged() {
        Diagnosis restart = model(Action.RESTART, 0.88);
        ModelCorroboration.Corroborated checked =
                ModelCorroboration.check(restart, rules(Action.RESTART, 0.9), CEILING);
        assertThat(checked.diagnosis()).isEqualTo(restart);
        assertThat(checked.caveat()).isEmpty();
    }

    @Test
    void anUnbackedRestartAlreadyBelowTheCeilingIsUnchanged() {
        Diagnosis restart = model(Action.RESTART, 0.6);
        assertThat(ModelCorroboration.check(restart, rules(Action.ESCALATE, 0.3), CEILING)
                        .diagnosis())
                .isEqualTo(restart);
    }

    @ParameterizedTest
    @EnumSource(
            value = Action.class,
            names = {"NOOP", "ESCALATE"})
    void answersThatTouchNothingPassUnchanged(Action action) {
        Diagnosis answer = model(action, 1.0);
        ModelCorroboration.Corroborated checked =
                ModelCorroboration.check(answer, rules(Action.RESTART, 0.95), CEILING);
        assertThat(checked.diagnosis()).isEqualTo(answer);
        assertThat(checked.caveat()).isEmpty();
    }

    @Test
    void aModelsScaleUpTheRulesDoNotProposeIsCappedLikeARestart() {
        ModelCorroboration.Corroborated checked =
                ModelCorroboration.check(model(Action.SCALE_UP, 0.99), rules(Action.RESTART, 0.9), CEILING);
        assertThat(checked.diagnosis().confidence()).isEqualTo(CEILING);
        assertThat(checked.caveat())
                .hasValueSatisfying(
                        c -> assertThat(c).contains("do not back the model's SCALE_UP (they propose RESTART)"));
    }
}
