package io.hookline.receiver.admin;

import io.hookline.receiver.dispatch.BreakerState;
import io.hookline.receiver.error.HandlerFailure;
import io.hookline.receiver.ingest.Provenance;
import io.hookline.receiver.plugins.LoadedPlugins;
import io.hookline.receiver.rejections.Finding;
import io.hookline.receiver.rejections.RefusedRequest;
import io.hookline.receiver.subscriptions.SubscriptionHeaders;
import io.hookline.receiver.subscriptions.SubscriptionPolicy;
import io.hookline.receiver.subscriptions.TargetAnswer;
import io.hookline.receiver.subscriptions.TestOutcome;
import io.hookline.store.AttemptAnswer;
import io.hookline.store.BlockedKeys;
import io.hookline.store.DeliveryStatus;
import io.hookline.store.EventDetail;
import io.hookline.store.EventPage;
import io.hookline.store.EventSummary;
import io.hookline.store.ReconcileRun;
import io.hookline.store.Subscription;
import io.hookline.store.SubscriptionStore;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The admin API's JSON shapes, in snake case. */
final class AdminViews {

    private AdminViews() {}

    @Serdeable(naming = SnakeCaseStrategy.class)
    record Event(String id, String status, String source, String provider, String type, String key,
            Instant receivedAt, String lastErrorClass) {
        static Event of(EventSummary summary) {
            return new Event(summary.id(), summary.status().wireName(), summary.source(), summary.provider(),
                    summary.type(), summary.key(), summary.receivedAt(), summary.lastErrorClass());
        }
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    record Page(List<Event> events, String nextCursor) {
        static Page of(EventPage page) {
            return new Page(page.events().stream().map(Event::of).toList(), page.nextCursor());
        }
    }

    /**
     * One route's delivery of an event; {@code breakerOpenUntil} is set while the delivery waits to
     * run and its route's circuit breaker is open (on the instance that answered): its next attempt
     * comes no sooner. {@code orderKey} is its key when its route has {@code order-by}, and
     * {@code heldBy} the event whose delivery holds that key while this one waits behind it, as
     * {@code held_by} of the routes' {@code blocked_keys}.
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    record Delivery(String route, String handler, String status, int attempts, Instant nextAttemptAt,
            String lastErrorClass, String lastError, Instant breakerOpenUntil, String orderKey, String heldBy) {}

    @Serdeable(naming = SnakeCaseStrategy.class)
    record Attempt(String route, String handler, int number, Instant startedAt, long durationMs, String outcome,
            String errorClass, String message, String instance, Answer answer) {
        static Attempt of(EventDetail.Attempt a) {
            return new Attempt(a.route(), a.handler(), a.number(), a.startedAt(), a.durationMillis(), a.outcome(),
                    a.errorClass(), a.message(), a.instance(), Answer.of(a.answer()));
        }
    }

    /** What the target answered to an attempt: null when there was no answer. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    record Answer(int status, String url, Map<String, String> headers, String body, long tookMs) {
        static Answer of(AttemptAnswer answer) {
            return answer == null ? null
                    : new Answer(answer.status(), answer.url(), answer.headers(), answer.body(), answer.tookMillis());
        }
    }

    /** One replay in an event's history; {@code routes} are the deliveries it queued again (a dry run: would have). */
    @Serdeable(naming = SnakeCaseStrategy.class)
    record Replay(long id, Instant startedAt, String startedBy, String selection, List<String> routes, boolean dryRun,
            Double rate) {
        static Replay of(EventDetail.Replay replay) {
            return new Replay(replay.id(), replay.startedAt(), replay.startedBy(), replay.selection(), replay.routes(),
                    replay.dryRun(), replay.rate());
        }
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    record Detail(String id, String status, String source, String provider, String type, String key,
            String requestId, Instant receivedAt, Instant occurredAt, String lastErrorClass, String provenance, Map<String, String> headers,
            long bodySize, List<String> notes, List<Delivery> deliveries, List<Attempt> attempts, List<Replay> replays) {
        static Detail of(EventDetail detail, Function<String, BreakerState> breakers) {
            EventSummary summary = detail.summary();
            return new Detail(summary.id(), summary.status().wireName(), summary.source(), summary.provider(),
                    summary.type(), summary.key(), detail.requestId(), summary.receivedAt(), detail.occurredAt(), summary.lastErrorClass(),
                    Provenance.of(detail.headers()), detail.headers(), detail.bodySize(), detail.notes(),
                    detail.deliveries().stream().map(d -> new Delivery(d.route(), d.handler(), d.status().wireName(),
                            d.attempts(), d.nextAttemptAt(), d.lastErrorClass(), d.lastError(),
                            waiting(d.status()) ? breakers.apply(d.route()).openUntil() : null, d.orderKey(),
                            d.heldBy())).toList(),
                    detail.attempts().stream().map(Attempt::of).toList(),
                    detail.replays().stream().map(Replay::of).toList());
        }

        private static boolean waiting(DeliveryStatus status) {
            return status == DeliveryStatus.PENDING || status == DeliveryStatus.RETRYING;
        }
    }

    /**
     * The body of {@code POST /admin/events/{id}/replay}; every field optional. By default the failed
     * deliveries are replayed; {@code routes} names the routes or subscriptions to replay instead, and
     * {@code all} replays every one, those that succeeded included. {@code dry_run} says what would be
     * replayed and changes nothing.
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    record EventReplay(List<String> routes, Boolean all, Boolean dryRun) {}

    /**
     * The answer of a replay of one event: {@code status} {@code queued}, {@code dry_run} or
     * {@code nothing_to_replay}; {@code routes} the deliveries queued again (or that would be);
     * {@code dropped} those removed because their route no longer matches the event; {@code running}
     * those chosen but left alone because an attempt of theirs is running (replay them once it ends).
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    record Replayed(String status, String id, List<String> routes, List<String> dropped, List<String> running) {}

    @Serdeable(naming = SnakeCaseStrategy.class)
    record BulkReplayed(int queued) {}

    /** Counts for the dashboard: per source and status, and per hour and status over the last day. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    record Stats(Map<String, Map<String, Long>> sources, List<Hour> hours) {}

    @Serdeable(naming = SnakeCaseStrategy.class)
    record Hour(Instant hour, Map<String, Long> counts) {}

    /** The answer of {@code POST /admin/sentry-test}: the Sentry event id to look for. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    record SentryTest(String id) {}

    /** {@code GET /admin/plugins}: the built-ins first, then every jar or directory in the plugins directory. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    record Plugins(List<Plugin> plugins) {}

    /** One plugin: {@code status} is {@code loaded} or {@code skipped}; {@code reason} says why, or warns. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    record Plugin(String jar, String status, String api, String version, List<String> providers,
            List<String> handlers, String reason) {
        static Plugin of(LoadedPlugins.PluginJar jar) {
            return new Plugin(jar.name(), jar.loaded() ? "loaded" : "skipped", jar.api(), jar.version(),
                    jar.providers(), jar.handlers(), jar.reason());
        }
    }

    /** A subscription as the admin API shows it: never its secret, except in the answer that made it. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    record SubscriptionView(String id, String name, String url, List<String> events, String where,
            Map<String, String> headers, String description, boolean enabled, String timeout, List<String> retryDelays,
            Instant createdAt, Instant updatedAt, Instant previousSecretUntil, Instant failingSince, String disabledReason,
            String signing, String publicKey, String eventForm, String secret, String orderBy) {
        /** {@code eventForm}: the subscription's own, or the receiver's default when it has none. */
        static SubscriptionView of(Subscription subscription, String eventForm, String secretShownOnce) {
            return new SubscriptionView(subscription.id(), subscription.name(), subscription.url(), subscription.events(),
                    subscription.where(), SubscriptionHeaders.masked(subscription), subscription.description(), subscription.enabled(),
                    SubscriptionPolicy.text(SubscriptionPolicy.timeout(subscription)),
                    SubscriptionPolicy.retries(subscription).delays().stream().map(SubscriptionPolicy::text).toList(),
                    subscription.createdAt(), subscription.updatedAt(), subscription.previousUntil(),
                    subscription.failingSince(), subscription.disabledReason(),
                    subscription.signing().scheme().wireName(), subscription.signing().publicKey(), eventForm,
                    secretShownOnce, subscription.policy().orderBy());
        }
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    record SubscriptionList(List<SubscriptionView> subscriptions) {}

    /**
     * What a test message met, as a real delivery would record it: {@code delivered} only for a
     * 2xx; otherwise the error class a real attempt gets ({@code downstream_unavailable} for a 5xx,
     * {@code downstream_rejected} for a redirect or another 4xx…), whether it would be retried, and
     * the error; {@code status}, {@code took_ms} and {@code body} when the target answered.
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    record TestAnswer(boolean delivered, Integer status, Long tookMs, String body, String errorClass, Boolean retried,
            String error) {
        static TestAnswer of(TestOutcome outcome) {
            TargetAnswer answer = outcome.answer();
            HandlerFailure failure = outcome.failure();
            return new TestAnswer(outcome.delivered(), answer == null ? null : answer.status(),
                    answer == null ? null : answer.took().toMillis(), answer == null ? null : answer.body(),
                    failure == null ? null : failure.errorClass().wireName(),
                    failure == null ? null : failure.errorClass().retried(), failure == null ? null : failure.message());
        }
    }

    /** A subscription's deliveries, newest event first; pass {@code next_before} as {@code before} for more. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    record SubscriptionDeliveries(List<RouteDeliveryView> deliveries, String nextBefore) {
        static SubscriptionDeliveries of(List<SubscriptionStore.RouteDelivery> found, String nextBefore) {
            return new SubscriptionDeliveries(found.stream().map(d -> new RouteDeliveryView(d.eventId(),
                    d.status().wireName(), d.attempts(), d.nextAttemptAt(), d.lastErrorClass(), d.lastError(),
                    d.orderKey(), d.heldBy(), d.tries().stream().map(Attempt::of).toList()))
                    .toList(), nextBefore);
        }
    }

    /** As an event detail's {@link Delivery}: {@code orderKey} and {@code heldBy} for a subscription with {@code order-by}. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    record RouteDeliveryView(String eventId, String status, int attempts, Instant nextAttemptAt, String lastErrorClass,
            String lastError, String orderKey, String heldBy, List<Attempt> tries) {}

    /**
     * {@code GET /admin/rejections}: refused requests, newest first, and how many more were refused
     * since start but not kept because their address was over its budget of refusals.
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    record Rejections(List<Rejection> rejections, long overAddressLimit) {}

    /** One refused request: never its body, a signature or a secret; {@code diagnosed} false while the diagnosis is pending. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    record Rejection(String id, String source, String provider, String code, String detail, Instant receivedAt,
            String requestId, String remoteAddress, int bodySize, String bodySha256, boolean diagnosed,
            List<Finding> diagnosis) {
        static Rejection of(RefusedRequest refused) {
            return new Rejection(refused.id(), refused.source(), refused.provider(), refused.code(), refused.detail(),
                    refused.receivedAt(), refused.requestId(), refused.remoteAddress(), refused.bodySize(),
                    refused.bodySha256(), refused.diagnosed(), refused.diagnosis());
        }
    }

    /** {@code GET /admin/sources}: every source, with its reconciliation if it has one. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    record SourceList(List<SourceEntry> sources) {}

    /** One source: {@code reconcile} says whether it reconciles, {@code last_reconciliation} its newest run. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    record SourceEntry(String name, String provider, boolean reconcile, Long reconcileIntervalSeconds,
            Reconciliation lastReconciliation) {}

    /** {@code GET /admin/sources/{name}/reconciliations}: newest first. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    record Reconciliations(List<Reconciliation> reconciliations) {}

    /** One reconciliation run; also the answer of {@code POST /admin/sources/{name}/reconcile}. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    record Reconciliation(long id, String source, String provider, String trigger, Instant startedAt,
            Instant finishedAt, Instant since, int checked, int missing, int recovered, int failed, String outcome,
            String message) {
        static Reconciliation of(ReconcileRun run) {
            return new Reconciliation(run.id(), run.source(), run.provider(), run.trigger(), run.startedAt(),
                    run.finishedAt(), run.since(), run.checked(), run.missing(), run.recovered(), run.failed(),
                    run.outcome(), run.message());
        }
    }

    /**
     * The body of {@code POST /admin/replay}; every field optional, status defaults to dead.
     * {@code routes} and {@code all} choose each event's deliveries as for one event (by default its
     * failed ones); {@code dry_run} counts and changes nothing; {@code rate} replays in the background
     * at that many events a second.
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    record ReplayFilter(String status, String source, String type, Instant from, Instant to, List<String> routes,
            Boolean all, Boolean dryRun, Double rate) {}

    /** The answer of a dry run: what the replay would queue. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    record DryRun(boolean dryRun, int events, int deliveries, Map<String, Integer> eventsBySource,
            Map<String, Integer> deliveriesByRoute, Map<String, Integer> leftFailedByRoute, boolean capped, Double seconds) {
        static DryRun of(ReplayPlan plan, Double rate) {
            return new DryRun(true, plan.events(), plan.deliveries(), plan.eventsBySource(), plan.deliveriesByRoute(),
                    plan.leftFailedByRoute(), plan.capped(), rate == null ? null : Math.ceil(plan.events() / rate));
        }
    }

    /**
     * A paced replay: {@code status} running, done, cancelled or failed; {@code selection} which
     * deliveries of each event it queues; {@code done} of {@code events} handed to the queue,
     * {@code queued} of them had a delivery queued.
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    record ReplayProgress(String id, String status, String selection, double rate, int events, int done, int queued,
            Instant startedAt, Instant finishedAt, String message) {
        static ReplayProgress of(ReplayJob.Snapshot job) {
            return new ReplayProgress(job.id(), job.status(), job.selection(), job.rate(), job.events(), job.done(),
                    job.queued(), job.startedAt(), job.finishedAt(), job.message());
        }
    }

    /** {@code GET /admin/replays}: this process's paced replays, newest first. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    record ReplayList(List<ReplayProgress> replays) {}

    /**
     * A route or subscription as the routes panel shows it: {@code kind} {@code route} or
     * {@code subscription}; {@code match} its patterns and {@code where} its expression or null; its breaker on
     * this instance; its deliveries; its last failure or null; {@code orderBy} what its deliveries are ordered
     * by, or null, and {@code blockedKeys} its keys held by a delivery waiting for its retry or dead, in
     * key order, at most {@code blockedKeysBound} of them (a list that long may leave more out).
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    record RouteHealth(String name, String kind, List<String> match, String where, String provider, String handler,
            boolean enabled, Breaker breaker, Deliveries deliveries, Failure lastFailure, String orderBy,
            List<BlockedKey> blockedKeys, int blockedKeysBound) {}

    /**
     * An order key held by a delivery that is not running: {@code heldBy} the event, its delivery's
     * {@code status} ({@code retrying} or {@code dead}), attempts and last error class, and how many of
     * the key's deliveries wait behind it (up to {@code waitingBound}).
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    record BlockedKey(String key, String heldBy, String status, int attempts, String lastErrorClass, long waiting,
            int waitingBound) {
        static BlockedKey of(BlockedKeys.Blocked blocked) {
            return new BlockedKey(blocked.key(), blocked.eventId(), blocked.status(), blocked.attempts(),
                    blocked.lastErrorClass(), blocked.waiting(), BlockedKeys.WAITING_BOUND);
        }
    }

    /** {@code state} {@code closed}, {@code open} or {@code half_open}; {@code openUntil} while open. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    record Breaker(String state, Instant openUntil) {
        static Breaker of(BreakerState state) {
            return new Breaker(state.state(), state.openUntil());
        }
    }

    /**
     * Counts of a route's deliveries, each read up to {@code countBound} rows: a count equal to it
     * means at least that many.
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    record Deliveries(long pending, long retrying, long dead, int countBound) {}

    /** A route's last failed attempt. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    record Failure(Instant at, String errorClass, String message, String event) {}

    /** {@code GET /admin/routes}. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    record RoutesHealth(List<RouteHealth> routes) {}
}
