package io.hookline.receiver.store.records;

import io.hookline.store.EventDetail;
import io.hookline.store.ReplayRecords;
import io.hookline.store.ReplayRequest;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The replays on record, through {@link ReplayRepository} on the connection the store lends inside its own work. */
@Singleton
public final class ReplayHistory implements ReplayRecords {

    private final StoreConnections connections;
    private final ReplayRepository repository;

    ReplayHistory(StoreConnections connections, ReplayRepository repository) {
        this.connections = connections;
        this.repository = repository;
    }

    @Override
    public long start(Connection connection, ReplayRequest request, Instant at) throws SQLException {
        ReplayRow row = new ReplayRow(null, at.toEpochMilli(), request.startedBy(),
                request.choice().selection().wireName(), request.dryRun() ? 1 : 0, request.rate());
        return connections.on(connection, () -> repository.save(row).id());
    }

    @Override
    public void replayed(Connection connection, long replayId, String eventId, List<String> routes) throws SQLException {
        connections.on(connection, () -> {
            routes.forEach(route -> repository.replayed(eventId, replayId, route));
            return null;
        });
    }

    @Override
    public List<EventDetail.Replay> history(Connection connection, String eventId) throws SQLException {
        List<ReplayedRoute> rows = connections.on(connection, () -> repository.history(eventId));
        Map<Long, List<String>> routes = new LinkedHashMap<>();
        Map<Long, ReplayedRoute> replays = new LinkedHashMap<>();
        for (ReplayedRoute row : rows) {
            replays.putIfAbsent(row.id(), row);
            routes.computeIfAbsent(row.id(), id -> new ArrayList<>()).add(row.route());
        }
        return replays.values().stream().map(replay -> new EventDetail.Replay(replay.id(),
                Instant.ofEpochMilli(replay.startedAt()), replay.startedBy(), replay.selection(),
                List.copyOf(routes.get(replay.id())), replay.dryRun() != 0, replay.rate())).toList();
    }
}
