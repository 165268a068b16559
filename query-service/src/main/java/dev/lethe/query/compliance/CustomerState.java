package dev.lethe.query.compliance;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A person as the event store said they were at {@code asOf}. Personal values are the plain value, or
 * {@code {"lethe:erased": true}} once the person's key is gone; absent when never given.
 *
 * @param status ACTIVE, MERGED (into {@code mergedInto}) or ERASED
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record CustomerState(
        String customerId,
        Instant asOf,
        String status,
        Object name,
        Object email,
        Object phone,
        Object postalAddress,
        Object birthDate,
        boolean restricted,
        String restrictionReason,
        List<SourceRecord> sourceRecords,
        Map<String, Consent> consents,
        String mergedInto,
        List<String> mergedCustomers,
        Erasure erasure,
        int eventsApplied,
        Instant lastChangedAt) {

    /** A source system's record of the person; {@code contactDetails} is what that source sent (unverified). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SourceRecord(String source, Object sourceCustomerId, String purpose, Instant linkedAt,
                        Map<String, Object> contactDetails) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Consent(boolean granted, String channel, String consentTextVersion, Instant changedAt) {
    }

    record Erasure(Instant erasedAt, String reason) {
    }
}
