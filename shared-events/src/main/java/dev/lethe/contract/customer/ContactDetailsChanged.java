package dev.lethe.contract.customer;

import dev.lethe.contract.DataSubjectId;
import dev.lethe.contract.Personal;
import dev.lethe.contract.PersonalData;
import java.time.LocalDate;
import org.axonframework.serialization.Revision;

/**
 * Contact details were rectified (GDPR Art. 16). Only the fields that changed are present; the others are
 * {@code null}.
 */
@Revision("1")
public record ContactDetailsChanged(
        @DataSubjectId String customerId,
        String purpose,
        @PersonalData Personal<String> name,
        @PersonalData Personal<String> email,
        @PersonalData Personal<String> phone,
        @PersonalData Personal<PostalAddress> postalAddress,
        @PersonalData Personal<LocalDate> birthDate) {
}
