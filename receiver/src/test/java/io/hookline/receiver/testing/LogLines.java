package io.hookline.receiver.testing;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** Every line logged, with its MDC as it was on the thread that logged it. */
public final class LogLines extends AppenderBase<ILoggingEvent> {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final List<ILoggingEvent> seen = new CopyOnWriteArrayList<>();

    @Override
    protected void append(ILoggingEvent line) {
        line.prepareForDeferredProcessing();
        seen.add(line);
    }

    public List<ILoggingEvent> all() {
        return List.copyOf(seen);
    }

    /** The first line that is {@code wanted}, waiting for it up to 20 s. */
    public ILoggingEvent one(String what, Predicate<ILoggingEvent> wanted) {
        return Eventually.await(what, WAIT, () -> seen.stream().filter(wanted).findFirst().orElse(null),
                found -> found != null);
    }
}
