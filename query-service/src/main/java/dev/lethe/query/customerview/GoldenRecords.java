package dev.lethe.query.customerview;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads golden records: survivorship ({@link Survivorship}) and merges ({@link GoldenRecord}) are applied here, at
 * read time, over the rows the projection stored for each customer, so that an unmerge restores both customers exactly. A golden record takes
 * several queries; they read one snapshot (a read-only repeatable-read transaction), so that a projection commit
 * between them cannot yield a record that is half before and half after it.
 */
@Component
class GoldenRecords {

    /** Every stored field value of the group (at most two per field and customer); {@link Survivorship} chooses. */
    private static final String FIELD_ROWS = "SELECT customer_id, field, verified, changed_at, global_sequence, value "
            + "FROM query.customer_field WHERE customer_id IN (:ids)";

    /** Per purpose the latest change among all customers of the record. */
    private static final String SURVIVING_CONSENTS = "SELECT * FROM (SELECT DISTINCT ON (purpose) * "
            + "FROM query.customer_consent WHERE customer_id IN (:ids) "
            + "ORDER BY purpose, changed_at DESC, global_sequence DESC) latest ORDER BY purpose";

    private final NamedParameterJdbcTemplate jdbc;
    private final ObjectMapper eventObjectMapper;
    private final ViewCipher cipher;
    private final TransactionTemplate snapshot;

    GoldenRecords(NamedParameterJdbcTemplate jdbc, ObjectMapper eventObjectMapper, ViewCipher cipher,
                  PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.eventObjectMapper = eventObjectMapper;
        this.cipher = cipher;
        this.snapshot = new TransactionTemplate(transactions);
        snapshot.setReadOnly(true);
        snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
    }

    Optional<CustomerView> find(String customerId) {
        return snapshot.execute(status -> findInSnapshot(customerId));
    }

    private Optional<CustomerView> findInSnapshot(String customerId) {
        Optional<CustomerViewRows.Own> own = jdbc.query("SELECT * FROM query.customer_view WHERE customer_id = :id",
                Map.of("id", customerId), CustomerViewRows::own).stream().findFirst();
        return own.map(this::goldenRecord);
    }

    Optional<Tombstone> findTombstone(String customerId) {
        return jdbc.query("SELECT customer_id, erased_at, reason FROM query.customer_tombstone WHERE customer_id = :id",
                Map.of("id", customerId), CustomerViewRows::tombstone).stream().findFirst();
    }

    /** The matching records in the requested order, at most {@code size} from {@code page * size} on. */
    SearchResult search(SearchRequest request, boolean includeRestricted) {
        return snapshot.execute(status -> searchInSnapshot(request, includeRestricted));
    }

    private SearchResult searchInSnapshot(SearchRequest request, boolean includeRestricted) {
        var where = new ArrayList<String>();
        var parameters = new MapSqlParameterSource();
        // the group of s: s itself and, for a survivor, the customers merged into it
        String group = "(m.customer_id = s.customer_id OR m.merged_into = s.customer_id)";
        where.add("s.status = :status");
        parameters.addValue("status", request.status());
        int n = 0;
        for (SearchRequest.Digest digest : request.digests()) {
            n++;
            where.add("EXISTS (SELECT 1 FROM query.customer_view m JOIN query.customer_blind_index b "
                    + "ON b.customer_id = m.customer_id WHERE " + group + " AND b.kind = :kind" + n
                    + " AND b.digest = :digest" + n + ")");
            parameters.addValue("kind" + n, digest.kind()).addValue("digest" + n, digest.value());
        }
        if (request.consentPurpose() != null) {
            where.add("(SELECT c.granted FROM query.customer_consent c JOIN query.customer_view m "
                    + "ON m.customer_id = c.customer_id WHERE " + group + " AND c.purpose = :purpose "
                    + "ORDER BY c.changed_at DESC, c.global_sequence DESC LIMIT 1) = :granted");
            parameters.addValue("purpose", request.consentPurpose()).addValue("granted", request.consentGranted());
        }
        if (!includeRestricted) {
            where.add("NOT EXISTS (SELECT 1 FROM query.customer_view m WHERE " + group + " AND m.restricted)");
        }
        String from = " FROM query.customer_view s WHERE " + String.join(" AND ", where);
        long total = Objects.requireNonNull(jdbc.queryForObject("SELECT count(*)" + from, parameters, Long.class));
        parameters.addValue("limit", request.size()).addValue("offset", (long) request.page() * request.size());
        List<String> ids = jdbc.queryForList("SELECT s.customer_id" + from + " ORDER BY " + request.orderBy()
                + ", s.customer_id LIMIT :limit OFFSET :offset", parameters, String.class);
        List<CustomerView> items = ids.stream().map(this::findInSnapshot).flatMap(Optional::stream).toList();
        return new SearchResult(items, request.page(), request.size(), total,
                (int) ((total + request.size() - 1) / request.size()));
    }

    private CustomerView goldenRecord(CustomerViewRows.Own own) {
        List<CustomerViewRows.Own> members = "MERGED".equals(own.status()) ? List.of()
                : jdbc.query("SELECT * FROM query.customer_view WHERE merged_into = :id ORDER BY customer_id",
                Map.of("id", own.customerId()), CustomerViewRows::own);
        List<String> groupIds = new ArrayList<>(List.of(own.customerId()));
        members.forEach(member -> groupIds.add(member.customerId()));
        Map<String, Object> ids = Map.of("ids", groupIds);
        // each member's values are under that member's own key
        ViewCipher.Keys keys = cipher.keysFor(groupIds);
        Map<Field, String> fields = new EnumMap<>(Field.class);
        Survivorship.winners(jdbc.query(FIELD_ROWS, ids, CustomerViewRows::field)).forEach((field, winner) ->
                fields.put(field, keys.open(winner.customerId(), EncryptedColumn.FIELD_VALUE, winner.value(),
                        field.name(), String.valueOf(winner.verified()))));
        return GoldenRecord.assemble(own, members, fields,
                jdbc.query("SELECT * FROM query.customer_source_record WHERE customer_id IN (:ids) "
                        + "ORDER BY linked_at, global_sequence", ids, CustomerViewRows.sourceRecord(keys)),
                jdbc.query(SURVIVING_CONSENTS, ids, CustomerViewRows.consent(keys)),
                eventObjectMapper);
    }

    /** One page of search results. */
    record SearchResult(List<CustomerView> items, int page, int size, long totalItems, int totalPages) {
    }
}
