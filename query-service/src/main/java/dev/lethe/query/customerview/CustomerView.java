package dev.lethe.query.customerview;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** The golden record of one person as analysts see it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CustomerView(
        String customerId,
        String status,
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

    CustomerView with(List<SourceRecord> sourceRecords, List<Consent> consents) {
        return new CustomerView(customerId, status, name, email, phone, postalAddress, birthDate, restricted,
                sourceRecords, consents, createdAt, updatedAt);
    }

    public record Address(String street, String postalCode, String city, String country) {
    }

    public record SourceRecord(String source, String sourceCustomerId, String purpose, Instant linkedAt) {
    }

    public record Consent(String purpose, boolean granted, String channel, String consentTextVersion,
                          Instant changedAt) {
    }
}
