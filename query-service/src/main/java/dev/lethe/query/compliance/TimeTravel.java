package dev.lethe.query.compliance;

import dev.lethe.contract.Personal;
import dev.lethe.contract.consent.ConsentGranted;
import dev.lethe.contract.consent.ConsentWithdrawn;
import dev.lethe.contract.customer.ContactDetailsChanged;
import dev.lethe.contract.customer.CustomerErased;
import dev.lethe.contract.customer.CustomerRegistered;
import dev.lethe.contract.customer.ProcessingRestricted;
import dev.lethe.contract.customer.ProcessingRestrictionLifted;
import dev.lethe.contract.identity.CustomerMergedInto;
import dev.lethe.contract.identity.CustomerUnmerged;
import dev.lethe.contract.identity.CustomersMerged;
import dev.lethe.contract.identity.CustomersUnmerged;
import dev.lethe.contract.identity.SourceRecordLinked;
import dev.lethe.query.audit.AuditTrail;
import dev.lethe.shredding.PersonalDataModule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Rebuilds a person's state as of an instant by replaying the ciphertext copies of their stored events (kept in the
 * audit schema, never the command service's database) through the shredding codec, in event-store order.
 */
@Component
class TimeTravel {

    private static final Map<String, Boolean> ERASED = Map.of(PersonalDataModule.ERASED_MARKER, true);

    private final AuditTrail trail;
    private final ContractEvents events;

    TimeTravel(AuditTrail trail, ContractEvents events) {
        this.trail = trail;
        this.events = events;
    }

    /** Empty when the person had no event at or before {@code asOf}. */
    Optional<CustomerState> stateOf(String customerId, Instant asOf) {
        List<AuditTrail.EventCopy> copies = trail.copiesUpTo(customerId, asOf);
        if (copies.isEmpty()) {
            return Optional.empty();
        }
        Replay replay = new Replay();
        for (AuditTrail.EventCopy copy : copies) {
            replay.apply(events.decrypt(copy.eventType(), copy.storedEvent(), copy.eventId()), copy.occurredAt());
        }
        return Optional.of(replay.state(customerId, asOf, copies.size()));
    }

    /** The mutable fold; each event changes only what it states. */
    private static final class Replay {
        String status = "ACTIVE";
        Object name;
        Object email;
        Object phone;
        Object postalAddress;
        Object birthDate;
        boolean restricted;
        String restrictionReason;
        final List<CustomerState.SourceRecord> sourceRecords = new ArrayList<>();
        final Map<String, CustomerState.Consent> consents = new LinkedHashMap<>();
        String mergedInto;
        final List<String> mergedCustomers = new ArrayList<>();
        CustomerState.Erasure erasure;
        Instant lastChangedAt;

        void apply(Object event, Instant at) {
            lastChangedAt = at;
            if (event instanceof CustomerRegistered e) {
                name = value(e.name(), name);
                email = value(e.email(), email);
                phone = value(e.phone(), phone);
                postalAddress = value(e.postalAddress(), postalAddress);
                birthDate = value(e.birthDate(), birthDate);
                sourceRecords.add(new CustomerState.SourceRecord(e.source(), value(e.sourceCustomerId(), null),
                        e.purpose(), at, null));
            } else if (event instanceof SourceRecordLinked e) {
                Map<String, Object> sent = new LinkedHashMap<>();
                put(sent, "name", e.name());
                put(sent, "email", e.email());
                put(sent, "phone", e.phone());
                put(sent, "postalAddress", e.postalAddress());
                put(sent, "birthDate", e.birthDate());
                sourceRecords.add(new CustomerState.SourceRecord(e.source(), value(e.sourceCustomerId(), null),
                        e.purpose(), at, sent));
            } else if (event instanceof ContactDetailsChanged e) {
                name = value(e.name(), name);
                email = value(e.email(), email);
                phone = value(e.phone(), phone);
                postalAddress = value(e.postalAddress(), postalAddress);
                birthDate = value(e.birthDate(), birthDate);
            } else if (event instanceof ConsentGranted e) {
                consents.put(e.purpose(), new CustomerState.Consent(true, e.channel(), e.consentTextVersion(),
                        e.grantedAt()));
            } else if (event instanceof ConsentWithdrawn e) {
                consents.put(e.purpose(), new CustomerState.Consent(false, e.channel(), null, e.withdrawnAt()));
            } else if (event instanceof ProcessingRestricted e) {
                restricted = true;
                restrictionReason = e.reason();
            } else if (event instanceof ProcessingRestrictionLifted) {
                restricted = false;
                restrictionReason = null;
            } else if (event instanceof CustomersMerged e) {
                mergedCustomers.add(e.mergedCustomerId());
            } else if (event instanceof CustomersUnmerged e) {
                mergedCustomers.remove(e.mergedCustomerId());
            } else if (event instanceof CustomerMergedInto e) {
                status = "MERGED";
                mergedInto = e.survivorId();
            } else if (event instanceof CustomerUnmerged) {
                status = "ACTIVE";
                mergedInto = null;
            } else if (event instanceof CustomerErased e) {
                status = "ERASED";
                erasure = new CustomerState.Erasure(e.erasedAt(), e.reason().name());
            }
        }

        CustomerState state(String customerId, Instant asOf, int applied) {
            return new CustomerState(customerId, asOf, status, name, email, phone, postalAddress, birthDate,
                    restricted, restrictionReason, List.copyOf(sourceRecords), java.util.Collections.unmodifiableMap(new LinkedHashMap<>(consents)), mergedInto,
                    List.copyOf(mergedCustomers), erasure, applied, lastChangedAt);
        }

        private static void put(Map<String, Object> target, String key, Personal<?> value) {
            Object rendered = value(value, null);
            if (rendered != null) {
                target.put(key, rendered);
            }
        }

        /** A field the event does not carry ({@code null}) keeps the current value. */
        private static Object value(Personal<?> personal, Object current) {
            if (personal == null) {
                return current;
            }
            return personal.isErased() ? ERASED : personal.value();
        }
    }
}
