package dev.lethe.query.events;

import static dev.lethe.query.projection.RecordHeaders.contractClass;
import static dev.lethe.query.projection.RecordHeaders.header;
import static dev.lethe.query.projection.RecordHeaders.instant;
import static dev.lethe.query.projection.RecordHeaders.nonNegativeNumber;
import static dev.lethe.query.projection.RecordHeaders.required;

import dev.lethe.contract.identity.CustomerMergedInto;
import dev.lethe.contract.identity.CustomerUnmerged;
import dev.lethe.contract.identity.CustomersMerged;
import dev.lethe.contract.identity.CustomersUnmerged;
import dev.lethe.contract.wire.EventHeaders;
import dev.lethe.support.benchmark.BenchmarkSwitches;
import dev.lethe.query.projection.ParkReason;
import dev.lethe.query.projection.UnprojectableEvent;
import dev.lethe.shredding.DataKey;
import dev.lethe.shredding.KeyVaultException;
import dev.lethe.shredding.PersonalDataIntegrityException;
import dev.lethe.shredding.ShreddingCodec;
import dev.lethe.shredding.ShreddingException;
import java.io.IOException;
import java.lang.reflect.Method;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Reads a {@code lethe.events} record: headers as the command service writes them, payload decrypted. A record
 * that can never be read (a header missing or malformed, a type outside the contract, a payload that is not its
 * type, a payload about another customer than its key) is an {@link UnprojectableEvent} with its reason; a key
 * vault that cannot be reached is not, and propagates as it is (transient).
 */
@Component
public class EventDecoder {

    private static final Map<Class<?>, Method> CUSTOMER_ID = new ConcurrentHashMap<>();

    private final ShreddingCodec codec;
    private final boolean plaintextEvents;

    @Autowired
    EventDecoder(ShreddingCodec codec, BenchmarkSwitches benchmark, Environment environment) {
        this(codec, benchmark.plaintextEvents());
        if (plaintextEvents) {
            benchmark.requireBenchmarkProfile(environment);
        }
    }

    private EventDecoder(ShreddingCodec codec, boolean plaintextEvents) {
        this.codec = codec;
        this.plaintextEvents = plaintextEvents;
    }

    /**
     * A decoder for one poll that decrypts with the keys read for the whole poll at once
     * ({@link dev.lethe.shredding.KeyVault#existingDataKeys}) instead of asking the vault per event: a customer
     * without a key there reads as erased.
     */
    public EventDecoder withKeys(Map<String, DataKey> keys) {
        return new EventDecoder(new ShreddingCodec(codec.objectMapper(), new PollKeys(keys)), plaintextEvents);
    }

    public StoredEvent decode(ConsumerRecord<String, byte[]> record) {
        String customerId = record.key();
        if (customerId == null || customerId.isBlank()) {
            throw new UnprojectableEvent(ParkReason.MISSING_KEY, "event record without a customer id key");
        }
        String type = required(record, EventHeaders.EVENT_TYPE);
        Class<?> contractClass = contractClass(type);
        long globalSequence = nonNegativeNumber(record, EventHeaders.GLOBAL_SEQUENCE);
        long aggregateSequence = nonNegativeNumber(record, EventHeaders.AGGREGATE_SEQUENCE);
        Instant timestamp = instant(record, EventHeaders.TIMESTAMP);
        String eventId = required(record, EventHeaders.EVENT_ID);
        Object payload = payload(record.value(), contractClass, eventId);
        requireConsistent(customerId, payload);
        return new StoredEvent(
                eventId,
                globalSequence,
                aggregateSequence,
                customerId,
                type,
                header(record, EventHeaders.EVENT_REVISION),
                timestamp,
                header(record, EventHeaders.COMMAND_ID),
                header(record, EventHeaders.SOURCE),
                header(record, EventHeaders.ACTOR),
                payload,
                record.value());
    }

    /** A payload sealed for another event than the record's own id is refused (moved, docs/crypto-shredding.md §4). */
    private Object payload(byte[] value, Class<?> type, String eventId) {
        if (value == null) {
            throw new UnprojectableEvent(ParkReason.UNREADABLE_PAYLOAD, "event record without a value");
        }
        try {
            return plaintextEvents ? readPlaintext(value, type) : codec.decrypt(value, type, eventId);
        } catch (PersonalDataIntegrityException e) {
            throw new UnprojectableEvent(ParkReason.PERSONAL_DATA_INTEGRITY, "a personal field of "
                    + type.getSimpleName() + " failed its integrity check", e);
        } catch (KeyVaultException e) {
            throw e; // the vault could not be read: not the record's fault
        } catch (ShreddingException e) {
            throw new UnprojectableEvent(ParkReason.UNREADABLE_PAYLOAD, "the payload is not a readable "
                    + type.getSimpleName(), e);
        }
    }

    /**
     * A record is keyed by the customer whose history holds it. A payload about another customer, or a merge of a
     * customer with itself, would write one person's facts into another's rows.
     */
    private static void requireConsistent(String key, Object payload) {
        String subject = customerIdOf(payload);
        if (subject != null && !subject.equals(key)) {
            throw new UnprojectableEvent(ParkReason.INCONSISTENT_EVENT,
                    payload.getClass().getSimpleName() + " is about another customer than its record key");
        }
        String counterpart = counterpartOf(payload);
        if (counterpart != null && (counterpart.isBlank() || counterpart.equals(key))) {
            throw new UnprojectableEvent(ParkReason.INCONSISTENT_EVENT,
                    payload.getClass().getSimpleName() + " names no other customer");
        }
    }

    /** The other customer of a merge or unmerge event; null for every other event. */
    private static String counterpartOf(Object payload) {
        if (payload instanceof CustomersMerged merged) {
            return Objects.requireNonNullElse(merged.mergedCustomerId(), "");
        } else if (payload instanceof CustomerMergedInto mergedInto) {
            return Objects.requireNonNullElse(mergedInto.survivorId(), "");
        } else if (payload instanceof CustomersUnmerged unmerged) {
            return Objects.requireNonNullElse(unmerged.mergedCustomerId(), "");
        } else if (payload instanceof CustomerUnmerged unmerged) {
            return Objects.requireNonNullElse(unmerged.formerSurvivorId(), "");
        }
        return null;
    }

    private static String customerIdOf(Object payload) {
        Method accessor = CUSTOMER_ID.computeIfAbsent(payload.getClass(), type -> {
            try {
                return type.getMethod("customerId");
            } catch (NoSuchMethodException e) {
                return null;
            }
        });
        // (computeIfAbsent stores no null: a contract class without customerId is looked up again, rarely)
        if (accessor == null) {
            return null;
        }
        try {
            return Objects.toString(accessor.invoke(payload), null);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    /** Benchmark mode only: the command service stored the event without encrypting it. */
    private Object readPlaintext(byte[] value, Class<?> type) {
        try {
            return codec.objectMapper().readValue(value, type);
        } catch (IOException e) {
            throw new UnprojectableEvent(ParkReason.UNREADABLE_PAYLOAD,
                    "unreadable plaintext event of type " + type.getSimpleName());
        }
    }
}
