package dev.lethe.contract.identity;

import dev.lethe.contract.DataSubjectId;
import dev.lethe.contract.Personal;
import dev.lethe.contract.PersonalData;
import dev.lethe.contract.customer.PostalAddress;
import java.time.LocalDate;
import org.axonframework.serialization.Revision;

/**
 * A source system registered a person Lethe already knew (their normalised email or phone matched), so the
 * source's record was linked to the existing customer instead of creating a duplicate. Carries the contact
 * details the source sent, as unverified values for survivorship; fields the source did not send are
 * {@code null}.
 */
@Revision("1")
public record SourceRecordLinked(
        @DataSubjectId String customerId,
        String source,
        @PersonalData Personal<String> sourceCustomerId,
        String purpose,
        @PersonalData Personal<String> name,
        @PersonalData Personal<String> email,
        @PersonalData Personal<String> phone,
        @PersonalData Personal<PostalAddress> postalAddress,
        @PersonalData Personal<LocalDate> birthDate) {
}
