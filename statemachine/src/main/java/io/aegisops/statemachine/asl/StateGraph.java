package io.aegisops.statemachine.asl;

import java.util.Map;

/** A set of states with a start: the whole machine, a Parallel branch or a Map's item processor. */
public record StateGraph(String startAt, Map<String, State> states) {

    public State state(String name) {
        State state = states.get(name);
        if (state == null) {
            throw new IllegalStateException("no state '" + name + "' (the definition was checked at creation)");
        }
        return state;
    }
}
