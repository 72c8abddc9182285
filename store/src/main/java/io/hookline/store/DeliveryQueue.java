package io.hookline.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * The deliveries the dispatcher works through: claim the due ones under a lease, record each
 * attempt and its consequence, replay. Every change goes through the one writer, in the same
 * commits as incoming webhooks. Each claim carries the instance that made it and a token of its
 * own; recording an attempt needs the token, so a worker whose lease ran out records nothing. A
 * lease that runs out (a worker or an instance that died) makes the delivery claimable again;
 * {@link #releaseClaims()} at start does the same at once for this instance's own earlier claims.
 */
public final class DeliveryQueue {

    // The routes with deliveries still to run (due now or waiting for a retry), found by one seek of
    // deliveries_due_by_route per route (a loose index scan): it costs as much behind a backlog of a
    // million deliveries of one route as with none. Route names are never empty, so '' starts the walk.
    private static final String WAITING = "WITH RECURSIVE waiting(route) AS (SELECT CAST('' AS TEXT)"
            + " UNION ALL SELECT (SELECT d.route FROM deliveries d WHERE d.status IN ('pending', 'retrying')"
            + " AND d.route > waiting.route ORDER BY d.route LIMIT 1) FROM waiting WHERE waiting.route IS NOT NULL)";
    // With each route, whether it has deliveries parked behind their key (ParkedDeliveries): one more seek.
    private static final String WAITING_ROUTES = WAITING + " SELECT route, " + ParkedDeliveries.ANY_PARKED
            + " FROM waiting WHERE route <> ''";
    // The earliest due time of the deliveries still to run: the same walk over the routes, and two
    // more seeks per route for its earliest, parked or not, so it too costs the same behind any
    // backlog. A delivery waiting behind its key counts from the time it came due.
    private static final String OLDEST_DUE = WAITING + " SELECT min(due) FROM (SELECT (SELECT d.next_attempt_at"
            + " FROM deliveries d WHERE d.route = waiting.route AND d.status IN ('pending', 'retrying')"
            + " AND d.next_attempt_at IS NOT NULL AND d.next_attempt_at < " + ParkedDeliveries.OFFSET
            + " ORDER BY d.next_attempt_at LIMIT 1) AS due FROM waiting WHERE waiting.route <> ''"
            + " UNION ALL SELECT (SELECT d.next_attempt_at - " + ParkedDeliveries.OFFSET
            + " FROM deliveries d WHERE d.route = waiting.route AND d.status IN ('pending', 'retrying')"
            + " AND d.next_attempt_at >= " + ParkedDeliveries.OFFSET + " ORDER BY d.next_attempt_at LIMIT 1) AS due"
            + " FROM waiting WHERE waiting.route <> '') AS earliest_by_route";
    // One route's due deliveries, oldest first; its claimed ones (at most the attempts it runs at once
    // on each instance) are the only rows read and passed over. A delivery with an order key is passed
    // over while an older delivery of its route and key is still to run (or dead, unless dead ones
    // release their key: the bound status names the one that does not hold), or while any delivery of
    // its key is claimed (one whose event committed late, with an older id, must not run beside it).
    // Each is one seek of an index only ordered routes' deliveries are in. Deliveries parked behind
    // their key are due after any real time, past the end of the range read.
    private static final String CLAIM = "UPDATE deliveries SET claimed_until = ?, claimed_by = ?, claim_token = ?"
            + " WHERE (event_id, route) IN (SELECT d.event_id, d.route FROM deliveries d"
            + " WHERE d.route = ? AND d.status IN ('pending', 'retrying') AND d.next_attempt_at <= ?"
            + " AND (d.claimed_until IS NULL OR d.claimed_until <= ?)"
            + " AND (d.order_key IS NULL OR NOT EXISTS (SELECT 1 FROM deliveries o WHERE o.route = d.route"
            + " AND o.order_key = d.order_key AND o.event_id < d.event_id AND " + KeyHolder.holding("o") + ")"
            + " AND NOT EXISTS (SELECT 1 FROM deliveries c WHERE c.route = d.route AND c.order_key = d.order_key"
            + " AND c.order_key IS NOT NULL AND c.claimed_until IS NOT NULL AND c.claimed_until > ?))"
            + " ORDER BY d.next_attempt_at LIMIT ?%s)"
            + " RETURNING event_id, route, handler, attempts, replayed_after, next_attempt_at";
    private static final String INSERT_ATTEMPT = "INSERT INTO attempts (event_id, route, handler, number, started_at,"
            + " duration_ms, outcome, error_class, message, instance, answer_status, answer_url, answer_headers,"
            + " answer_body, answer_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String FINISH = "UPDATE deliveries SET status = ?, attempts = ?, next_attempt_at = ?,"
            + " claimed_until = NULL, claimed_by = NULL, claim_token = NULL, last_error_class = ?, last_error = ?, updated_at = ?"
            + " WHERE event_id = ? AND route = ? AND claim_token = ?";
    private static final String POSTPONE = "UPDATE deliveries SET next_attempt_at = ?, claimed_until = NULL,"
            + " claimed_by = NULL, claim_token = NULL, updated_at = ? WHERE event_id = ? AND route = ? AND claim_token = ?";
    // Only deliveries still to run hold claims; naming them (and a range of the index's first column)
    // lets the deliveries_due_by_route index find them.
    private static final String RELEASE_KEYS = "UPDATE deliveries SET order_key = NULL WHERE route = ?"
            + " AND order_key IS NOT NULL AND status IN ('pending', 'retrying', 'dead') AND status <> 'dead'";
    private static final String RELEASE = "UPDATE deliveries SET claimed_until = NULL, claimed_by = NULL, claim_token = NULL"
            + " WHERE status IN ('pending', 'retrying') AND route > '' AND claimed_until IS NOT NULL";
    // Not a delivery running: its claim, if any, must have run out.
    private static final String SKIP = "UPDATE deliveries SET status = 'skipped', next_attempt_at = NULL,"
            + " claimed_until = NULL, claimed_by = NULL, claim_token = NULL, updated_at = ?"
            + " WHERE event_id = ? AND route = ? AND status IN ('pending', 'retrying', 'dead')"
            + " AND (claimed_until IS NULL OR claimed_until <= ?)";
    private static final String ONE_DELIVERY = "SELECT status, claimed_until FROM deliveries WHERE event_id = ? AND route = ?";
    private static final String EVENT_STATE = "SELECT body_pruned FROM events WHERE id = ?";
    private static final String CURRENT = "SELECT route, status, claimed_until FROM deliveries WHERE event_id = ?";
    private static final String DROP = "DELETE FROM deliveries WHERE event_id = ? AND route = ?";
    // A delivery queued again keeps its count of attempts, so their numbers go on; the retry schedule
    // counts from replayed_after. A delivery claimed when the replay read it is not chosen (see replay).
    private static final String REQUEUE = "INSERT INTO deliveries (event_id, route, handler, status, next_attempt_at,"
            + " updated_at) VALUES (?, ?, ?, 'pending', ?, ?) ON CONFLICT (event_id, route) DO UPDATE SET"
            + " handler = excluded.handler, status = 'pending', next_attempt_at = excluded.next_attempt_at,"
            + " claimed_until = NULL, claimed_by = NULL, claim_token = NULL, last_error_class = NULL, last_error = NULL,"
            + " replayed_after = deliveries.attempts, updated_at = excluded.updated_at"
            + " WHERE deliveries.claimed_until IS NULL OR deliveries.claimed_until <= excluded.updated_at";
    private static final String COUNTED_EVENT = "SELECT source, received_at, status FROM events WHERE id = ?";
    private static final String REFRESH_EVENT = "UPDATE events SET"
            + " status = (SELECT CASE WHEN count(*) = 0 THEN 'processed'"
            + " WHEN sum(CASE WHEN status = 'dead' THEN 1 ELSE 0 END) > 0 THEN 'dead'"
            + " WHEN sum(CASE WHEN status = 'retrying' THEN 1 ELSE 0 END) > 0 THEN 'retrying'"
            + " WHEN sum(CASE WHEN status = 'pending' THEN 1 ELSE 0 END) > 0 THEN 'pending' ELSE 'processed' END"
            + " FROM deliveries WHERE event_id = ?),"
            + " last_error_class = (SELECT last_error_class FROM deliveries WHERE event_id = ?"
            + " AND last_error_class IS NOT NULL ORDER BY updated_at DESC LIMIT 1)"
            + " WHERE id = ?";

    private final Database database;
    private final ReplayRecords replays;
    private final String instance;
    private final String claim;
    private final String release;
    private final String notHolding;
    private final ParkedDeliveries parked;
    private final AtomicInteger turn = new AtomicInteger();

    /**
     * @param instance the receiver that records the attempts ({@code hookline.instance-id}), kept
     *     with each one
     * @param replays where replays are recorded, inside the queue's writes
     */
    public DeliveryQueue(Database database, String instance, ReplayRecords replays) {
        this(database, instance, replays, true);
    }

    /**
     * @param instance the receiver that records the attempts ({@code hookline.instance-id}), kept
     *     with each one
     * @param replays where replays are recorded, inside the queue's writes
     * @param deadHoldsKey whether a dead delivery of an ordered route holds its key until it is
     *     replayed or skipped ({@code hookline.dispatch.order-dead: hold}); else the next of its key runs
     */
    public DeliveryQueue(Database database, String instance, ReplayRecords replays, boolean deadHoldsKey) {
        this.database = database;
        this.replays = replays;
        this.instance = instance;
        this.notHolding = KeyHolder.notHolding(deadHoldsKey);
        Dialect dialect = database.dialect();
        this.parked = new ParkedDeliveries(dialect, notHolding);
        this.claim = CLAIM.formatted(dialect.skipLocked());
        this.release = dialect.singleProcess() ? RELEASE : RELEASE + " AND claimed_by = ?";
    }

    /**
     * Claims up to {@code limit} due deliveries for {@code lease}, with no bound per route, as one
     * process with no ordered route does (tools and tests): keys are still kept, but claims of several
     * processes are not kept apart by route.
     */
    public CompletableFuture<List<ClaimedDelivery>> claim(int limit, Duration lease) {
        return claim(limit, lease, route -> limit);
    }

    /** Claims as {@link #claim(int, Duration, ToIntFunction, Predicate)} does, for a caller with no ordered route. */
    public CompletableFuture<List<ClaimedDelivery>> claim(int limit, Duration lease, ToIntFunction<String> room) {
        return claim(limit, lease, room, route -> false);
    }

    /**
     * Claims up to {@code limit} due deliveries for {@code lease}, and of each route no more than
     * {@code room} allows for it now: a route with no room is passed over in the claim itself, so
     * its backlog neither holds claims nor delays the other routes' deliveries. Within a route the
     * oldest due come first; routes take turns at being first when {@code limit} is the bound.
     * {@code room} is asked once per route with deliveries still to run, on the writer's thread.
     * Deliveries that another instance is claiming at the same moment are skipped, not waited for.
     * Of a route that delivers in order per key ({@code ordered}), a delivery with a key is claimed
     * only when no older one of its key is still to run (or dead and holding it) and none of its key
     * is claimed; where several processes share the database, only one claims such a route at a
     * time, and a route another is claiming is passed over this round. The deliveries such a claim
     * reads past because an older one of their key holds it are parked until that key is free
     * ({@link ParkedDeliveries}), so a held key's backlog is read once, not by every claim.
     */
    public CompletableFuture<List<ClaimedDelivery>> claim(int limit, Duration lease, ToIntFunction<String> room,
            Predicate<String> ordered) {
        String token = ClaimTokens.next();
        return database.write(context -> {
            List<WaitingRoute> routes = waitingRoutes(context);
            List<ClaimedDelivery> claimed = new ArrayList<>();
            int first = routes.isEmpty() ? 0 : Math.floorMod(turn.getAndIncrement(), routes.size());
            for (int i = 0; i < routes.size() && claimed.size() < limit; i++) {
                WaitingRoute route = routes.get((first + i) % routes.size());
                int wanted = Math.min(limit - claimed.size(), room.applyAsInt(route.name()));
                if (wanted > 0) {
                    claimed.addAll(ordered.test(route.name()) ? claimInOrder(context, route, wanted, lease, token)
                            : claimUnordered(context, route, wanted, lease, token));
                }
            }
            return claimed;
        });
    }

    /** A route with deliveries still to run, and whether some of them are parked behind their key. */
    private record WaitingRoute(String name, boolean parked) {}

    /** What one route's claim took, and the due time it read the route's deliveries to. */
    private record Claimed(List<ClaimedDelivery> deliveries, long readTo) {}

    private List<ClaimedDelivery> claimUnordered(WriteContext context, WaitingRoute route, int wanted, Duration lease,
            String token) throws SQLException {
        if (route.parked()) {
            parked.unparkAll(context, route.name());
        }
        return claim(context, route.name(), wanted, lease, token).deliveries();
    }

    /**
     * Claims an ordered route's deliveries, where this transaction may: first the deliveries whose key
     * was freed since the last claim are unparked, then the claim reads the due ones, and those it
     * read past because an older delivery of their key holds it are parked, so that the next claim
     * does not read them again.
     */
    private List<ClaimedDelivery> claimInOrder(WriteContext context, WaitingRoute route, int wanted, Duration lease,
            String token) throws SQLException {
        if (!mayClaimInOrder(context, route.name())) {
            return List.of();
        }
        if (route.parked()) {
            parked.unparkFreed(context, route.name());
        }
        Claimed claimed = claim(context, route.name(), wanted, lease, token);
        parked.parkHeld(context, route.name(), claimed.readTo());
        return claimed.deliveries();
    }

    /**
     * The due time of the delivery that has waited longest, among those still to run (pending or
     * waiting for a retry, including one a worker holds right now); empty when there is none. A
     * time in the future means that nothing is due now: every delivery left waits for its retry.
     */
    public Optional<Instant> oldestDue() {
        return database.read("find the oldest due delivery", statements -> {
            try (ResultSet row = statements.statement(OLDEST_DUE).executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                long due = row.getLong(1);
                return row.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(due));
            }
        });
    }

    private static List<WaitingRoute> waitingRoutes(WriteContext context) throws SQLException {
        List<WaitingRoute> routes = new ArrayList<>();
        try (ResultSet rows = context.statement(WAITING_ROUTES).executeQuery()) {
            while (rows.next()) {
                routes.add(new WaitingRoute(rows.getString(1), rows.getBoolean(2)));
            }
        }
        return routes;
    }

    /**
     * Whether this transaction may claim the ordered route's deliveries: always on an engine one
     * process opens; elsewhere when it holds the route's lock till its commit, so that each claim of
     * the route reads what the one before committed (who holds which key) and two never run one key.
     */
    private boolean mayClaimInOrder(WriteContext context, String route) throws SQLException {
        String lock = database.dialect().mayClaimInOrder();
        if (lock == null) {
            return true;
        }
        PreparedStatement take = context.statement(lock);
        take.setString(1, route);
        try (ResultSet row = take.executeQuery()) {
            return row.next() && row.getBoolean(1);
        }
    }

    /**
     * Claims up to {@code limit} of the route's due deliveries, oldest due first; the due time read to
     * is that of the last one taken when it took {@code limit}, else now (it read them all).
     */
    private Claimed claim(WriteContext context, String route, int limit, Duration lease, String token)
            throws SQLException {
        PreparedStatement claimDue = context.statement(claim);
        claimDue.setLong(1, context.now() + lease.toMillis());
        claimDue.setString(2, instance);
        claimDue.setString(3, token);
        claimDue.setString(4, route);
        claimDue.setLong(5, context.now());
        claimDue.setLong(6, context.now());
        claimDue.setString(7, notHolding);
        claimDue.setLong(8, context.now());
        claimDue.setInt(9, limit);
        List<ClaimedDelivery> claimed = new ArrayList<>();
        long lastDue = Long.MIN_VALUE;
        try (ResultSet rows = claimDue.executeQuery()) {
            while (rows.next()) {
                int attempt = rows.getInt(4) + 1;
                claimed.add(new ClaimedDelivery(rows.getString(1), rows.getString(2), rows.getString(3), attempt,
                        attempt - rows.getInt(5), token));
                lastDue = Math.max(lastDue, rows.getLong(6));
            }
        }
        return new Claimed(claimed, claimed.size() < limit ? context.now() : lastDue);
    }

    /**
     * Records the attempt, moves the delivery on, and brings the event's status up to date; answers
     * false, recording nothing, when the claim is no longer this worker's (its lease ran out and the
     * delivery was claimed again).
     */
    public CompletableFuture<Boolean> finish(AttemptResult result) {
        return database.write(context -> {
            ClaimedDelivery delivery = result.delivery();
            PreparedStatement finish = context.statement(FINISH);
            finish.setString(1, result.next().wireName());
            finish.setInt(2, delivery.attempt());
            if (result.nextAttemptAt() == null) {
                finish.setNull(3, Types.INTEGER);
            } else {
                finish.setLong(3, result.nextAttemptAt().toEpochMilli());
            }
            finish.setString(4, result.errorClass());
            // A success's message (what the target answered) belongs to the attempt, not to last_error.
            finish.setString(5, result.next() == DeliveryStatus.PROCESSED ? null
                    : database.dialect().messageText(result.message()));
            finish.setLong(6, context.now());
            finish.setString(7, delivery.eventId());
            finish.setString(8, delivery.route());
            finish.setString(9, delivery.claimToken());
            if (finish.executeUpdate() == 0) {
                return false;
            }
            PreparedStatement attempt = context.statement(INSERT_ATTEMPT);
            attempt.setString(1, delivery.eventId());
            attempt.setString(2, delivery.route());
            attempt.setString(3, delivery.handler());
            attempt.setInt(4, delivery.attempt());
            attempt.setLong(5, result.startedAt().toEpochMilli());
            attempt.setLong(6, result.duration().toMillis());
            attempt.setString(7, result.next() == DeliveryStatus.PROCESSED ? "succeeded" : "failed");
            attempt.setString(8, result.errorClass());
            attempt.setString(9, database.dialect().messageText(result.message()));
            attempt.setString(10, instance);
            answer(attempt, result.answer());
            attempt.executeUpdate();
            refreshEvent(context, delivery.eventId());
            return true;
        });
    }

    private void answer(PreparedStatement attempt, AttemptAnswer answer) throws SQLException {
        if (answer == null) {
            attempt.setNull(11, Types.INTEGER);
            attempt.setNull(12, Types.VARCHAR);
            attempt.setNull(13, Types.VARCHAR);
            attempt.setNull(14, Types.VARCHAR);
            attempt.setNull(15, Types.INTEGER);
            return;
        }
        Dialect dialect = database.dialect();
        attempt.setInt(11, answer.status());
        attempt.setString(12, dialect.messageText(answer.url()));
        attempt.setString(13, dialect.messageText(HeaderBlock.encode(answer.headers())));
        attempt.setString(14, dialect.messageText(answer.body()));
        attempt.setLong(15, answer.tookMillis());
    }

    /** Gives a claimed delivery back untried, due again at {@code until} (its handler's breaker is open). */
    public CompletableFuture<Void> postpone(ClaimedDelivery delivery, Instant until) {
        return database.write(context -> {
            PreparedStatement postpone = context.statement(POSTPONE);
            postpone.setLong(1, until.toEpochMilli());
            postpone.setLong(2, context.now());
            postpone.setString(3, delivery.eventId());
            postpone.setString(4, delivery.route());
            postpone.setString(5, delivery.claimToken());
            postpone.executeUpdate();
            return null;
        });
    }

    /** What {@link #skip} did. */
    public enum SkipOutcome {
        /** The delivery is skipped: it will not run, and the next of its order key may. */
        SKIPPED,
        /** The event has no delivery to that route. */
        NOT_FOUND,
        /** An attempt of it is running (or claimed to run next); it is left to end. */
        RUNNING,
        /** It had already been delivered or skipped. */
        DONE
    }

    /**
     * Gives up a delivery that is waiting (pending, waiting for its retry, or dead) without running
     * it, so that the deliveries of its order key after it run; its event is done once its other
     * deliveries are. A replay queues it again.
     */
    public CompletableFuture<SkipOutcome> skip(String eventId, String route) {
        return database.write(context -> {
            PreparedStatement skip = context.statement(SKIP);
            skip.setLong(1, context.now());
            skip.setString(2, eventId);
            skip.setString(3, route);
            skip.setLong(4, context.now());
            if (skip.executeUpdate() > 0) {
                refreshEvent(context, eventId);
                context.workStored();
                return SkipOutcome.SKIPPED;
            }
            PreparedStatement read = context.statement(ONE_DELIVERY);
            read.setString(1, eventId);
            read.setString(2, route);
            try (ResultSet row = read.executeQuery()) {
                if (!row.next()) {
                    return SkipOutcome.NOT_FOUND;
                }
                DeliveryStatus status = DeliveryStatus.of(row.getString(1));
                return status == DeliveryStatus.PROCESSED || status == DeliveryStatus.SKIPPED ? SkipOutcome.DONE
                        : SkipOutcome.RUNNING;
            }
        });
    }

    /**
     * Lets the waiting deliveries of a route that no longer delivers in order (its {@code order-by}
     * removed) run without waiting for their key: their key is dropped, so the claim passes over none
     * of them; dead ones keep theirs, as they are. Answers how many were waiting with a key, by route,
     * in one write for all the routes given. The
     * terms of {@code deliveries_by_order_key}'s condition are written out so that SQLite uses it.
     */
    public CompletableFuture<Map<String, Integer>> releaseKeys(Collection<String> routes) {
        return database.write(context -> {
            PreparedStatement free = context.statement(RELEASE_KEYS);
            Map<String, Integer> released = new LinkedHashMap<>();
            for (String route : routes) {
                free.setString(1, route);
                released.put(route, free.executeUpdate());
            }
            return released;
        });
    }

    /**
     * Frees the claims this instance held when it last stopped, so its unfinished work runs now. On
     * an engine only one process opens, every claim is this process's; where several share the
     * database, only claims made under this instance id are, and any other runs when its lease ends.
     */
    public CompletableFuture<Integer> releaseClaims() {
        return database.write(context -> {
            PreparedStatement free = context.statement(release);
            if (!database.dialect().singleProcess()) {
                free.setString(1, instance);
            }
            return free.executeUpdate();
        });
    }

    /**
     * Queues again the deliveries of the event that {@code request} chooses among {@code targets}
     * (the routes and subscriptions matching it now), and records the replay in the event's
     * history, in one commit; a dry run records what it would queue and changes nothing else.
     * Deliveries to routes that no longer match the event and that the choice would have run are
     * dropped: they can never run, and a dead one would keep the event dead. Nothing is recorded
     * when the event is gone, its body is pruned, or nothing was chosen.
     */
    public CompletableFuture<ReplayResult> replay(String eventId, List<DeliveryTarget> targets, ReplayRequest request) {
        return database.write(context -> {
            long[] replayId = {0};
            return replay(context, eventId, targets, request, true, () -> {
                if (replayId[0] == 0) {
                    replayId[0] = insertReplay(context, request);
                }
                return replayId[0];
            });
        });
    }

    /**
     * Records a replay of many events before they are queued ({@link #replayAll}); answers its id.
     */
    public CompletableFuture<Long> startReplay(ReplayRequest request) {
        return database.write(context -> insertReplay(context, request));
    }

    /**
     * Queues again, in one commit, the deliveries of each event that the replay {@code replayId}
     * (made by {@link #startReplay}) chooses among the targets given for it, recording them in the
     * event's history; answers how many events had a delivery queued.
     */
    public CompletableFuture<Integer> replayAll(long replayId, ReplayRequest request,
            Map<String, List<DeliveryTarget>> targetsByEvent) {
        return database.write(context -> {
            int queued = 0;
            for (Map.Entry<String, List<DeliveryTarget>> event : targetsByEvent.entrySet()) {
                ReplayResult result = replay(context, event.getKey(), event.getValue(), request, false, () -> replayId);
                if (!result.routes().isEmpty()) {
                    queued++;
                }
            }
            return queued;
        });
    }

    private interface ReplayId {
        long get() throws SQLException;
    }

    /**
     * Replays one event's chosen deliveries; with {@code dropGone}, also removes those to routes that no
     * longer match it (one event's replay, whose answer names them), else leaves them as they are (a
     * bulk replay, which would otherwise empty the dead-letter queue of events it never ran).
     */
    private ReplayResult replay(WriteContext context, String eventId, List<DeliveryTarget> targets,
            ReplayRequest request, boolean dropGone, ReplayId replayId) throws SQLException {
        PreparedStatement state = context.statement(EVENT_STATE);
        state.setString(1, eventId);
        try (ResultSet row = state.executeQuery()) {
            if (!row.next()) {
                return new ReplayResult(ReplayOutcome.NOT_FOUND, List.of(), List.of());
            }
            if (row.getInt(1) != 0) {
                return new ReplayResult(ReplayOutcome.BODY_PRUNED, List.of(), List.of());
            }
        }
        Map<String, DeliveryStatus> current = new LinkedHashMap<>();
        Set<String> claimed = new HashSet<>();
        PreparedStatement read = context.statement(CURRENT);
        read.setString(1, eventId);
        try (ResultSet rows = read.executeQuery()) {
            while (rows.next()) {
                current.put(rows.getString(1), DeliveryStatus.of(rows.getString(2)));
                long claimedUntil = rows.getLong(3);
                if (!rows.wasNull() && claimedUntil > context.now()) {
                    claimed.add(rows.getString(1));
                }
            }
        }
        // An attempt running (or claimed to run next) is left to end: taking its claim back would send
        // the event again beside it, and its result would not be recorded.
        List<String> running = request.choice().select(targets, current).stream().map(DeliveryTarget::route)
                .filter(claimed::contains).toList();
        List<DeliveryTarget> chosen = request.choice().select(targets, current).stream()
                .filter(target -> !claimed.contains(target.route())).toList();
        Set<String> matching = new HashSet<>();
        targets.forEach(target -> matching.add(target.route()));
        List<String> dropped = !dropGone ? List.of() : current.entrySet().stream()
                .filter(delivery -> !matching.contains(delivery.getKey()) && request.choice().drops(delivery.getValue()))
                .map(Map.Entry::getKey).sorted().toList();
        List<String> routes = chosen.stream().map(DeliveryTarget::route).toList();
        if (chosen.isEmpty() && dropped.isEmpty()) {
            return new ReplayResult(ReplayOutcome.QUEUED, routes, dropped, running);
        }
        if (!chosen.isEmpty()) {
            long id = replayId.get();
            replays.replayed(database.lend(context.connection()), id, eventId, routes);
        }
        if (request.dryRun()) {
            return new ReplayResult(ReplayOutcome.QUEUED, routes, dropped, running);
        }
        PreparedStatement drop = context.statement(DROP);
        for (String route : dropped) {
            drop.setString(1, eventId);
            drop.setString(2, route);
            drop.executeUpdate();
        }
        PreparedStatement requeue = context.statement(REQUEUE);
        for (DeliveryTarget target : chosen) {
            requeue.setString(1, eventId);
            requeue.setString(2, target.route());
            requeue.setString(3, target.handler());
            requeue.setLong(4, context.now());
            requeue.setLong(5, context.now());
            requeue.executeUpdate();
        }
        if (!chosen.isEmpty()) {
            context.workStored();
        }
        refreshEvent(context, eventId);
        return new ReplayResult(ReplayOutcome.QUEUED, routes, dropped, running);
    }

    private long insertReplay(WriteContext context, ReplayRequest request) throws SQLException {
        return replays.start(database.lend(context.connection()), request, Instant.ofEpochMilli(context.now()));
    }

    private static void refreshEvent(WriteContext context, String eventId) throws SQLException {
        CountedEvent before = context.counts() == null ? null : countedEvent(context, eventId);
        PreparedStatement refresh = context.statement(REFRESH_EVENT);
        refresh.setString(1, eventId);
        refresh.setString(2, eventId);
        refresh.setString(3, eventId);
        refresh.executeUpdate();
        if (before != null) {
            CountedEvent after = countedEvent(context, eventId);
            context.counts().moved(before.source(), before.receivedAt(), before.status(), after.status());
        }
    }

    /** What the event counters count an event by; read before and after its status is refreshed. */
    private record CountedEvent(String source, long receivedAt, String status) {}

    private static CountedEvent countedEvent(WriteContext context, String eventId) throws SQLException {
        PreparedStatement read = context.statement(COUNTED_EVENT);
        read.setString(1, eventId);
        try (ResultSet row = read.executeQuery()) {
            if (!row.next()) {
                throw new SQLException("event " + eventId + " is not stored");
            }
            return new CountedEvent(row.getString(1), row.getLong(2), row.getString(3));
        }
    }
}
