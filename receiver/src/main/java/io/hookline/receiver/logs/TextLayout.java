package io.hookline.receiver.logs;

import ch.qos.logback.classic.pattern.Abbreviator;
import ch.qos.logback.classic.pattern.TargetLengthBasedClassNameAbbreviator;
import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The text format's line, as logback's pattern {@value #PATTERN} writes it (with the stack trace of
 * an event's exception on the lines after, as a pattern without one of its own does): the time in UTC,
 * the level, the thread, the logger's name shortened to about 36 characters, the message and the
 * event's fields ({@link TextFields}).
 *
 * <p>Written out rather than given to logback's {@code PatternLayout}, whose table of every pattern
 * word took about a tenth of a second of every start to set up (docs/performance.md, issue 32).
 */
final class TextLayout extends LayoutBase<ILoggingEvent> {

    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSX,UTC} %-5level [%thread] %logger{36} - %msg%fields%n";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSX")
            .withZone(ZoneOffset.UTC);

    private final Abbreviator loggerNames = new TargetLengthBasedClassNameAbbreviator(36);
    private final TextFields fields = new TextFields();
    private final ThrowableProxyConverter stackTrace = new ThrowableProxyConverter();

    @Override
    public void start() {
        stackTrace.setContext(getContext());
        stackTrace.start();
        super.start();
    }

    @Override
    public void stop() {
        stackTrace.stop();
        super.stop();
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(128);
        TIME.formatTo(Instant.ofEpochMilli(event.getTimeStamp()), line);
        String level = event.getLevel().toString();
        line.append(' ').append(level);
        line.append(" ".repeat(Math.max(0, 5 - level.length())));
        line.append(" [").append(event.getThreadName()).append("] ")
                .append(loggerNames.abbreviate(event.getLoggerName()))
                .append(" - ").append(event.getFormattedMessage())
                .append(fields.convert(event))
                .append(CoreConstants.LINE_SEPARATOR)
                .append(stackTrace.convert(event));
        return line.toString();
    }
}
