package io.hookline.receiver.operational;

import io.hookline.store.Database;
import io.hookline.store.DeliveryQueue;
import io.micronaut.context.annotation.Context;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What no single call site sees, looked at every {@code check-interval}: the backlog (the oldest
 * due delivery, the store's two-seeks-a-route query) and the writes the store refused.
 *
 * <p>{@code backlog} is said once when the oldest due delivery passes the threshold, and again
 * only after the backlog fell back under it (and the window has passed). {@code storage.refused}
 * cannot be stored while the store refuses writes: the check counts refused writes as they happen,
 * and stores one event for the whole outage at the first check that finds no new refusal, with
 * how many writes were refused and from when to when.
 *
 * <p>Built with the context, not by the first scheduled check: built then, it took the refusals
 * made before that check as already seen, and told none of them.
 */
@Context
public class OperationalChecks {

    private static final Logger LOG = LoggerFactory.getLogger(OperationalChecks.class);

    private final OperationalEvents events;
    private final OperationalEventsConfig config;
    private final DeliveryQueue deliveries;
    private final Database database;
    private final Clock clock = Clock.systemUTC();

    private boolean backlogSaid;
    private long refusedSeen;
    private Outage outage;
    private boolean stopped;

    public OperationalChecks(OperationalEvents events, OperationalEventsConfig config, DeliveryQueue deliveries,
            Database database) {
        this.events = events;
        this.config = config;
        this.deliveries = deliveries;
        this.database = database;
        // The store counts refused writes from its opening: a refusal before the first check (a webhook
        // answered 503 in the first check-interval after the start) is part of the first outage.
        this.refusedSeen = 0;
    }

    @Scheduled(fixedDelay = "${hookline.operational-events.check-interval:30s}",
            initialDelay = "${hookline.operational-events.check-interval:30s}")
    public synchronized void check() {
        if (!config.isEnabled() || stopped) {
            return;
        }
        Instant now = clock.instant();
        storage(now);
        backlog(now);
    }

    private void storage(Instant now) {
        long refused = database.refusedWrites();
        if (refused > refusedSeen) {
            outage = outage == null ? new Outage(now, now, refused - refusedSeen)
                    : new Outage(outage.first(), now, outage.refused() + refused - refusedSeen);
            refusedSeen = refused;
            return;
        }
        if (outage != null && events.wanted(OperationalEvents.STORAGE_REFUSED)) {
            Map<String, Object> subject = new LinkedHashMap<>();
            subject.put("refused_writes", outage.refused());
            subject.put("first_refused_at", outage.first().toString());
            subject.put("last_refused_at", outage.last().toString());
            subject.put("message", "the store refused " + outage.refused() + (outage.refused() == 1 ? " write" : " writes")
                    + " from " + outage.first() + " to " + outage.last() + "; it accepts writes again");
            // If this one is refused too, the next check sees that refusal as a new outage.
            events.checked(OperationalEvents.STORAGE_REFUSED, subject);
        }
        outage = null;
    }

    private void backlog(Instant now) {
        if (!events.wanted(OperationalEvents.BACKLOG)) {
            return;
        }
        Optional<Instant> due;
        try {
            due = deliveries.oldestDue();
        } catch (RuntimeException e) {
            LOG.debug("The oldest due delivery could not be read: {}", e.getMessage());
            return;
        }
        Duration waited = due.map(at -> Duration.between(at, now)).orElse(Duration.ZERO);
        if (waited.compareTo(config.getBacklogThreshold()) <= 0) {
            backlogSaid = false;
            return;
        }
        if (backlogSaid) {
            return;
        }
        backlogSaid = true;
        Map<String, Object> subject = new LinkedHashMap<>();
        subject.put("oldest_due_at", due.get().toString());
        subject.put("waited_seconds", waited.toSeconds());
        subject.put("threshold_seconds", config.getBacklogThreshold().toSeconds());
        subject.put("message", "the oldest due delivery has waited " + waited.toSeconds() + " s, over the threshold of "
                + config.getBacklogThreshold().toSeconds() + " s");
        events.checked(OperationalEvents.BACKLOG, subject);
    }

    /** No check once the receiver stops: the store closes after this bean, and must not be written to after. */
    @PreDestroy
    public synchronized void stop() {
        stopped = true;
    }

    /** Writes refused since the last check that found none, and when. */
    private record Outage(Instant first, Instant last, long refused) {}
}
