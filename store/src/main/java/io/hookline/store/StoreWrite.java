package io.hookline.store;

import java.sql.SQLException;

/**
 * One unit of work for the {@link GroupCommitWriter}: it runs on the writer thread inside the
 * batch's transaction, and its result is handed out only after the commit.
 *
 * @param <T> what the write returns once committed
 */
@FunctionalInterface
interface StoreWrite<T> {
    T apply(WriteContext context) throws SQLException;
}
