package io.aegisops.statemachine.engine;

import java.util.concurrent.Executor;

/**
 * How an engine runs.
 *
 * @param region                    the region in ARNs (us-east-1 by default)
 * @param accountId                 the account in ARNs (000000000000 by default)
 * @param timers                    clock and scheduler for waits, timeouts and retries; null: the engine runs
 *                                  its own {@link SystemTimers} and closes them with itself
 * @param workers                   runs task invocations and execution steps; null: the engine's own virtual
 *                                  threads. A same-thread executor ({@code Runnable::run}) with
 *                                  {@link ManualTimers} makes runs deterministic in tests
 * @param retainedClosedExecutions  how many finished executions stay describable before the oldest are dropped
 *                                  (a finished pipeline execution holds about 40 KB of history, 90 KB once it has been read)
 */
public record EngineConfig(
        String region, String accountId, Timers timers, Executor workers, int retainedClosedExecutions) {

    public static final String DEFAULT_REGION = "us-east-1";
    public static final String DEFAULT_ACCOUNT = "000000000000";

    /** Wall-clock timers, virtual-thread workers, us-east-1, account 000000000000, 500 finished executions kept. */
    public static EngineConfig defaults() {
        return new EngineConfig(DEFAULT_REGION, DEFAULT_ACCOUNT, null, null, 500);
    }

    public EngineConfig withRegion(String value) {
        return new EngineConfig(value, accountId, timers, workers, retainedClosedExecutions);
    }

    public EngineConfig withAccountId(String value) {
        return new EngineConfig(region, value, timers, workers, retainedClosedExecutions);
    }

    public EngineConfig withTimers(Timers value) {
        return new EngineConfig(region, accountId, value, workers, retainedClosedExecutions);
    }

    public EngineConfig withWorkers(Executor value) {
        return new EngineConfig(region, accountId, timers, value, retainedClosedExecutions);
    }

    public EngineConfig withRetainedClosedExecutions(int value) {
        return new EngineConfig(region, accountId, timers, workers, value);
    }
}
