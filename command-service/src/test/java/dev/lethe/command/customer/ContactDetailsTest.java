package dev.lethe.command.customer;

import static dev.lethe.command.customer.CustomerFixture.ID;
import static dev.lethe.command.customer.CustomerFixture.NOW;
import static dev.lethe.command.customer.CustomerFixture.SURVIVOR;
import static dev.lethe.command.customer.CustomerFixture.registered;
import static dev.lethe.command.customer.CustomerFixture.rejectedWith;

import dev.lethe.contract.Personal;
import dev.lethe.contract.customer.ContactDetails;
import dev.lethe.contract.customer.ContactDetailsChanged;
import dev.lethe.contract.customer.CustomerErased;
import dev.lethe.contract.customer.ErasureReason;
import dev.lethe.contract.customer.UpdateContactDetails;
import dev.lethe.contract.envelope.Rejection;
import dev.lethe.contract.identity.CustomerMergedInto;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.Test;

/** Rectification (GDPR Art. 16). */
class ContactDetailsTest {

    private final FixtureConfiguration<Customer> fixture = CustomerFixture.create();

    @Test
    void rectificationRecordsOnlyTheChangedFields() {
        fixture.given(registered())
                .when(new UpdateContactDetails(ID, "lead", new ContactDetails(null, "erika.m@example.org", null, null, null)))
                .expectEvents(new ContactDetailsChanged(ID, "lead", null, Personal.of("erika.m@example.org"), null, null, null));
    }

    @Test
    void anErasedCustomerCannotBeRectified() {
        fixture.given(registered(), new CustomerErased(ID, ErasureReason.DATA_SUBJECT_REQUEST, NOW))
                .when(new UpdateContactDetails(ID, "lead", new ContactDetails("Erika", null, null, null, null)))
                .expectNoEvents()
                .expectException(rejectedWith(Rejection.CUSTOMER_ERASED, "customerId"));
    }

    @Test
    void aMergedCustomerIsRectifiedThroughItsSurvivorOnly() {
        fixture.given(registered(), new CustomerMergedInto(ID, SURVIVOR))
                .when(new UpdateContactDetails(ID, "lead", new ContactDetails("Erika", null, null, null, null)))
                .expectNoEvents()
                .expectException(rejectedWith(Rejection.CUSTOMER_MERGED, "customerId"));
    }
}
