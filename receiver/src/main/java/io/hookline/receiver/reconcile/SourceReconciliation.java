package io.hookline.receiver.reconcile;

import io.hookline.receiver.error.RequestIds;
import io.hookline.receiver.ingest.Intake;
import io.hookline.receiver.logs.LogContext;
import io.hookline.receiver.metrics.Metrics;
import io.hookline.receiver.operational.OperationalEvents;
import io.hookline.receiver.sentry.Reports;
import io.hookline.spi.CatchUp;
import io.hookline.spi.CatchUpException;
import io.hookline.spi.SourceVerifier;
import io.hookline.store.ReconcileLog;
import io.hookline.store.ReconcileRun;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One source's reconciliation: where each run starts looking, one run at a time, the run handed to
 * the source's {@link CatchUp} (its provider plugin's), and what becomes of its result (the stored
 * record, the metrics, the log, Sentry).
 *
 * <p>A run looks back from the start of the source's last clean run; before the first one, from
 * the newest event the source received before this process started (the time it was down); on a
 * source that has nothing, from the process's start. Always {@code margin} earlier, and never
 * further back than the provider keeps what can be repaired.
 */
public final class SourceReconciliation {

    private static final Logger LOG = LoggerFactory.getLogger(SourceReconciliation.class);
    /** The cause of a run its provider's code ended with an exception other than {@code CatchUpException}. */
    static final String PLUGIN_FAILED = "plugin_failed";

    private final String source;
    private final String provider;
    private final CatchUp catchUp;
    private final SourceVerifier verifier;
    private final Intake intake;
    private final Duration interval;
    private final Duration margin;
    private final Instant processStart;
    private final ReconcileLog log;
    private final Reports reports;
    private final OperationalEvents operational;
    private final Metrics metrics;
    private final Clock clock;
    private final long maxBodySize;
    private volatile Instant rateLimitedUntil;

    SourceReconciliation(String source, String provider, CatchUp catchUp, SourceVerifier verifier, Duration interval,
            Duration margin, Instant processStart, ReconcileLog log, Intake intake, long maxBodySize, Reports reports,
            OperationalEvents operational, Metrics metrics, Clock clock) {
        this.maxBodySize = maxBodySize;
        this.operational = operational;
        this.source = source;
        this.provider = provider;
        this.catchUp = catchUp;
        this.verifier = verifier;
        this.intake = intake;
        this.interval = interval;
        this.margin = margin;
        this.processStart = processStart;
        this.log = log;
        this.reports = reports;
        this.metrics = metrics;
        this.clock = clock;
    }

    public String source() {
        return source;
    }

    public String provider() {
        return provider;
    }

    public Duration interval() {
        return interval;
    }

    /** The source's newest recorded runs, newest first. */
    public List<ReconcileRun> history(int limit) {
        return log.recent(source, limit);
    }

    /**
     * A scheduled run, unless the provider's rate limit is still in force: then nothing happens
     * until the time it gave.
     */
    void runOnSchedule(String trigger) {
        Instant until = rateLimitedUntil;
        if (until != null && clock.instant().isBefore(until)) {
            LOG.info("Source {}: reconciliation waits for {}'s rate limit until {}", source, provider, until);
            return;
        }
        try {
            run(trigger);
        } catch (RuntimeException e) {
            LOG.error("Source {}: reconciliation failed: {}", source, e.toString());
        }
    }

    /**
     * Runs now, after any run in progress, and answers its record. The run has an id of its own
     * ({@code rec_…}), the {@code request_id} of its log lines and of the events it stores, as a
     * webhook's request id is of the events it brings.
     */
    public synchronized ReconcileRun run(String trigger) {
        String runId = RequestIds.newId("rec_");
        try (LogContext ignored = LogContext.of(source, runId, null)) {
            return run(trigger, runId);
        }
    }

