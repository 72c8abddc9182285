package io.hookline.store;

import java.sql.SQLException;

/**
 * The statements and fragments whose SQL differs between engines. Everything else the store says
 * is SQL both SQLite and PostgreSQL take as written.
 */
public interface Dialect {

    /** Opens the writer's transaction: SQLite takes its write lock at once with {@code BEGIN IMMEDIATE}. */
    String begin();

    /** A hint naming the index a query must use, placed after the table name; empty where there is none. */
    String indexedBy(String index);

    /** What makes claiming skip rows another instance is claiming; empty for an engine one process opens. */
    String skipLocked();

    /**
     * A query answering one boolean: whether this transaction alone may claim the named route's
     * ordered deliveries now (a lock held to its commit, taken without waiting), so that claims of
     * one ordered route from several processes see each other's; null where one process opens it.
     */
    default String mayClaimInOrder() {
        return null;
    }

    /** Whether this process is the only one using the database, so every claim left at start is its own. */
    boolean singleProcess();

    /**
     * Whether the writer keeps the event counters itself, the events it inserts and those whose
     * status it changes, once per batch ({@link BatchCounts}); false where triggers of the schema
     * count each row.
     */
    default boolean writerCountsEvents() {
        return false;
    }

    /** The predicate matching {@code event_type} against one bound pattern made by {@link #typePattern}. */
    String typeMatches();

    /** A type glob ({@code *} for any run of characters) as the pattern {@link #typeMatches} binds. */
    String typePattern(String glob);

    /** Rows of (source, status, count) with a count above zero. */
    String countsBySourceAndStatus();

    /** Rows of (hour, status, count) with a count above zero, for hours at or after the bound hour. */
    String countsByHour();

    /**
     * A statement that folds pending counter changes into the counters, run with each retention
     * slice; null where counters are exact as they are written.
     */
    String foldCounters();

    /**
     * A query answering one boolean: whether this transaction may prune, so that only one of the
     * processes sharing the database prunes at a time; null where one process opens it.
     */
    String mayPrune();

    /** A statement telling the other processes that work was stored, sent at commit; null if none listen. */
    String notifyWork();

    /**
     * A statement that makes the writer's connection overwrite what it deletes or replaces (on) or
     * stop doing so (off), so a value that must not stay in clear leaves no copy in free space;
     * null where the engine has no such switch.
     */
    String eraseDeleted(boolean on);

    /**
     * A query answering the key the connection's last insert generated, for a statement prepared to
     * return its generated keys; null where the driver returns them itself. SQLite's driver can fetch
     * the key after every insert, but then runs a query of its own after each one, which the store's
     * hot path does not want (it is turned off there, see the SQLite engine).
     */
    default String lastInsertedKey() {
        return null;
    }

    /** Whether a failed batch may simply be run again: a deadlock or serialisation failure. */
    boolean retryable(SQLException failure);

    /**
     * A sender's text (an idempotency key, an event type) as this engine's text columns can hold
     * it, reversibly ({@link #senderText} gives it back): a sender may put any character in them.
     */
    default String storedText(String text) {
        return text;
    }

    /** The sender's text that {@link #storedText} stored. */
    default String senderText(String stored) {
        return stored;
    }

    /**
     * A message of a handler's or a target's making (an attempt's failure, what a target answered)
     * as a text column can hold it; what it cannot hold may be replaced, since it is only read.
     */
    default String messageText(String text) {
        return text;
    }
}
