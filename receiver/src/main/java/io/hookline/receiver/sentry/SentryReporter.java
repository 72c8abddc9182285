package io.hookline.receiver.sentry;

import io.hookline.receiver.config.Version;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import io.sentry.Breadcrumb;
import io.sentry.Sentry;
import io.sentry.SentryEvent;
import io.sentry.SentryLevel;
import io.sentry.protocol.Message;
import io.sentry.protocol.SentryId;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends {@link SentryReport}s with the real Sentry SDK. Sending is asynchronous and bounded (a
 * small queue, dropped when full), so Sentry being down or slow never slows webhook handling. The
 * SDK (and its threads) starts once the context has started, or at the first report if that comes
 * earlier, not while beans are being built.
 */
@Singleton
public class SentryReporter implements ApplicationEventListener<StartupEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(SentryReporter.class);
    /** Sentry keeps tag values of up to 200 characters and drops a longer one; a long one is cut to fit. */
    static final int MAX_TAG_VALUE = 200;

    private final SentryConfig config;
    private final SecretValues secrets;
    private final boolean enabled;
    private final SignatureBursts bursts;
    private volatile boolean started;

    public SentryReporter(SentryConfig config, SecretValues secrets) {
        this.config = config;
        this.secrets = secrets;
        this.bursts = new SignatureBursts(config.getSignatureBurstThreshold(), config.getSignatureBurstWindow());
        this.enabled = config.getDsn() != null;
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        start();
    }

    /** Starts the SDK once: at the start event, or at a report that comes before it. */
    private void start() {
        if (started) {
            return;
        }
        synchronized (this) {
            if (!started) {
                startSdk();
                started = true;
            }
        }
    }

    private void startSdk() {
        if (!enabled) {
            LOG.info("Sentry: off (set hookline.sentry.dsn to report failures)");
            return;
        }
        SentryScrubber scrubber = new SentryScrubber(secrets::all, config.getEnvironment(), config.isSendBodies());
        Sentry.init(options -> {
            options.setDsn(config.getDsn());
            options.setEnvironment(config.getEnvironment());
            options.setRelease(config.getRelease() == null ? "hookline@" + Version.current() : config.getRelease());
            options.setSampleRate(config.getSampleRate());
            options.setBeforeSend(scrubber);
            options.setSendDefaultPii(false);
            options.setAttachServerName(false);
            options.setEnableUncaughtExceptionHandler(false);
            options.setEnableShutdownHook(false);
            options.setEnableAutoSessionTracking(false);
            options.setSendClientReports(false);
            options.setEnableExternalConfiguration(false);
            options.setMaxQueueSize(100);
            options.setConnectionTimeoutMillis(2_000);
            options.setReadTimeoutMillis(2_000);
            options.setShutdownTimeoutMillis(2_000);
            options.setFlushTimeoutMillis(2_000);
            options.setTag("service", "hookline");
        });
        LOG.info("Sentry: reporting to {} as environment '{}'", hostOf(config.getDsn()), config.getEnvironment());
    }

    /** Whether reports go anywhere. */
    public boolean enabled() {
        return enabled;
    }

    /** Sends the report; answers its id, or {@link SentryId#EMPTY_ID} when Sentry is off or it was dropped. */
    SentryId send(SentryReport report) {
        if (!enabled) {
            return SentryId.EMPTY_ID;
        }
        start();
        SentryEvent event = report.thrown() == null ? new SentryEvent() : new SentryEvent(report.thrown());
        Message message = new Message();
        message.setFormatted(report.message());
        event.setMessage(message);
        event.setLevel(report.level());
        event.setTag("service", "hookline");
        event.setTag("component", report.component());
        event.setTag("error_class", report.errorClass() == null ? "none" : report.errorClass().wireName());
        report.tags().forEach((name, value) -> {
            if (value != null) {
                event.setTag(name, value.length() > MAX_TAG_VALUE ? value.substring(0, MAX_TAG_VALUE - 3) + "..." : value);
            }
        });
        event.setFingerprints(report.fingerprint());
        if (!report.context().isEmpty()) {
            event.getContexts().put("hookline", report.context());
        }
        event.setBreadcrumbs(report.breadcrumbs().stream().map(text -> {
            Breadcrumb breadcrumb = new Breadcrumb();
            breadcrumb.setCategory("attempt");
            breadcrumb.setMessage(text);
            breadcrumb.setLevel(SentryLevel.INFO);
            return breadcrumb;
        }).toList());
        return Sentry.captureEvent(event);
    }

    /** Counts a signature failure; answers true when it completes a burst worth one warning. */
    boolean signatureFailed(String source, long nowMillis) {
        return bursts.failed(source, nowMillis);
    }

    /** Sends what is queued, waiting at most {@code timeout}. */
    public void flush(Duration timeout) {
        if (enabled) {
            Sentry.flush(timeout.toMillis());
        }
    }

    @PreDestroy
    void close() {
        if (enabled) {
            Sentry.close();
        }
    }

    private static String hostOf(String dsn) {
        int at = dsn.indexOf('@');
        int slash = dsn.indexOf('/', at + 1);
        return at < 0 ? "(invalid DSN)" : dsn.substring(at + 1, slash < 0 ? dsn.length() : slash);
    }

    static Map<String, Object> context(Object... pairs) {
        Map<String, Object> context = new java.util.LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                context.put((String) pairs[i], pairs[i + 1]);
            }
        }
        return context;
    }
}