    private ReconcileRun run(String trigger, String runId) {
        Instant started = clock.instant();
        Instant since = since(started);
        SourceCatchUpRun catchUpRun = new SourceCatchUpRun(source, provider, verifier, since, runId, log, intake,
                maxBodySize);
        Tally tally = catchUpRun.tally();
        String outcome;
        String message;
        String cause = null;
        try {
            catchUp.run(catchUpRun);
            outcome = tally.failed() == 0 ? ReconcileRun.OK : ReconcileRun.PARTIAL;
            message = tally.failures();
            cause = tally.failed() == 0 ? null : "repair_failed";
            rateLimitedUntil = null;
        } catch (CatchUpException failure) {
            outcome = ReconcileRun.FAILED;
            message = failure.getMessage();
            cause = failure.failureCause().wireName();
            rateLimitedUntil = failure.retryAt();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = ReconcileRun.FAILED;
            message = "stopped: the receiver is shutting down";
        } catch (RuntimeException bug) {
            // The provider's code broke its contract (CatchUp#run throws only CatchUpException): the
            // run still ends recorded and reported, so a plugin's bug is seen where a run's failure is.
            outcome = ReconcileRun.FAILED;
            message = "the " + provider + " provider's catch-up failed: " + bug;
            cause = PLUGIN_FAILED;
        }
        ReconcileRun run = new ReconcileRun(0, source, provider, trigger, started, clock.instant(), since,
                tally.checked(), tally.missing(), tally.recovered(), tally.failed(), outcome, oneLine(message));
        return record(run, cause);
    }

    /**
     * The run's message as one line: it is the plugin's text (a {@code CatchUpException}'s, a failed
     * repair's), and goes to the log, the run's record, Sentry and the dashboard. Each control
     * character, a line break first, is written as {@code \\u000a}, as the attempts' messages are;
     * null stays null.
     */
    static String oneLine(String message) {
        if (message == null) {
            return null;
        }
        StringBuilder line = new StringBuilder(message.length());
        message.chars().forEach(c -> {
            if ((c < 0x20 && c != '\t') || (c >= 0x7f && c <= 0x9f)) {
                line.append(String.format("\\u%04x", c));
            } else {
                line.append((char) c);
            }
        });
        return line.toString();
    }

    private Instant since(Instant now) {
        Instant anchor = log.lastClean(source).map(ReconcileRun::startedAt)
                .or(() -> log.newestReceivedBefore(source, processStart))
                .orElse(processStart);
        Instant since = anchor.minus(margin);
        Instant oldest = now.minus(catchUp.reach());
        return since.isBefore(oldest) ? oldest : since;
    }

    /** The run recorded, logged, counted and reported; answers it as stored (as its source's history lists it). */
    private ReconcileRun record(ReconcileRun finished, String cause) {
        ReconcileRun run = finished;
        try {
            run = log.record(finished).get();
        } catch (ExecutionException e) {
            LOG.warn("Source {}: the reconciliation run could not be recorded: {}", source, e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        metrics.reconciled(source, provider, "present", run.checked() - run.missing());
        metrics.reconciled(source, provider, "recovered", run.recovered());
        metrics.reconciled(source, provider, "failed", run.failed());
        metrics.reconcileRun(source, provider, run.outcome());
        if (cause != null) {
            LOG.warn("Source {}: reconciliation with {} {} ({} checked, {} missing, {} recovered, {} failed): {}",
                    source, provider, run.outcome(), run.checked(), run.missing(), run.recovered(), run.failed(),
                    run.message());
            reports.reconcileFailed(source, provider, cause, run.message());
            operational.reconcileFailed(source, provider, cause, run.message());
        } else {
            if (run.missing() > 0) {
                LOG.info("Source {}: reconciliation with {} found {} missing of {} since {} and recovered {}", source,
                        provider, run.missing(), run.checked(), run.since(), run.recovered());
            }
            if (ReconcileRun.OK.equals(run.outcome())) {
                reports.reconcileWorks(source);
            }
        }
        return run;
    }
}
