package io.aegisops.statemachine.asl;

/**
 * A checked States Language definition (JSONPath dialect).
 *
 * @param timeoutSeconds the execution's TimeoutSeconds, or null for none
 */
public record StateMachineDefinition(StateGraph graph, Long timeoutSeconds, String comment) {

    /**
     * Parses and checks a definition the way CreateStateMachine does.
     *
     * @throws InvalidDefinitionException listing every problem with the state and field it concerns
     */
    public static StateMachineDefinition parse(String json) {
        return new DefinitionParser().parse(json);
    }
}
