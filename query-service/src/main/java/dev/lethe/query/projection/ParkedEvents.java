package dev.lethe.query.projection;

import dev.lethe.contract.wire.EventHeaders;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * {@code query.parked_event}: the events each projection could not or must not apply yet. A row says where the
 * record is and why, never what it holds. Parking is idempotent on the record's position, so a redelivered
 * parked record adds no row and is not counted twice. Every new row counts in {@code lethe.projection.parked}
 * (tags {@code projection}, {@code reason}).
 */
@Repository
public class ParkedEvents {

    public static final String AGGREGATE_SEQUENCE_HEADER = EventHeaders.AGGREGATE_SEQUENCE;
    public static final String EVENT_ID_HEADER = EventHeaders.EVENT_ID;
    /** Longer keys or ids are not ours: a poison record may carry anything there, so it is not stored. */
    private static final int MAX_ID_LENGTH = 64;

    private static final Logger log = LoggerFactory.getLogger(ParkedEvents.class);

    private final JdbcTemplate jdbc;
    private final MeterRegistry meters;
    private final Clock clock;

    ParkedEvents(JdbcTemplate jdbc, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.meters = meters;
        this.clock = Clock.systemUTC();
    }

    /**
     * Parks the record for the projection, in the caller's transaction if there is one.
     *
     * @param detail exception types and SQL states ({@link Failures#describe}), or null
     * @return whether it was parked now (false: it was parked already)
     */
    public boolean park(String projection, ConsumerRecord<?, ?> record, ParkReason reason, String detail) {
        String customerId = idOrNull(record.key() instanceof String key ? key : null);
        Long sequence = aggregateSequenceOrNull(record);
        int rows = jdbc.update("INSERT INTO query.parked_event (projection, customer_id, event_id, topic, kafka_partition, "
                        + "kafka_offset, aggregate_sequence, reason, detail, parked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT (projection, topic, kafka_partition, kafka_offset) DO NOTHING",
                projection, customerId, idOrNull(header(record, EVENT_ID_HEADER)), record.topic(), record.partition(),
                record.offset(), sequence, reason.name(), truncate(detail), Timestamp.from(clock.instant()));
        if (rows == 0) {
            return false;
        }
        Runnable report = () -> {
            Counter.builder("lethe.projection.parked").description("events a projection parked instead of applying")
                    .tag("projection", projection).tag("reason", reason.name()).register(meters).increment();
            log.warn("projection {} parked the event at {}-{} offset {} (customer {}, aggregate sequence {}): {}{}",
                    projection, record.topic(), record.partition(), record.offset(), customerId, sequence, reason,
                    detail == null ? "" : " (" + detail + ")");
        };
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            // a batch rolled back and applied again must not count its parked events twice
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    report.run();
                }
            });
        } else {
            report.run();
        }
        return true;
    }

    /** The projection's parked events: per customer in aggregate-sequence order, then in record order. */
    public List<Parked> list(String projection) {
        return jdbc.query("SELECT id, projection, customer_id, event_id, topic, kafka_partition, kafka_offset, "
                        + "aggregate_sequence, reason, parked_at FROM query.parked_event WHERE projection = ? "
                        + "ORDER BY customer_id NULLS LAST, aggregate_sequence NULLS LAST, topic, kafka_partition, "
                        + "kafka_offset",
                (rs, row) -> new Parked(rs.getLong("id"), rs.getString("projection"), rs.getString("customer_id"),
                        rs.getString("event_id"), rs.getString("topic"), rs.getInt("kafka_partition"),
                        rs.getLong("kafka_offset"), (Long) rs.getObject("aggregate_sequence"),
                        ParkReason.valueOf(rs.getString("reason")), rs.getTimestamp("parked_at").toInstant()),
                projection);
    }

    /** Per projection with parked events: how many, and with which reasons. */
    public Map<String, Summary> summaries() {
        Map<String, Summary> summaries = new TreeMap<>();
        jdbc.query("SELECT projection, reason, count(*) AS parked FROM query.parked_event GROUP BY projection, reason",
                rs -> {
                    String projection = rs.getString("projection");
                    Summary summary = summaries.getOrDefault(projection, Summary.NONE);
                    summaries.put(projection, summary.plus(rs.getString("reason"), rs.getLong("parked")));
                });
        return summaries;
    }

    /** Removes a parked event that has now been applied (or proved a redelivery of an applied one). */
    public void release(long id) {
        jdbc.update("DELETE FROM query.parked_event WHERE id = ?", id);
    }

    /** Forgets every parked event of the projection: it is about to replay all events from the first. */
    public void clear(String projection) {
        jdbc.update("DELETE FROM query.parked_event WHERE projection = ?", projection);
    }

    static Long aggregateSequenceOrNull(ConsumerRecord<?, ?> record) {
        String value = header(record, AGGREGATE_SEQUENCE_HEADER);
        try {
            return value == null ? null : Long.valueOf(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String idOrNull(String value) {
        return value == null || value.isBlank() || value.length() > MAX_ID_LENGTH ? null : value;
    }

    private static String truncate(String detail) {
        return detail == null || detail.length() <= 1000 ? detail : detail.substring(0, 1000);
    }

    private static String header(ConsumerRecord<?, ?> record, String key) {
        Header header = record.headers().lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** One parked event; {@code customerId}, {@code eventId}, {@code aggregateSequence} null where the record had none. */
    public record Parked(long id, String projection, String customerId, String eventId, String topic, int partition,
                         long offset, Long aggregateSequence, ParkReason reason, java.time.Instant parkedAt) {
    }

    /** How many events a projection has parked, and the reason codes among them. */
    public record Summary(long parked, List<String> reasons) {

        public static final Summary NONE = new Summary(0, List.of());

        Summary plus(String reason, long count) {
            TreeSet<String> all = new TreeSet<>(reasons);
            all.add(reason);
            return new Summary(parked + count, new ArrayList<>(all));
        }
    }
}
