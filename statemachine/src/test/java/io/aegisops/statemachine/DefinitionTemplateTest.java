package io.aegisops.statemachine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Unit: placeholders are found and filled like CloudFormation's DefinitionSubstitutions. */
class DefinitionTemplateTest {

    private final DefinitionTemplate template = new DefinitionTemplate("""
            {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "${DiagnoseFunctionArn}",
             "TimeoutSeconds": "${Timeout}", "Comment": "$.not.a.placeholder ${DiagnoseFunctionArn}", "End": true}}}
            """);

    @Test
    void listsEachPlaceholderOnce() {
        assertThat(template.placeholders()).containsExactly("DiagnoseFunctionArn", "Timeout");
    }

    @Test
    void fillsEveryOccurrence() {
        String filled = template.substitute(
                Map.of("DiagnoseFunctionArn", "arn:aws:lambda:us-east-1:1:function:d:live", "Timeout", "30"));

        assertThat(filled)
                .doesNotContain("${")
                .contains("\"TimeoutSeconds\": \"30\"")
                .contains("$.not.a.placeholder arn:aws:lambda:us-east-1:1:function:d:live");
    }

    @Test
    void valuesWithDollarSignsAreTakenLiterally() {
        assertThat(new DefinitionTemplate("x=${A}").substitute(Map.of("A", "$1\\")))
                .isEqualTo("x=$1\\");
    }

    @Test
    void refusesToLeaveAPlaceholderUnfilled() {
        assertThatThrownBy(() -> template.substitute(Map.of("Timeout", "30")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("DiagnoseFunctionArn");
    }
}
