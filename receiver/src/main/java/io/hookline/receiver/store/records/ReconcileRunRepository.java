package io.hookline.receiver.store.records;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.Pageable;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.util.List;
import java.util.Optional;

/**
 * The reconciliation runs. One repository serves both engines: Micronaut Data 4 has no SQLite
 * dialect, and the queries built for H2 ({@code LIMIT ... OFFSET}, generated keys read through
 * JDBC) run unchanged on SQLite and PostgreSQL; ANSI's {@code FETCH NEXT} does not run on SQLite,
 * and PostgreSQL's {@code RETURNING} form of an insert breaks on it.
 */
@JdbcRepository(dialect = Dialect.H2)
interface ReconcileRunRepository extends GenericRepository<ReconcileRunRow, Long> {

    ReconcileRunRow save(ReconcileRunRow row);

    List<ReconcileRunRow> findBySourceOrderByIdDesc(String source, Pageable page);

    long countBySource(String source);

    Optional<ReconcileRunRow> findFirstBySourceAndOutcomeOrderByIdDesc(String source, String outcome);

    /** Deletes the source's runs older than its newest {@code keep}. */
    @Query("DELETE FROM reconciliations WHERE source = :source AND id < (SELECT id FROM reconciliations"
            + " WHERE source = :source ORDER BY id DESC LIMIT 1 OFFSET :skip)")
    void trim(String source, int skip);
}
