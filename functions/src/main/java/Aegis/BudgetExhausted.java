package Aegis;

/**
 * Thrown when a target's restart budget (circuit breaker) or cooldown refuses a restart. Reaches Step
 * Functions as {@code Aegis.BudgetExhausted} (the runtime reports the fully qualified class name).
 */
public final class BudgetExhausted extends RuntimeException {

    public BudgetExhausted(String message) {
        super(message);
    }
}
