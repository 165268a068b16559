package dev.lethe.command.customer;

import dev.lethe.contract.Personal;
import dev.lethe.contract.consent.ConsentGranted;
import dev.lethe.contract.consent.ConsentWithdrawn;
import dev.lethe.contract.consent.GrantConsent;
import dev.lethe.contract.consent.WithdrawConsent;
import dev.lethe.contract.customer.ContactDetails;
import dev.lethe.contract.customer.ContactDetailsChanged;
import dev.lethe.contract.customer.CustomerErased;
import dev.lethe.contract.customer.CustomerRegistered;
import dev.lethe.contract.customer.ErasureReason;
import dev.lethe.contract.customer.LiftRestriction;
import dev.lethe.contract.customer.PostalAddress;
import dev.lethe.contract.customer.ProcessingRestricted;
import dev.lethe.contract.customer.ProcessingRestrictionLifted;
import dev.lethe.contract.customer.RegisterCustomer;
import dev.lethe.contract.customer.RestrictProcessing;
import dev.lethe.contract.customer.UpdateContactDetails;
import dev.lethe.contract.envelope.Rejection;
import dev.lethe.contract.identity.CustomerMergedInto;
import dev.lethe.contract.identity.CustomerUnmerged;
import dev.lethe.contract.identity.CustomersMerged;
import dev.lethe.contract.identity.CustomersUnmerged;
import dev.lethe.contract.identity.LinkSourceRecord;
import dev.lethe.contract.identity.SourceRecordLinked;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.time.LocalDate;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CustomerTest {

    private static final String ID = "7d1c1c2e-4b5a-4f0e-9d33-2a1f0f6a9b10";
    private static final String SURVIVOR = "0b6f2b8e-3c1d-4a57-9e2f-6f1e2d3c4b5a";
    private static final String MEMBER = "5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d";
    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

    private FixtureConfiguration<Customer> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Customer.class);
        fixture.registerAnnotatedCommandHandler(new ExecuteOnCustomer.Handler(fixture.getRepository()));
    }

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
    void rectificationRecordsOnlyTheChangedFields() {
        fixture.given(registered())
                .when(new UpdateContactDetails(ID, "lead", new ContactDetails(null, "erika.m@example.org", null, null, null)))
                .expectEvents(new ContactDetailsChanged(ID, "lead", null, Personal.of("erika.m@example.org"), null, null, null));
    }

    @Test
    void grantingConsentRecordsPurposeChannelAndTextVersion() {
        fixture.given(registered())
                .when(new GrantConsent(ID, "marketing", "email", "v3", NOW))
                .expectEvents(new ConsentGranted(ID, "marketing", "email", "v3", NOW));
    }

    @Test
    void withdrawingAGrantedConsentRecordsTheWithdrawal() {
        fixture.given(registered(), new ConsentGranted(ID, "marketing", "email", "v3", NOW))
                .when(new WithdrawConsent(ID, "marketing", "email", NOW.plusSeconds(60)))
                .expectEvents(new ConsentWithdrawn(ID, "marketing", "email", NOW.plusSeconds(60)));
    }

    @Test
    void cannotWithdrawAConsentThatWasNeverGiven() {
        fixture.given(registered())
                .when(new WithdrawConsent(ID, "marketing", "email", NOW))
                .expectNoEvents()
                .expectException(CommandRejectedException.class)
                .expectExceptionMessage("no consent is held for purpose 'marketing'");
    }

    @Test
    void restrictingProcessingTwiceRecordsItOnce() {
        fixture.given(registered(), new ProcessingRestricted(ID, "ACCURACY_CONTESTED"))
                .when(new RestrictProcessing(ID, "ACCURACY_CONTESTED"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void liftingARestrictionRecordsIt() {
        fixture.given(registered(), new ProcessingRestricted(ID, "ACCURACY_CONTESTED"))
                .when(new LiftRestriction(ID))
                .expectEvents(new ProcessingRestrictionLifted(ID));
    }

    @Test
    void anErasedCustomerRejectsEveryFurtherCommandWithCustomerErased() {
        fixture.given(registered(), new CustomerErased(ID, ErasureReason.DATA_SUBJECT_REQUEST, NOW))
                .when(new UpdateContactDetails(ID, "lead", new ContactDetails("Erika", null, null, null, null)))
                .expectNoEvents()
                .expectException(rejectedWith(Rejection.CUSTOMER_ERASED));
    }

    @Test
    void anErasedCustomerStillLoadsFromEventsWhosePersonalFieldsReadAsErased() {
        fixture.given(new CustomerRegistered(ID, "crm", Personal.erased(), "lead", Personal.erased(),
                        Personal.erased(), null, null, null),
                        new CustomerErased(ID, ErasureReason.DATA_SUBJECT_REQUEST, NOW))
                .when(new GrantConsent(ID, "marketing", "email", "v3", NOW))
                .expectNoEvents()
                .expectException(rejectedWith(Rejection.CUSTOMER_ERASED));
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
                .expectException(rejectedWith(Rejection.CUSTOMER_ERASED));
    }

    @Test
    void aMergedCustomerRejectsCommandsAddressedToItDirectly() {
        fixture.given(registered(), new CustomerMergedInto(ID, SURVIVOR))
                .when(new GrantConsent(ID, "marketing", "email", "v3", NOW))
                .expectNoEvents()
                .expectException(rejectedWith(Rejection.CUSTOMER_MERGED));
    }

    @Test
    void aSurvivorCanWithdrawAConsentThatOnlyItsMemberGranted() {
        fixture.given(registered(), new CustomersMerged(ID, MEMBER, List.of("marketing")))
                .when(new WithdrawConsent(ID, "marketing", "email", NOW))
                .expectEvents(new ConsentWithdrawn(ID, "marketing", "email", NOW));
    }

    @Test
    void afterAnUnmergeTheSurvivorNoLongerAnswersForTheMembersConsents() {
        fixture.given(registered(), new CustomersMerged(ID, MEMBER, List.of("marketing")),
                        new CustomersUnmerged(ID, MEMBER))
                .when(new WithdrawConsent(ID, "marketing", "email", NOW))
                .expectNoEvents()
                .expectException(rejectedWith(Rejection.CONSENT_NOT_GRANTED));
    }

    @Test
    void aSurvivorAbsorbsTheMembersConsentedPurposes() {
        fixture.given(registered())
                .when(new ExecuteOnCustomer(ID, customer -> customer.absorb(MEMBER, Set.of("marketing", "lead"))))
                .expectEvents(new CustomersMerged(ID, MEMBER, List.of("lead", "marketing")));
    }

    @Test
    void aCustomerAlreadyMergedCannotTakePartInAnotherMerge() {
        fixture.given(registered(), new CustomerMergedInto(ID, SURVIVOR))
                .when(new ExecuteOnCustomer(ID, customer -> customer.requireMergeable("payload.survivorId")))
                .expectException(rejectedWith(Rejection.CUSTOMER_MERGED));
    }

    @Test
    void anErasedCustomerCannotTakePartInAMerge() {
        fixture.given(registered(), new CustomerErased(ID, ErasureReason.DATA_SUBJECT_REQUEST, NOW))
                .when(new ExecuteOnCustomer(ID, customer -> customer.requireMergeable("payload.mergedCustomerId")))
                .expectException(rejectedWith(Rejection.CUSTOMER_ERASED));
    }

    @Test
    void releasingACustomerThatWasNeverMergedIsRejected() {
        fixture.given(registered())
                .when(new ExecuteOnCustomer(ID, customer -> customer.release(MEMBER)))
                .expectNoEvents()
                .expectException(rejectedWith(Rejection.CUSTOMERS_NOT_MERGED));
    }

    @Test
    void splittingOffCopiesAWithdrawalMadeOnTheSurvivorIntoTheMembersOwnHistory() {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        fixture.given(registered(), new ConsentGranted(ID, "marketing", "email", "v3", NOW),
                        new ConsentGranted(ID, "lead", "email", "v1", NOW), new CustomerMergedInto(ID, SURVIVOR))
                .when(new ExecuteOnCustomer(ID, customer -> customer.splitOff(SURVIVOR, Set.of("lead"), clock)))
                .expectEvents(new CustomerUnmerged(ID, SURVIVOR),
                        new ConsentWithdrawn(ID, "marketing", Customer.WITHDRAWN_WHILE_MERGED, NOW));
    }

    @Test
    void anUnmergedCustomerTakesCommandsAgain() {
        fixture.given(registered(), new CustomerMergedInto(ID, SURVIVOR), new CustomerUnmerged(ID, SURVIVOR))
                .when(new GrantConsent(ID, "marketing", "email", "v3", NOW))
                .expectEvents(new ConsentGranted(ID, "marketing", "email", "v3", NOW));
    }

    private static Matcher<Object> rejectedWith(Rejection code) {
        return new TypeSafeMatcher<>(Object.class) {
            @Override
            protected boolean matchesSafely(Object item) {
                return item instanceof CommandRejectedException rejected && rejected.code() == code;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("a command rejected with " + code);
            }
        };
    }

    private static CustomerRegistered registered() {
        return new CustomerRegistered(ID, "crm", Personal.of("lead-9"), "lead", Personal.of("Erika Mustermann"),
                Personal.of("erika@example.org"), null, null, null);
    }
}
