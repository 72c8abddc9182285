package io.hookline.receiver.store.records;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.util.List;

/**
 * The replays and the deliveries each queued again; built for H2's SQL, which SQLite and PostgreSQL
 * run (see {@link ReconcileRunRepository}).
 */
@JdbcRepository(dialect = Dialect.H2)
interface ReplayRepository extends GenericRepository<ReplayRow, Long> {

    ReplayRow save(ReplayRow row);

    @Query("INSERT INTO replayed_deliveries (event_id, replay_id, route) VALUES (:eventId, :replayId, :route)")
    void replayed(String eventId, long replayId, String route);

    // No aliases, so that a query plan names the tables it reads.
    @Query("SELECT replays.id, replays.started_at, replays.started_by, replays.selection, replays.dry_run, replays.rate,"
            + " replayed_deliveries.route FROM replayed_deliveries JOIN replays ON replays.id = replayed_deliveries.replay_id"
            + " WHERE replayed_deliveries.event_id = :eventId ORDER BY replayed_deliveries.replay_id, replayed_deliveries.route")
    List<ReplayedRoute> history(String eventId);
}
