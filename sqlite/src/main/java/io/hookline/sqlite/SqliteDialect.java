package io.hookline.sqlite;

import io.hookline.store.Dialect;
import java.sql.SQLException;

/**
 * SQLite's SQL: index hints where its planner would otherwise pick a worse index, {@code GLOB}
 * for type patterns, and counters kept exact by triggers (one writer, so they never contend).
 */
public final class SqliteDialect implements Dialect {

    static final SqliteDialect INSTANCE = new SqliteDialect();

    private SqliteDialect() {}

    @Override
    public String begin() {
        return "BEGIN IMMEDIATE";
    }

    @Override
    public String indexedBy(String index) {
        return " INDEXED BY " + index;
    }

    @Override
    public String skipLocked() {
        return "";
    }

    @Override
    public boolean singleProcess() {
        return true;
    }

    @Override
    public String typeMatches() {
        return "event_type GLOB ?";
    }

    /** GLOB's own {@code *}; its other special characters ({@code [}, {@code ?}) are matched literally. */
    @Override
    public String typePattern(String glob) {
        return glob.replace("[", "[[]").replace("?", "[?]");
    }

    @Override
    public String countsBySourceAndStatus() {
        return "SELECT source, status, n FROM event_counts WHERE n > 0";
    }

    @Override
    public String countsByHour() {
        return "SELECT hour, status, n FROM event_counts_by_hour WHERE hour >= ? AND n > 0";
    }

    /**
     * The counters' triggers made SQLite keep a statement journal for every event inserted and every
     * status change (a statement that writes several tables may have to undo itself alone), copying
     * each page the statement touched: counted once per batch instead, each statement writes one
     * table (V22, V23).
     */
    @Override
    public boolean writerCountsEvents() {
        return true;
    }

    @Override
    public String foldCounters() {
        return null;
    }

    @Override
    public String mayPrune() {
        return null;
    }

    @Override
    public String notifyWork() {
        return null;
    }

    @Override
    public String eraseDeleted(boolean on) {
        return on ? "PRAGMA secure_delete = ON" : "PRAGMA secure_delete = OFF";
    }

    @Override
    public String lastInsertedKey() {
        return "SELECT last_insert_rowid()";
    }

    @Override
    public boolean retryable(SQLException failure) {
        return false;
    }
}
