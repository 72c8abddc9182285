package io.hookline.receiver.logs;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.ClassicConstants;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.hook.DefaultShutdownHook;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.util.ContextUtil;
import java.util.Map;
import net.logstash.logback.encoder.LogstashEncoder;
import net.logstash.logback.fieldnames.LogstashFieldNames;
import net.logstash.logback.stacktrace.ShortenedThrowableConverter;

/**
 * The receiver's logging, set up when logback starts (it finds this class through
 * {@code META-INF/services/ch.qos.logback.classic.spi.Configurator}, before it looks for a
 * {@code logback.xml}), however the jar is started (serve, check, migrate, tests):
 * <ul>
 * <li>the format {@link LogFormat#VARIABLE} chooses, as the appender {@code STDOUT}: text, one line an event
 * with the event's fields after the message ({@link TextLayout}), or one JSON object a line;
 * <li>written from a queue ({@code ASYNC}), so that one line per webhook request never slows the request;
 * <li>the queue written out at exit, however it comes (a start that fails, SIGTERM): without the hook its
 * worker thread dies with the JVM and a failed start could log nothing;
 * <li>INFO, and Flyway's own steps only when something is wrong (Hookline logs each migration itself).
 * </ul>
 *
 * <p>In code rather than in a {@code logback.xml}: reading the XML (the JDK's parser, logback's Joran
 * model) loaded some 440 classes and took about a tenth of a second of every start (docs/performance.md,
 * issue 32). {@code -Dlogback.configurationFile=FILE} still replaces all of this: logback then reads that
 * file, as it would without this class.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class LogSetup extends ContextAwareBase implements Configurator {

    static final int QUEUE_SIZE = 8192;
    /** journald splits a line longer than 48 KB (LineMax), which would cut a JSON object in two. */
    static final int STACK_TRACE_MAX_LENGTH = 32768;

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty(ClassicConstants.CONFIG_FILE_PROPERTY) != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        new ContextUtil(context).addOrReplaceShutdownHook(shutdownHook(context));

        ConsoleAppender<ILoggingEvent> stdout = new ConsoleAppender<>();
        stdout.setContext(context);
        stdout.setName("STDOUT");
        stdout.setEncoder(format(context) == LogFormat.JSON ? json(context) : text(context));
        stdout.start();

        AsyncAppender queue = new AsyncAppender();
        queue.setContext(context);
        queue.setName("ASYNC");
        queue.setQueueSize(QUEUE_SIZE);
        queue.setDiscardingThreshold(0);
        queue.setNeverBlock(true);
        queue.setMaxFlushTime(5000);
        queue.addAppender(stdout);
        queue.start();

        context.getLogger("org.flywaydb").setLevel(Level.WARN);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(queue);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /**
     * The format asked for: the system property {@link LogFormat#select} sets, else a property of the
     * context, else the environment; text when the value is none of the formats (Application.main
     * refuses such a value before logback starts).
     */
    private LogFormat format(LoggerContext context) {
        String value = System.getProperty(LogFormat.VARIABLE);
        if (value == null) {
            value = context.getProperty(LogFormat.VARIABLE);
        }
        if (value == null) {
            value = System.getenv(LogFormat.VARIABLE);
        }
        try {
            return value == null ? LogFormat.TEXT : LogFormat.of(Map.of(LogFormat.VARIABLE, value));
        } catch (IllegalArgumentException unknown) {
            addWarn(unknown.getMessage() + "; writing text");
            return LogFormat.TEXT;
        }
    }

    private static DefaultShutdownHook shutdownHook(LoggerContext context) {
        DefaultShutdownHook hook = new DefaultShutdownHook();
        hook.setContext(context);
        return hook;
    }

    private static Encoder<ILoggingEvent> text(LoggerContext context) {
        TextLayout layout = new TextLayout();
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        return encoder;
    }

    /**
     * One JSON object a line, for log shippers: {@code @timestamp} (ISO-8601, UTC), level, logger, thread,
     * message (arguments filled in), stack_trace (one field), every MDC entry and every SLF4J key/value pair
     * as a top-level field.
     */
    private static Encoder<ILoggingEvent> json(LoggerContext context) {
        LogstashEncoder encoder = new LogstashEncoder();
        encoder.setContext(context);
        encoder.setTimeZone("UTC");
        LogstashFieldNames names = new LogstashFieldNames();
        names.setLogger("logger");
        names.setThread("thread");
        names.setLevelValue("[ignore]");
        names.setVersion("[ignore]");
        encoder.setFieldNames(names); // hands each name to its field's writer: set them all first
        ShortenedThrowableConverter stackTrace = new ShortenedThrowableConverter();
        stackTrace.setContext(context);
        stackTrace.setMaxLength(STACK_TRACE_MAX_LENGTH);
        encoder.setThrowableConverter(stackTrace);
        encoder.start();
        return encoder;
    }
}
