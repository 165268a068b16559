package dev.lethe.command.customer;

import static dev.lethe.command.customer.CustomerFixture.CLOCK;
import static dev.lethe.command.customer.CustomerFixture.ID;
import static dev.lethe.command.customer.CustomerFixture.NOW;
import static dev.lethe.command.customer.CustomerFixture.registered;
import static dev.lethe.command.customer.CustomerFixture.rejectedWith;

import dev.lethe.contract.customer.CustomerErased;
import dev.lethe.contract.customer.ErasureReason;
import dev.lethe.contract.customer.ProcessingRestricted;
import dev.lethe.contract.envelope.CommandResult;
import dev.lethe.contract.envelope.Rejection;
import dev.lethe.contract.hold.ErasureDeferred;
import dev.lethe.contract.hold.LegalHoldPlaced;
import dev.lethe.contract.hold.LegalHoldReleased;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.Test;

/**
 * The aggregate's part of an erasure (GDPR Art. 17), as {@code EraseCustomerHandler} asks for it: first whether a
 * legal hold defers it, then the erasure itself. Keys, identity rows and the ledger are that handler's (ErasureIT).
 */
class ErasureTest {

    private static final Instant IN_30_DAYS = NOW.plus(Duration.ofDays(30));

    private final FixtureConfiguration<Customer> fixture = CustomerFixture.create();

    @Test
    void erasingRecordsTheReasonAndTime() {
        fixture.given(registered())
                .when(ExecuteOnCustomer.decide(ID, customer -> customer.erase(ErasureReason.DATA_SUBJECT_REQUEST, CLOCK)))
                .expectEvents(new CustomerErased(ID, ErasureReason.DATA_SUBJECT_REQUEST, NOW));
    }

    @Test
    void aCustomerIsErasedOnce() {
        fixture.given(registered(), new CustomerErased(ID, ErasureReason.DATA_SUBJECT_REQUEST, NOW))
                .when(ExecuteOnCustomer.decide(ID, customer -> customer.erase(ErasureReason.RETENTION_EXPIRED, CLOCK)))
                .expectNoEvents()
                .expectException(rejectedWith(Rejection.CUSTOMER_ERASED, "customerId"));
    }

    @Test
    void underAnActiveLegalHoldTheErasureWaitsAndProcessingIsRestricted() {
        fixture.given(registered(), new LegalHoldPlaced(ID, IN_30_DAYS, "TAX_RETENTION"))
                .when(deferIfHeld())
                .expectEvents(new ProcessingRestricted(ID, CommandResult.ERASURE_DEFERRED_LEGAL_HOLD),
                        new ErasureDeferred(ID, ErasureReason.DATA_SUBJECT_REQUEST, IN_30_DAYS, NOW))
                .expectResultMessagePayload(Optional.of(new ErasureDeferral(IN_30_DAYS)));
    }

    @Test
    void aDeferredErasureOfAnAlreadyRestrictedCustomerKeepsTheFirstRestriction() {
        fixture.given(registered(), new ProcessingRestricted(ID, "ACCURACY_CONTESTED"),
                        new LegalHoldPlaced(ID, IN_30_DAYS, "TAX_RETENTION"))
                .when(deferIfHeld())
                .expectEvents(new ErasureDeferred(ID, ErasureReason.DATA_SUBJECT_REQUEST, IN_30_DAYS, NOW))
                .expectResultMessagePayload(Optional.of(new ErasureDeferral(IN_30_DAYS)));
    }

    @Test
    void withoutAHoldNothingIsDeferred() {
        fixture.given(registered())
                .when(deferIfHeld())
                .expectNoEvents()
                .expectResultMessagePayload(Optional.empty());
    }

    @Test
    void aHoldThatEndedDefersNothing() {
        fixture.given(registered(), new LegalHoldPlaced(ID, NOW.minusSeconds(1), "TAX_RETENTION"))
                .when(deferIfHeld())
                .expectNoEvents()
                .expectResultMessagePayload(Optional.empty());
    }

    @Test
    void aReleasedHoldDefersNothing() {
        fixture.given(registered(), new LegalHoldPlaced(ID, IN_30_DAYS, "TAX_RETENTION"),
                        new LegalHoldReleased(ID, NOW.minusSeconds(1)))
                .when(deferIfHeld())
                .expectNoEvents()
                .expectResultMessagePayload(Optional.empty());
    }

    @Test
    void anErasedCustomerIsNotDeferredButLeftToTheErasureToRefuse() {
        fixture.given(registered(), new LegalHoldPlaced(ID, IN_30_DAYS, "TAX_RETENTION"),
                        new CustomerErased(ID, ErasureReason.DATA_SUBJECT_REQUEST, NOW))
                .when(deferIfHeld())
                .expectNoEvents()
                .expectResultMessagePayload(Optional.empty());
    }

    private static ExecuteOnCustomer deferIfHeld() {
        return new ExecuteOnCustomer(ID,
                customer -> customer.deferErasureDuringLegalHold(ErasureReason.DATA_SUBJECT_REQUEST, CLOCK));
    }
}
