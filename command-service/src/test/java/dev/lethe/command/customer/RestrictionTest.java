package dev.lethe.command.customer;

import static dev.lethe.command.customer.CustomerFixture.ID;
import static dev.lethe.command.customer.CustomerFixture.NOW;
import static dev.lethe.command.customer.CustomerFixture.SURVIVOR;
import static dev.lethe.command.customer.CustomerFixture.registered;
import static dev.lethe.command.customer.CustomerFixture.rejectedWith;

import dev.lethe.contract.customer.CustomerErased;
import dev.lethe.contract.customer.ErasureReason;
import dev.lethe.contract.customer.LiftRestriction;
import dev.lethe.contract.customer.ProcessingRestricted;
import dev.lethe.contract.customer.ProcessingRestrictionLifted;
import dev.lethe.contract.customer.RestrictProcessing;
import dev.lethe.contract.envelope.CommandResult;
import dev.lethe.contract.envelope.Rejection;
import dev.lethe.contract.hold.ErasureDeferred;
import dev.lethe.contract.hold.LegalHoldPlaced;
import dev.lethe.contract.identity.CustomerMergedInto;
import java.time.Duration;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.Test;

/** Restricting processing (GDPR Art. 18) and lifting the restriction. */
class RestrictionTest {

    private final FixtureConfiguration<Customer> fixture = CustomerFixture.create();

    @Test
    void restrictingProcessingRecordsTheReason() {
        fixture.given(registered())
                .when(new RestrictProcessing(ID, "ACCURACY_CONTESTED"))
                .expectEvents(new ProcessingRestricted(ID, "ACCURACY_CONTESTED"));
    }

    @Test
    void restrictingProcessingTwiceRecordsItOnce() {
        fixture.given(registered(), new ProcessingRestricted(ID, "ACCURACY_CONTESTED"))
                .when(new RestrictProcessing(ID, "ACCURACY_CONTESTED"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void anErasedCustomerCannotBeRestricted() {
        fixture.given(registered(), new CustomerErased(ID, ErasureReason.DATA_SUBJECT_REQUEST, NOW))
                .when(new RestrictProcessing(ID, "ACCURACY_CONTESTED"))
                .expectNoEvents()
                .expectException(rejectedWith(Rejection.CUSTOMER_ERASED, "customerId"));
    }

    @Test
    void aMergedCustomerIsRestrictedThroughItsSurvivorOnly() {
        fixture.given(registered(), new CustomerMergedInto(ID, SURVIVOR))
                .when(new RestrictProcessing(ID, "ACCURACY_CONTESTED"))
                .expectNoEvents()
                .expectException(rejectedWith(Rejection.CUSTOMER_MERGED, "customerId"));
    }

    @Test
    void liftingARestrictionRecordsIt() {
        fixture.given(registered(), new ProcessingRestricted(ID, "ACCURACY_CONTESTED"))
                .when(new LiftRestriction(ID))
                .expectEvents(new ProcessingRestrictionLifted(ID));
    }

    @Test
    void liftingWhenNothingIsRestrictedRecordsNothing() {
        fixture.given(registered())
                .when(new LiftRestriction(ID))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void theRestrictionThatCameWithADeferredErasureStaysUntilTheErasure() {
        fixture.given(registered(), new LegalHoldPlaced(ID, NOW.plus(Duration.ofDays(30)), "TAX_RETENTION"),
                        new ProcessingRestricted(ID, CommandResult.ERASURE_DEFERRED_LEGAL_HOLD),
                        new ErasureDeferred(ID, ErasureReason.DATA_SUBJECT_REQUEST, NOW.plus(Duration.ofDays(30)), NOW))
                .when(new LiftRestriction(ID))
                .expectNoEvents()
                .expectException(rejectedWith(Rejection.ERASURE_PENDING, "customerId"));
    }

    @Test
    void anErasedCustomerHasNoRestrictionToLift() {
        fixture.given(registered(), new ProcessingRestricted(ID, "ACCURACY_CONTESTED"),
                        new CustomerErased(ID, ErasureReason.DATA_SUBJECT_REQUEST, NOW))
                .when(new LiftRestriction(ID))
                .expectNoEvents()
                .expectException(rejectedWith(Rejection.CUSTOMER_ERASED, "customerId"));
    }
}
