package io.hookline.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The replays on record in plain JDBC, for the store's tests, which run without the receiver's
 * repository (ReplayHistory there, tested on both engines).
 */
public final class JdbcReplayRecords implements ReplayRecords {

    @Override
    public long start(Connection connection, ReplayRequest request, Instant at) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO replays (started_at, started_by,"
                + " selection, dry_run, rate) VALUES (?, ?, ?, ?, ?) RETURNING id")) {
            insert.setLong(1, at.toEpochMilli());
            insert.setString(2, request.startedBy());
            insert.setString(3, request.choice().selection().wireName());
            insert.setInt(4, request.dryRun() ? 1 : 0);
            if (request.rate() == null) {
                insert.setNull(5, Types.DOUBLE);
            } else {
                insert.setDouble(5, request.rate());
            }
            try (ResultSet row = insert.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    @Override
    public void replayed(Connection connection, long replayId, String eventId, List<String> routes) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO replayed_deliveries (event_id, replay_id, route) VALUES (?, ?, ?)")) {
            for (String route : routes) {
                insert.setString(1, eventId);
                insert.setLong(2, replayId);
                insert.setString(3, route);
                insert.executeUpdate();
            }
        }
    }

    @Override
    public List<EventDetail.Replay> history(Connection connection, String eventId) throws SQLException {
        Map<Long, EventDetail.Replay> replays = new LinkedHashMap<>();
        Map<Long, List<String>> routes = new LinkedHashMap<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT replays.id, replays.started_at,"
                + " replays.started_by, replays.selection, replays.dry_run, replays.rate, replayed_deliveries.route"
                + " FROM replayed_deliveries JOIN replays ON replays.id = replayed_deliveries.replay_id"
                + " WHERE replayed_deliveries.event_id = ? ORDER BY replayed_deliveries.replay_id, replayed_deliveries.route")) {
            query.setString(1, eventId);
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    long id = row.getLong("id");
                    double rate = row.getDouble("rate");
                    Double pace = row.wasNull() ? null : rate;
                    replays.putIfAbsent(id, new EventDetail.Replay(id, Instant.ofEpochMilli(row.getLong("started_at")),
                            row.getString("started_by"), row.getString("selection"), List.of(), row.getInt("dry_run") != 0,
                            pace));
                    routes.computeIfAbsent(id, key -> new ArrayList<>()).add(row.getString("route"));
                }
            }
        }
        return replays.values().stream().map(replay -> new EventDetail.Replay(replay.id(), replay.startedAt(),
                replay.startedBy(), replay.selection(), List.copyOf(routes.get(replay.id())), replay.dryRun(),
                replay.rate())).toList();
    }
}
