package io.aegisops.contracts;

/**
 * At most {@code max} remedies of a target within a sliding window of {@code windowMinutes}. Every action that
 * changes the container counts (RESTART, ROLLBACK, SCALE_UP, STOP); the name, and the JSON field
 * {@code restartBudget}, are from when RESTART was the only one.
 */
public record RestartBudget(int max, int windowMinutes) {

    public static final RestartBudget DEFAULT = new RestartBudget(3, 30);

    public RestartBudget {
        if (max < 0 || windowMinutes <= 0) {
            throw new IllegalArgumentException("restartBudget needs max >= 0 and windowMinutes > 0");
        }
    }
}
