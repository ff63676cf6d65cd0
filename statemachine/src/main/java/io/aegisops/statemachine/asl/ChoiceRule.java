package io.aegisops.statemachine.asl;

/** One entry of a Choice state's {@code Choices}: when the condition holds, go to {@code next}. */
public record ChoiceRule(Condition condition, String next) {}
