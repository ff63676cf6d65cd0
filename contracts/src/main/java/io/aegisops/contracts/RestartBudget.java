package io.aegisops.contracts;

/** At most {@code max} restarts of a target within a sliding window of {@code windowMinutes}. */
public record RestartBudget(int max, int windowMinutes) {

    public static final RestartBudget DEFAULT = new RestartBudget(3, 30);

    public RestartBudget {
        if (max < 0 || windowMinutes <= 0) {
            throw new IllegalArgumentException("restartBudget needs max >= 0 and windowMinutes > 0");
        }
    }
}
