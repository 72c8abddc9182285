package io.hookline.receiver.admin;

import io.hookline.store.EventFilter;
import io.hookline.store.EventSummary;
import io.hookline.store.ReplayRequest;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bulk replays run at a pace: a downstream that just recovered gets {@code rate} events a second,
 * not everything at once. Each runs on a thread of its own, queueing the events due every tenth of
 * a second; its progress can be read and it can be cancelled. Kept in memory: a restart stops a
 * replay in progress, and what it queued stays queued.
 */
@Singleton
public class ReplayJobs {

    private static final Logger LOG = LoggerFactory.getLogger(ReplayJobs.class);
    private static final int KEPT = 50;
    private static final long TICK_MILLIS = 100;

    private final Replays replays;
    private final AtomicLong ids = new AtomicLong();
    private final Map<String, ReplayJob> jobs = Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ReplayJob> eldest) {
            return size() > KEPT && eldest.getValue().finished();
        }
    });
    private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "hookline-replay");
        thread.setDaemon(true);
        return thread;
    });

    public ReplayJobs(Replays replays) {
        this.replays = replays;
    }

    /**
     * Starts replaying what the filter matches now, at {@code rate} events a second, queueing the
     * deliveries {@code request} chooses; the replay is recorded at once, and in each event's history
     * as it is queued.
     */
    ReplayJob start(EventFilter filter, double rate, ReplayRequest request) {
        List<EventSummary> matching = new ArrayList<>();
        replays.forEachPage(filter, matching::addAll);
        long replay = replays.start(request);
        ReplayJob job = new ReplayJob("rpl_" + ids.incrementAndGet(),
                request.choice().selection().wireName(), rate, matching.size(), Instant.now());
        jobs.put(job.id(), job);
        threads.execute(() -> run(job, replay, request, matching));
        return job;
    }

    Optional<ReplayJob> find(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    /** The replays of this process, newest first. */
    List<ReplayJob> list() {
        List<ReplayJob> all;
        synchronized (jobs) {
            all = new ArrayList<>(jobs.values());
        }
        Collections.reverse(all);
        return all;
    }

    /** Queues the events a batch every tick, as many as the rate has made due since the start. */
    private void run(ReplayJob job, long replay, ReplayRequest request, List<EventSummary> pending) {
        try {
            long start = System.nanoTime();
            int next = 0;
            while (next < pending.size() && !job.cancelled()) {
                double elapsed = (System.nanoTime() - start) / 1e9;
                int due = Math.min(pending.size(), (int) Math.floor(job.rate() * elapsed) + 1);
                if (due > next) {
                    List<EventSummary> batch = pending.subList(next, due);
                    job.progressed(batch.size(), replays.replayNow(replay, request, batch));
                    next = due;
                }
                Thread.sleep(TICK_MILLIS);
            }
            job.finish(job.cancelled() ? ReplayJob.CANCELLED : ReplayJob.DONE, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            job.finish(ReplayJob.CANCELLED, "the receiver is stopping");
        } catch (RuntimeException e) {
            LOG.error("Replay {} failed after {} events: {}", job.id(), job.snapshot().done(), e.getMessage());
            job.finish(ReplayJob.FAILED, e.getMessage());
        }
    }

    @PreDestroy
    void stop() {
        threads.shutdownNow();
    }
}
