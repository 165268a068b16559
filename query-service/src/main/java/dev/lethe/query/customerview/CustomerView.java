package dev.lethe.query.customerview;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The golden record of one person as analysts see it. For a survivor it is computed over the survivor and
 * the customers merged into it ({@code mergedCustomerIds}); a merged customer shows its own data, status
 * {@code MERGED} and {@code mergedInto}. {@code masked} is true (and personal values are replaced) when the
 * caller may not see personal data; absent otherwise.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record CustomerView(
        String customerId,
        String status,
        String mergedInto,
        List<String> mergedCustomerIds,
        String name,
        String email,
        String phone,
        Address postalAddress,
        LocalDate birthDate,
        boolean restricted,
        List<SourceRecord> sourceRecords,
        List<Consent> consents,
        Instant createdAt,
        Instant updatedAt,
        Boolean masked) {

    /** What replaces a personal value for a caller without the {@code ANALYST_PII} role. */
    static final String MASK = "***";

    /**
     * This record without its personal values: name, email, phone and source references become {@value #MASK},
     * address and birth date are left out, {@code masked} is true. Ids, status, consents and timestamps stay.
     */
    CustomerView withoutPersonalData() {
        return new CustomerView(customerId, status, mergedInto, mergedCustomerIds, mask(name), mask(email),
                mask(phone), null, null, restricted, sourceRecords == null ? null : sourceRecords.stream()
                .map(r -> new SourceRecord(r.customerId(), r.source(), mask(r.sourceCustomerId()), r.purpose(),
                        r.linkedAt())).toList(), consents, createdAt, updatedAt, true);
    }

    private static String mask(String value) {
        return value == null ? null : MASK;
    }

    public record Address(String street, String postalCode, String city, String country) {
    }

    /** @param customerId the customer (survivor or merged member) the record was linked to */
    public record SourceRecord(String customerId, String source, String sourceCustomerId, String purpose,
                               Instant linkedAt) {
    }

    public record Consent(String purpose, boolean granted, String channel, String consentTextVersion,
                          Instant changedAt) {
    }
}
