package dev.lethe.query.customerview;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Counts over the view for the stats endpoint: names of statuses, sources and purposes, never personal data. */
@Component
class CustomerStats {

    private final JdbcTemplate jdbc;

    CustomerStats(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @param byStatus  customers per status: ACTIVE and MERGED from the view, ERASED from the tombstones, and
     *                  RESTRICTED (any status) for those whose processing is restricted
     * @param bySource  source records per source system
     * @param byConsent per purpose, how many customers have it GRANTED and WITHDRAWN (each customer's own
     *                  latest decision)
     */
    record Stats(Map<String, Long> byStatus, Map<String, Long> bySource, Map<String, Map<String, Long>> byConsent) {
    }

    Stats current() {
        Map<String, Long> byStatus = new LinkedHashMap<>();
        byStatus.put("ACTIVE", 0L);
        byStatus.put("MERGED", 0L);
        jdbc.query("SELECT status, count(*) FROM query.customer_view GROUP BY status ORDER BY status",
                rs -> {
                    byStatus.put(rs.getString(1), rs.getLong(2));
                });
        byStatus.put("ERASED", jdbc.queryForObject("SELECT count(*) FROM query.customer_tombstone", Long.class));
        byStatus.put("RESTRICTED", jdbc.queryForObject("SELECT count(*) FROM query.customer_view WHERE restricted",
                Long.class));
        Map<String, Long> bySource = new LinkedHashMap<>();
        jdbc.query("SELECT source, count(*) FROM query.customer_source_record GROUP BY source ORDER BY source",
                rs -> {
                    bySource.put(rs.getString(1), rs.getLong(2));
                });
        Map<String, Map<String, Long>> byConsent = new LinkedHashMap<>();
        jdbc.query("SELECT purpose, count(*) FILTER (WHERE granted), count(*) FILTER (WHERE NOT granted) "
                + "FROM query.customer_consent GROUP BY purpose ORDER BY purpose", rs -> {
                    byConsent.put(rs.getString(1), Map.of("GRANTED", rs.getLong(2), "WITHDRAWN", rs.getLong(3)));
                });
        return new Stats(byStatus, bySource, byConsent);
    }
}
