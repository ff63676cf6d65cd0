package io.aegisops.statemachine.asl;

import java.util.List;

/** A definition that is not valid States Language (or uses what the local engine does not run), with every problem found. */
public final class InvalidDefinitionException extends IllegalArgumentException {

    private final List<String> problems;

    public InvalidDefinitionException(List<String> problems) {
        super("Invalid State Machine Definition: '" + String.join(", ", problems) + "'");
        this.problems = List.copyOf(problems);
    }

    /** Each problem as {@code CODE: message at /States/<state>/<field>}. */
    public List<String> problems() {
        return problems;
    }
}
