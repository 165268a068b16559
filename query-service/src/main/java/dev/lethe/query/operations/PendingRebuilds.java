package dev.lethe.query.operations;

import dev.lethe.query.projection.RebuildableProjection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Runs the rebuilds a migration requires ({@code query.pending_rebuild}): V12 empties a customer view that held
 * personal data in clear, and the service rebuilds it, encrypted, from {@code lethe.events} once it is up. A
 * pending row is deleted only after the rebuild has reset the offsets and emptied the tables, so a crash in between
 * rebuilds again. Retried while it fails (the broker may not be up yet); once none is pending, this never asks
 * again (only a migration, before start-up, adds one).
 */
@Component
public class PendingRebuilds {

    private static final Logger log = LoggerFactory.getLogger(PendingRebuilds.class);

    private final JdbcTemplate jdbc;
    private final ProjectionRebuilder rebuilder;
    private volatile boolean nonePending;

    PendingRebuilds(JdbcTemplate jdbc, ProjectionRebuilder rebuilder) {
        this.jdbc = jdbc;
        this.rebuilder = rebuilder;
    }

    @Scheduled(initialDelayString = "${lethe.projections.pending-rebuild-check:PT5S}",
            fixedDelayString = "${lethe.projections.pending-rebuild-check:PT5S}")
    void runScheduled() {
        if (nonePending) {
            return;
        }
        try {
            nonePending = run() == 0;
        } catch (RuntimeException e) {
            // names no data: the next check tries again
            log.warn("A pending projection rebuild failed ({}); retrying", e.getClass().getSimpleName());
        }
    }

    /** @return how many rebuilds are still pending afterwards */
    public int run() {
        List<String> pending = jdbc.queryForList("SELECT projection FROM query.pending_rebuild ORDER BY projection",
                String.class);
        for (String name : pending) {
            if (rebuilder.find(name).orElse(null) instanceof RebuildableProjection projection) {
                log.info("Projection {} must be rebuilt after a migration", name);
                rebuilder.rebuild(projection);
            } else {
                log.warn("A pending rebuild names projection {}, which cannot be rebuilt; dropped", name);
            }
            jdbc.update("DELETE FROM query.pending_rebuild WHERE projection = ?", name);
        }
        return jdbc.queryForObject("SELECT count(*) FROM query.pending_rebuild", Integer.class);
    }
}
