package io.hookline.loadgen;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;

/**
 * After a run, counts the run's keys and events in the receiver's database (read-only, beside the
 * running receiver) to check that every accepted delivery is stored exactly once.
 */
final class StoreCheck {

    private StoreCheck() {}

    record Result(long keys, long events, long distinctEventKeys) {
        boolean matches(long accepted) {
            return keys == accepted && events == accepted && distinctEventKeys == accepted;
        }

        void print(PrintStream out, long accepted) {
            out.printf(Locale.ROOT, "store       keys=%d events=%d distinct event keys=%d, accepted answers=%d: %s%n",
                    keys, events, distinctEventKeys, accepted, matches(accepted) ? "OK, each stored once" : "MISMATCH");
        }
    }

    static Result count(Path database, String idPrefix) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:file:" + database + "?mode=ro")) {
            String pattern = idPrefix.replace("_", "\\_") + "%";
            return new Result(
                    count(connection, "SELECT count(*) FROM idempotency_keys WHERE key LIKE ? ESCAPE '\\'", pattern),
                    count(connection, "SELECT count(*) FROM events WHERE idempotency_key LIKE ? ESCAPE '\\'", pattern),
                    count(connection, "SELECT count(DISTINCT idempotency_key) FROM events WHERE idempotency_key LIKE ? ESCAPE '\\'",
                            pattern));
        }
    }

    private static long count(Connection connection, String sql, String pattern) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, pattern);
            try (ResultSet rows = query.executeQuery()) {
                return rows.getLong(1);
            }
        }
    }
}
