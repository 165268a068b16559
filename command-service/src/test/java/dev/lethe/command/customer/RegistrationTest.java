package dev.lethe.command.customer;

import static dev.lethe.command.customer.CustomerFixture.ID;
import static dev.lethe.command.customer.CustomerFixture.NOW;
import static dev.lethe.command.customer.CustomerFixture.SURVIVOR;
import static dev.lethe.command.customer.CustomerFixture.registered;
import static dev.lethe.command.customer.CustomerFixture.rejectedWith;

import dev.lethe.contract.Personal;
import dev.lethe.contract.customer.ContactDetails;
import dev.lethe.contract.customer.CustomerErased;
import dev.lethe.contract.customer.CustomerRegistered;
import dev.lethe.contract.customer.ErasureReason;
import dev.lethe.contract.customer.PostalAddress;
import dev.lethe.contract.customer.RegisterCustomer;
import dev.lethe.contract.envelope.Rejection;
import dev.lethe.contract.identity.CustomerMergedInto;
import dev.lethe.contract.identity.LinkSourceRecord;
import dev.lethe.contract.identity.SourceRecordLinked;
import java.time.LocalDate;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.Test;

/** Registering a customer and linking a second source's record to it. */
class RegistrationTest {

    private final FixtureConfiguration<Customer> fixture = CustomerFixture.create();

    @Test
    void registeringACustomerRecordsEveryGivenFieldAsPersonalData() {
        var details = new ContactDetails("Erika Mustermann", "erika@example.org", "+49301234567",
                new PostalAddress("Hauptstr. 1", "10115", "Berlin", "DE"), LocalDate.of(1964, 8, 12));
        fixture.givenNoPriorActivity()
                .when(new RegisterCustomer(ID, "webshop", "c-1042", "order-fulfilment", details))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new CustomerRegistered(ID, "webshop", Personal.of("c-1042"), "order-fulfilment",
                        Personal.of("Erika Mustermann"), Personal.of("erika@example.org"), Personal.of("+49301234567"),
                        Personal.of(new PostalAddress("Hauptstr. 1", "10115", "Berlin", "DE")),
                        Personal.of(LocalDate.of(1964, 8, 12))));
    }

    @Test
    void fieldsASourceDidNotSendStayAbsent() {
        var details = new ContactDetails("Erika Mustermann", "erika@example.org", null, null, null);
        fixture.givenNoPriorActivity()
                .when(new RegisterCustomer(ID, "crm", "lead-9", "lead", details))
                .expectEvents(new CustomerRegistered(ID, "crm", Personal.of("lead-9"), "lead",
                        Personal.of("Erika Mustermann"), Personal.of("erika@example.org"), null, null, null));
    }

    @Test
    void linkingASourceRecordRecordsTheSourcesReferenceAndDetailsAsPersonalData() {
        var details = new ContactDetails(null, "Erika@example.org", "+49301234567", null, null);
        fixture.given(registered())
                .when(new LinkSourceRecord(ID, "webshop", "c-1042", "order-fulfilment", details))
                .expectEvents(new SourceRecordLinked(ID, "webshop", Personal.of("c-1042"), "order-fulfilment", null,
                        Personal.of("Erika@example.org"), Personal.of("+49301234567"), null, null));
    }

    @Test
    void aSourceRecordCannotBeLinkedToAnErasedCustomer() {
        fixture.given(registered(), new CustomerErased(ID, ErasureReason.DATA_SUBJECT_REQUEST, NOW))
                .when(new LinkSourceRecord(ID, "webshop", "c-1042", "order-fulfilment", ContactDetails.none()))
                .expectNoEvents()
                .expectException(rejectedWith(Rejection.CUSTOMER_ERASED, "customerId"));
    }

    @Test
    void aSourceRecordCannotBeLinkedToACustomerMergedIntoAnother() {
        fixture.given(registered(), new CustomerMergedInto(ID, SURVIVOR))
                .when(new LinkSourceRecord(ID, "webshop", "c-1042", "order-fulfilment", ContactDetails.none()))
                .expectNoEvents()
                .expectException(rejectedWith(Rejection.CUSTOMER_MERGED, "customerId"));
    }
}
