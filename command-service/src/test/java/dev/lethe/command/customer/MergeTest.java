package dev.lethe.command.customer;

import static dev.lethe.command.customer.CustomerFixture.CLOCK;
import static dev.lethe.command.customer.CustomerFixture.ID;
import static dev.lethe.command.customer.CustomerFixture.MEMBER;
import static dev.lethe.command.customer.CustomerFixture.NOW;
import static dev.lethe.command.customer.CustomerFixture.SURVIVOR;
import static dev.lethe.command.customer.CustomerFixture.registered;
import static dev.lethe.command.customer.CustomerFixture.rejectedWith;

import dev.lethe.contract.consent.ConsentGranted;
import dev.lethe.contract.consent.ConsentWithdrawn;
import dev.lethe.contract.customer.CustomerErased;
import dev.lethe.contract.customer.ErasureReason;
import dev.lethe.contract.envelope.Rejection;
import dev.lethe.contract.identity.CustomerMergedInto;
import dev.lethe.contract.identity.CustomerUnmerged;
import dev.lethe.contract.identity.CustomersMerged;
import dev.lethe.contract.identity.CustomersUnmerged;
import java.util.List;
import java.util.Set;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.Test;

/**
 * Each customer's side of a merge and an unmerge, as {@code CustomerMergeHandler} asks for them (it changes both
 * customers and the routing row in one transaction: MergeCustomersIT). {@link CustomerFixture#ID} is the customer
 * under test, on the survivor's side or the merged one's.
 */
class MergeTest {

    private final FixtureConfiguration<Customer> fixture = CustomerFixture.create();

    @Test
    void aCustomerAlreadyMergedCannotTakePartInAnotherMerge() {
        fixture.given(registered(), new CustomerMergedInto(ID, SURVIVOR))
                .when(ExecuteOnCustomer.decide(ID, customer -> customer.requireMergeable("payload.survivorId")))
                .expectNoEvents()
                .expectException(rejectedWith(Rejection.CUSTOMER_MERGED, "payload.survivorId"));
    }

    @Test
    void anErasedCustomerCannotTakePartInAMerge() {
        fixture.given(registered(), new CustomerErased(ID, ErasureReason.DATA_SUBJECT_REQUEST, NOW))
                .when(ExecuteOnCustomer.decide(ID, customer -> customer.requireMergeable("payload.mergedCustomerId")))
                .expectNoEvents()
                .expectException(rejectedWith(Rejection.CUSTOMER_ERASED, "payload.mergedCustomerId"))
                .expectExceptionMessage("payload.mergedCustomerId has been erased");
    }

    @Test
    void theMergedSideAnswersWithItsOwnConsentsAndThoseOfItsMembers() {
        fixture.given(registered(), new ConsentGranted(ID, "marketing", "email", "v3", NOW),
                        new CustomersMerged(ID, MEMBER, List.of("lead")))
                .when(new ExecuteOnCustomer(ID, Customer::answeredPurposes))
                .expectResultMessagePayload(Set.of("lead", "marketing"));
    }

    @Test
    void aSurvivorAbsorbsTheMembersConsentedPurposes() {
        fixture.given(registered())
                .when(ExecuteOnCustomer.decide(ID, customer -> customer.absorb(MEMBER, Set.of("marketing", "lead"))))
                .expectEvents(new CustomersMerged(ID, MEMBER, List.of("lead", "marketing")));
    }

    @Test
    void theMergedCustomerRecordsWhereItsCommandsGoNow() {
        fixture.given(registered())
                .when(ExecuteOnCustomer.decide(ID, customer -> customer.mergeInto(SURVIVOR)))
                .expectEvents(new CustomerMergedInto(ID, SURVIVOR));
    }

    @Test
    void aSurvivorKnowsItsMembersForAnErasure() {
        fixture.given(registered(), new CustomersMerged(ID, MEMBER, List.of()))
                .when(new ExecuteOnCustomer(ID, Customer::members))
                .expectResultMessagePayload(Set.of(MEMBER));
    }

    @Test
    void releasingAMemberHandsBackTheConsentsTheSurvivorStillAnsweredFor() {
        fixture.given(registered(), new CustomersMerged(ID, MEMBER, List.of("lead", "marketing")),
                        new ConsentWithdrawn(ID, "marketing", "email", NOW))
                .when(new ExecuteOnCustomer(ID, customer -> customer.release(MEMBER)))
                .expectEvents(new CustomersUnmerged(ID, MEMBER))
                .expectResultMessagePayload(Set.of("lead"));
    }

    @Test
    void releasingACustomerThatWasNeverMergedIsRejected() {
        fixture.given(registered())
                .when(new ExecuteOnCustomer(ID, customer -> customer.release(MEMBER)))
                .expectNoEvents()
                .expectException(rejectedWith(Rejection.CUSTOMERS_NOT_MERGED, "payload.mergedCustomerId"));
    }

    @Test
    void anErasedSurvivorHasNoMemberToRelease() {
        fixture.given(registered(), new CustomersMerged(ID, MEMBER, List.of()),
                        new CustomerErased(ID, ErasureReason.DATA_SUBJECT_REQUEST, NOW))
                .when(new ExecuteOnCustomer(ID, customer -> customer.release(MEMBER)))
                .expectNoEvents()
                .expectException(rejectedWith(Rejection.CUSTOMER_ERASED, "payload.survivorId"));
    }

    @Test
    void splittingOffCopiesAWithdrawalMadeOnTheSurvivorIntoTheMembersOwnHistory() {
        fixture.given(registered(), new ConsentGranted(ID, "marketing", "email", "v3", NOW),
                        new ConsentGranted(ID, "lead", "email", "v1", NOW), new CustomerMergedInto(ID, SURVIVOR))
                .when(ExecuteOnCustomer.decide(ID, customer -> customer.splitOff(SURVIVOR, Set.of("lead"), CLOCK)))
                .expectEvents(new CustomerUnmerged(ID, SURVIVOR),
                        new ConsentWithdrawn(ID, "marketing", Customer.WITHDRAWN_WHILE_MERGED, NOW));
    }

    @Test
    void splittingOffWithEveryConsentStillHeldWithdrawsNothing() {
        fixture.given(registered(), new ConsentGranted(ID, "lead", "email", "v1", NOW),
                        new CustomerMergedInto(ID, SURVIVOR))
                .when(ExecuteOnCustomer.decide(ID, customer -> customer.splitOff(SURVIVOR, Set.of("lead"), CLOCK)))
                .expectEvents(new CustomerUnmerged(ID, SURVIVOR));
    }

    @Test
    void aCustomerMergedIntoAnotherSurvivorCannotBeSplitOffThisOne() {
        fixture.given(registered(), new CustomerMergedInto(ID, MEMBER))
                .when(ExecuteOnCustomer.decide(ID, customer -> customer.splitOff(SURVIVOR, Set.of(), CLOCK)))
                .expectNoEvents()
                .expectException(rejectedWith(Rejection.CUSTOMERS_NOT_MERGED, "payload.mergedCustomerId"));
    }
}
