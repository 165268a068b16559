package dev.lethe.contract.customer;

import dev.lethe.contract.DataSubjectId;
import dev.lethe.contract.Personal;
import dev.lethe.contract.PersonalData;
import java.time.LocalDate;
import org.axonframework.serialization.Revision;

/**
 * A person became known to Lethe through a source system. Personal fields are {@code null} when the
 * source did not send them. The source's own reference is personal data too: it links the person to a
 * record elsewhere, so it is encrypted like a name.
 */
@Revision("1")
public record CustomerRegistered(
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
