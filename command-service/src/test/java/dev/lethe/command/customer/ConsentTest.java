package dev.lethe.command.customer;

import static dev.lethe.command.customer.CustomerFixture.ID;
import static dev.lethe.command.customer.CustomerFixture.MEMBER;
import static dev.lethe.command.customer.CustomerFixture.NOW;
import static dev.lethe.command.customer.CustomerFixture.SURVIVOR;
import static dev.lethe.command.customer.CustomerFixture.registered;
import static dev.lethe.command.customer.CustomerFixture.rejectedWith;

import dev.lethe.contract.Personal;
import dev.lethe.contract.consent.ConsentGranted;
import dev.lethe.contract.consent.ConsentWithdrawn;
import dev.lethe.contract.consent.GrantConsent;
import dev.lethe.contract.consent.WithdrawConsent;
import dev.lethe.contract.customer.CustomerErased;
import dev.lethe.contract.customer.CustomerRegistered;
import dev.lethe.contract.customer.ErasureReason;
import dev.lethe.contract.envelope.Rejection;
import dev.lethe.contract.identity.CustomerMergedInto;
import dev.lethe.contract.identity.CustomerUnmerged;
import dev.lethe.contract.identity.CustomersMerged;
import dev.lethe.contract.identity.CustomersUnmerged;
import java.util.List;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.Test;

/** Granting and withdrawing consent to a purpose, also across a merge. */
class ConsentTest {

    private final FixtureConfiguration<Customer> fixture = CustomerFixture.create();

    @Test
    void grantingConsentRecordsPurposeChannelAndTextVersion() {
        fixture.given(registered())
                .when(new GrantConsent(ID, "marketing", "email", "v3", NOW))
                .expectEvents(new ConsentGranted(ID, "marketing", "email", "v3", NOW));
    }

    @Test
    void anErasedCustomerStillLoadsFromEventsWhosePersonalFieldsReadAsErasedAndTakesNoConsent() {
        fixture.given(new CustomerRegistered(ID, "crm", Personal.erased(), "lead", Personal.erased(),
                        Personal.erased(), null, null, null),
                        new CustomerErased(ID, ErasureReason.DATA_SUBJECT_REQUEST, NOW))
                .when(new GrantConsent(ID, "marketing", "email", "v3", NOW))
                .expectNoEvents()
                .expectException(rejectedWith(Rejection.CUSTOMER_ERASED, "customerId"));
    }

    @Test
    void aMergedCustomerRejectsCommandsAddressedToItDirectly() {
        fixture.given(registered(), new CustomerMergedInto(ID, SURVIVOR))
                .when(new GrantConsent(ID, "marketing", "email", "v3", NOW))
                .expectNoEvents()
                .expectException(rejectedWith(Rejection.CUSTOMER_MERGED, "customerId"));
    }

    @Test
    void anUnmergedCustomerTakesCommandsAgain() {
        fixture.given(registered(), new CustomerMergedInto(ID, SURVIVOR), new CustomerUnmerged(ID, SURVIVOR))
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
                .expectException(rejectedWith(Rejection.CONSENT_NOT_GRANTED, "purpose"))
                .expectExceptionMessage("no consent is held for purpose 'marketing'");
    }

    @Test
    void cannotWithdrawAConsentTwice() {
        fixture.given(registered(), new ConsentGranted(ID, "marketing", "email", "v3", NOW),
                        new ConsentWithdrawn(ID, "marketing", "email", NOW))
                .when(new WithdrawConsent(ID, "marketing", "email", NOW))
                .expectNoEvents()
                .expectException(rejectedWith(Rejection.CONSENT_NOT_GRANTED, "purpose"));
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
                .expectException(rejectedWith(Rejection.CONSENT_NOT_GRANTED, "purpose"));
    }

    @Test
    void anErasedCustomerHasNoConsentToWithdraw() {
        fixture.given(registered(), new ConsentGranted(ID, "marketing", "email", "v3", NOW),
                        new CustomerErased(ID, ErasureReason.DATA_SUBJECT_REQUEST, NOW))
                .when(new WithdrawConsent(ID, "marketing", "email", NOW))
                .expectNoEvents()
                .expectException(rejectedWith(Rejection.CUSTOMER_ERASED, "customerId"));
    }
}
