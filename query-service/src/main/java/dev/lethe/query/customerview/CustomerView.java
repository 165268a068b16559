package dev.lethe.query.customerview;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The golden record of one person as analysts see it. For a survivor it is computed over the survivor and
 * the customers merged into it ({@code mergedCustomerIds}); a merged customer shows its own data, status
 * {@code MERGED} and {@code mergedInto}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CustomerView(
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
        Instant updatedAt) {

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
