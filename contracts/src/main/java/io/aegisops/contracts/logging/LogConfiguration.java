package io.aegisops.contracts.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The one log configuration of every AegisOps runnable: the Lambda functions, the edge agent and the local stack
 * (each has contracts on its class path; Logback finds this through {@code META-INF/services}). One JSON object per
 * line ({@link JsonLineEncoder}) on standard output: CloudWatch on Lambda, {@code .aegis/logs/*.log} locally.
 * AegisOps' own lines ({@code io.aegisops}) from INFO; the libraries' (the AWS SDK, docker-java, Apache HttpClient,
 * ...) from WARN, so that their warnings are seen and their chatter is not. {@code AEGIS_LOG_LEVEL} and
 * {@code AEGIS_LIBRARY_LOG_LEVEL} (environment or system property) change the two levels.
 *
 * <p>Code rather than a {@code logback.xml}: Logback reading XML took 2-4 times as long to start (see the
 * {@code LoggingBenchmark} figures in docs/architecture.md), which each Lambda execution environment pays at init.
 * A {@code logback.configurationFile} system property still wins: this configuration then steps aside.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class LogConfiguration extends ContextAwareBase implements Configurator {

    public static final String LEVEL = "AEGIS_LOG_LEVEL";
    public static final String LIBRARY_LEVEL = "AEGIS_LIBRARY_LOG_LEVEL";

    /**
     * The log metric lines go to (contracts.metrics.EmfMetrics): always at INFO, whatever the two levels say. On AWS
     * those lines are the dashboard's data, not chatter, so quieting the logs must not blank the graphs.
     */
    public static final String METRICS_LOGGER = "io.aegisops.metrics";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        JsonLineEncoder encoder = new JsonLineEncoder();
        encoder.setContext(context);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stdout = new ConsoleAppender<>();
        stdout.setContext(context);
        stdout.setName("STDOUT");
        stdout.setEncoder(encoder);
        stdout.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(level(LIBRARY_LEVEL, Level.WARN));
        root.addAppender(stdout);
        context.getLogger("io.aegisops").setLevel(level(LEVEL, Level.INFO));
        context.getLogger(METRICS_LOGGER).setLevel(Level.INFO);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private static Level level(String name, Level otherwise) {
        return Level.toLevel(System.getProperty(name, System.getenv(name)), otherwise);
    }
}
