package io.hookline.receiver.store;

import io.hookline.postgres.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The same statements on PostgreSQL. Its planner reads small tables whole whatever the indexes,
 * so each statement is planned with sequential scans disabled and as a generic plan (the plan for
 * any parameters): a {@code Seq Scan} that remains means no index can serve the statement.
 */
class PostgresQueryPlansTest extends QueryPlansTest {

    private static final Pattern SEQ_SCAN = Pattern.compile("Seq Scan on (events|deliveries|attempts|idempotency_keys|replays|replayed_deliveries)\\b");

    private final String database = TestPostgres.server().newDatabase();

    @Override
    Map<String, String> engineProperties() {
        return Map.of("datasources.default.url", database, "datasources.default.username", "postgres");
    }

    @Override
    List<String> fullScans(Set<String> statements) throws SQLException {
        List<String> scans = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(database, "postgres", null);
                Statement statement = connection.createStatement()) {
            statement.execute("SET enable_seqscan = off");
            statement.execute("SET plan_cache_mode = force_generic_plan");
            for (String sql : statements) {
                int parameters = 0;
                StringBuilder numbered = new StringBuilder();
                for (char c : sql.toCharArray()) {
                    if (c == '?') {
                        numbered.append('$').append(++parameters);
                    } else {
                        numbered.append(c);
                    }
                }
                statement.execute("PREPARE planned AS " + numbered);
                String arguments = parameters == 0 ? "" : "(" + String.join(", ", Collections.nCopies(parameters, "NULL")) + ")";
                try (ResultSet plan = statement.executeQuery("EXPLAIN EXECUTE planned" + arguments)) {
                    while (plan.next()) {
                        if (SEQ_SCAN.matcher(plan.getString(1)).find()) {
                            scans.add(plan.getString(1).trim() + "   <-   " + sql);
                        }
                    }
                } finally {
                    statement.execute("DEALLOCATE planned");
                }
            }
        }
        return scans;
    }
}
