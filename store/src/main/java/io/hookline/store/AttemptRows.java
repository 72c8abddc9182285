package io.hookline.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

/** How an attempt's answer is read back from its row, for every query that shows attempts. */
final class AttemptRows {

    static final String ANSWER_COLUMNS = "answer_status, answer_url, answer_headers, answer_body, answer_ms";

    private AttemptRows() {}

    /** The answer of the row, or null when the attempt had none. */
    static AttemptAnswer answer(ResultSet row) throws SQLException {
        int status = row.getInt("answer_status");
        if (row.wasNull()) {
            return null;
        }
        String headers = row.getString("answer_headers");
        return new AttemptAnswer(status, row.getString("answer_url"),
                headers == null ? Map.of() : HeaderBlock.decode(headers), row.getString("answer_body"),
                row.getLong("answer_ms"));
    }
}
