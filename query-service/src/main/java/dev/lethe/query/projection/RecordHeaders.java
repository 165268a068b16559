package dev.lethe.query.projection;

import dev.lethe.contract.ContractTypes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Reads the headers of a record on {@code lethe.events} for both projections. A header that is missing or does not
 * parse makes the record {@link UnprojectableEvent}: the same bytes fail the same way on every attempt. Messages
 * name the header, never its value.
 */
public final class RecordHeaders {

    private RecordHeaders() {
    }

    /** The header's value, or {@code null} when the record has none. */
    public static String header(ConsumerRecord<?, ?> record, String key) {
        Header header = record.headers().lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The contract class an event type header names; a name outside the contract loads nothing. */
    public static Class<?> contractClass(String type) {
        try {
            return ContractTypes.classOf(type);
        } catch (IllegalArgumentException e) {
            throw new UnprojectableEvent(ParkReason.UNKNOWN_EVENT_TYPE, e.getMessage());
        }
    }

    public static String required(ConsumerRecord<?, ?> record, String key) {
        String value = header(record, key);
        if (value == null) {
            throw new UnprojectableEvent(ParkReason.MISSING_HEADER, "event record without header " + key);
        }
        return value;
    }

    public static long number(ConsumerRecord<?, ?> record, String key) {
        try {
            return Long.parseLong(required(record, key));
        } catch (NumberFormatException e) {
            throw new UnprojectableEvent(ParkReason.INVALID_HEADER, "header " + key + " is not a number");
        }
    }

    /** A position or sequence number: never negative. */
    public static long nonNegativeNumber(ConsumerRecord<?, ?> record, String key) {
        long value = number(record, key);
        if (value < 0) {
            throw new UnprojectableEvent(ParkReason.INVALID_HEADER, "header " + key + " is negative");
        }
        return value;
    }

    public static Instant instant(ConsumerRecord<?, ?> record, String key) {
        try {
            return Instant.parse(required(record, key));
        } catch (DateTimeParseException e) {
            throw new UnprojectableEvent(ParkReason.INVALID_HEADER, "header " + key + " is not an ISO-8601 instant");
        }
    }
}
