package dev.lethe.query.access;

import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The append-only record of who read whose personal data, when, and through which endpoint. Every API that returns
 * personal data calls {@link #record} before it answers, so an unrecorded read cannot happen: if the record fails,
 * the request fails.
 */
@Component
public class AccessLog {

    static final String ANONYMOUS = "anonymous";

    private final JdbcTemplate jdbc;
    private final Clock clock;

    AccessLog(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * @param endpoint the route template, e.g. {@code GET /api/customers/{id}}, never a URL with values in it
     */
    public void record(String customerId, String endpoint) {
        jdbc.update("INSERT INTO audit.access_log (at, principal, customer_id, endpoint) VALUES (?, ?, ?, ?)",
                Timestamp.from(clock.instant()), principal(), customerId, endpoint);
    }

    /** One read that returned several people's data (a search page, a survivor with its merged members). */
    public void recordAll(Collection<String> customerIds, String endpoint) {
        Timestamp at = Timestamp.from(clock.instant());
        String principal = principal();
        jdbc.batchUpdate("INSERT INTO audit.access_log (at, principal, customer_id, endpoint) VALUES (?, ?, ?, ?)",
                customerIds.stream().distinct().map(id -> new Object[] {at, principal, id, endpoint}).toList());
    }

    public List<Access> forCustomer(String customerId) {
        return jdbc.query("SELECT sequence, at, principal, endpoint FROM audit.access_log WHERE customer_id = ? "
                        + "ORDER BY sequence",
                (rs, row) -> new Access(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4)),
                customerId);
    }

    /** One read of a person's data. */
    public record Access(long sequence, Instant at, String principal, String endpoint) {
    }

    /** The authenticated caller; "anonymous" until the service authenticates requests. */
    private static String principal() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            HttpServletRequest request = attributes.getRequest();
            Principal principal = request.getUserPrincipal();
            if (principal != null && principal.getName() != null && !principal.getName().isBlank()) {
                return principal.getName();
            }
        }
        return ANONYMOUS;
    }
}
