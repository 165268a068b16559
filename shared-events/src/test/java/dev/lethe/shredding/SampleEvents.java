package dev.lethe.shredding;

import dev.lethe.contract.Personal;
import dev.lethe.contract.consent.ConsentGranted;
import dev.lethe.contract.consent.ConsentWithdrawn;
import dev.lethe.contract.customer.ContactDetailsChanged;
import dev.lethe.contract.customer.CustomerErased;
import dev.lethe.contract.customer.CustomerRegistered;
import dev.lethe.contract.customer.ErasureReason;
import dev.lethe.contract.customer.PostalAddress;
import dev.lethe.contract.customer.ProcessingRestricted;
import dev.lethe.contract.customer.ProcessingRestrictionLifted;
import dev.lethe.contract.hold.ErasureDeferred;
import dev.lethe.contract.hold.LegalHoldPlaced;
import dev.lethe.contract.hold.LegalHoldReleased;
import dev.lethe.contract.identity.CustomerMergedInto;
import dev.lethe.contract.identity.CustomerUnmerged;
import dev.lethe.contract.identity.CustomersMerged;
import dev.lethe.contract.identity.CustomersUnmerged;
import dev.lethe.contract.identity.SourceRecordLinked;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One fully populated instance of every stored event type, with personal values long and distinctive
 * enough that a search for them in stored bytes cannot match by chance.
 */
public final class SampleEvents {

    public static final String CUSTOMER_ID = "3f1c2a9e-0d4b-4c55-9a57-6f0b2a6d8e11";
    public static final String OTHER_CUSTOMER_ID = "9b8e7d6c-5a4b-4c3d-8e2f-1a0b9c8d7e6f";

    public static final String NAME = "Augusta Ada King-Noel";
    public static final String EMAIL = "ada.lovelace@analytical-engine.example";
    public static final String PHONE = "+44 20 7946 0958";
    public static final String SOURCE_CUSTOMER_ID = "CRM-00421337-ADA";
    public static final PostalAddress ADDRESS =
            new PostalAddress("12 St James's Square", "SW1Y 4JH", "Marylebone London", "GB");
    public static final LocalDate BIRTH_DATE = LocalDate.of(1815, 12, 10);

    /** The personal values as they appear in plaintext JSON. */
    public static final List<String> PERSONAL_VALUES = List.of(NAME, EMAIL, PHONE, SOURCE_CUSTOMER_ID,
            ADDRESS.street(), ADDRESS.postalCode(), ADDRESS.city(), "1815-12-10");

    private SampleEvents() {
    }

    public static CustomerRegistered customerRegistered(String customerId) {
        return new CustomerRegistered(customerId, "crm", Personal.of(SOURCE_CUSTOMER_ID), "marketing",
                Personal.of(NAME), Personal.of(EMAIL), Personal.of(PHONE), Personal.of(ADDRESS),
                Personal.of(BIRTH_DATE));
    }

    public static ContactDetailsChanged contactDetailsChanged(String customerId) {
        return new ContactDetailsChanged(customerId, "marketing", Personal.of(NAME), Personal.of(EMAIL),
                Personal.of(PHONE), Personal.of(ADDRESS), Personal.of(BIRTH_DATE));
    }

    public static SourceRecordLinked sourceRecordLinked(String customerId) {
        return new SourceRecordLinked(customerId, "webshop", Personal.of(SOURCE_CUSTOMER_ID), "order-fulfilment",
                Personal.of(NAME), Personal.of(EMAIL), Personal.of(PHONE), Personal.of(ADDRESS),
                Personal.of(BIRTH_DATE));
    }

    public static List<Object> all() {
        return List.of(
                customerRegistered(CUSTOMER_ID),
                contactDetailsChanged(CUSTOMER_ID),
                new CustomerErased(CUSTOMER_ID, ErasureReason.DATA_SUBJECT_REQUEST,
                        Instant.parse("2026-11-30T10:15:30Z")),
                new ProcessingRestricted(CUSTOMER_ID, "ACCURACY_CONTESTED"),
                new ProcessingRestrictionLifted(CUSTOMER_ID),
                new ConsentGranted(CUSTOMER_ID, "marketing", "web", "2026-03",
                        Instant.parse("2026-11-29T08:00:00Z")),
                new ConsentWithdrawn(CUSTOMER_ID, "marketing", "email", Instant.parse("2026-11-30T09:00:00Z")),
                sourceRecordLinked(CUSTOMER_ID),
                new CustomersMerged(CUSTOMER_ID, OTHER_CUSTOMER_ID, List.of("marketing")),
                new CustomerMergedInto(OTHER_CUSTOMER_ID, CUSTOMER_ID),
                new CustomersUnmerged(CUSTOMER_ID, OTHER_CUSTOMER_ID),
                new CustomerUnmerged(OTHER_CUSTOMER_ID, CUSTOMER_ID),
                new LegalHoldPlaced(CUSTOMER_ID, Instant.parse("2036-12-31T23:59:59Z"), "TAX_RETENTION"),
                new LegalHoldReleased(CUSTOMER_ID, Instant.parse("2027-01-15T09:30:00Z")),
                new ErasureDeferred(CUSTOMER_ID, ErasureReason.DATA_SUBJECT_REQUEST,
                        Instant.parse("2036-12-31T23:59:59Z"), Instant.parse("2026-11-30T10:15:30Z")));
    }

    public static Map<Class<?>, Object> byType() {
        return all().stream().collect(Collectors.toMap(Object::getClass, Function.identity()));
    }

    public static Set<Class<?>> types() {
        return byType().keySet();
    }
}
