package dev.lethe.command.customer;

import static dev.lethe.command.customer.CustomerFixture.ID;
import static dev.lethe.command.customer.CustomerFixture.NOW;
import static dev.lethe.command.customer.CustomerFixture.SURVIVOR;
import static dev.lethe.command.customer.CustomerFixture.registered;
import static dev.lethe.command.customer.CustomerFixture.rejectedWith;

import dev.lethe.contract.customer.CustomerErased;
import dev.lethe.contract.customer.ErasureReason;
import dev.lethe.contract.envelope.Rejection;
import dev.lethe.contract.hold.LegalHoldPlaced;
import dev.lethe.contract.hold.LegalHoldReleased;
import dev.lethe.contract.hold.PlaceLegalHold;
import dev.lethe.contract.hold.ReleaseLegalHold;
import dev.lethe.contract.identity.CustomerMergedInto;
import java.time.Duration;
import java.time.Instant;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.Test;

/** Placing and releasing a legal hold; whether one is active is judged by the service's clock ({@link CustomerFixture#NOW}). */
class LegalHoldTest {

    private static final Instant IN_30_DAYS = NOW.plus(Duration.ofDays(30));
    private static final Instant IN_90_DAYS = NOW.plus(Duration.ofDays(90));

    private final FixtureConfiguration<Customer> fixture = CustomerFixture.create();

    @Test
    void placingAHoldRecordsItsEndAndBasis() {
        fixture.given(registered())
                .when(new PlaceLegalHold(ID, IN_30_DAYS, "TAX_RETENTION"))
                .expectEvents(new LegalHoldPlaced(ID, IN_30_DAYS, "TAX_RETENTION"));
    }

    @Test
    void aHoldMustEndInTheFuture() {
        fixture.given(registered())
                .when(new PlaceLegalHold(ID, NOW, "TAX_RETENTION"))
                .expectNoEvents()
                .expectException(rejectedWith(Rejection.LEGAL_HOLD_ENDS_IN_PAST, "payload.until"));
    }

    @Test
    void aLaterEndExtendsAnActiveHold() {
        fixture.given(registered(), new LegalHoldPlaced(ID, IN_30_DAYS, "TAX_RETENTION"))
                .when(new PlaceLegalHold(ID, IN_90_DAYS, "LEGAL_CLAIMS"))
                .expectEvents(new LegalHoldPlaced(ID, IN_90_DAYS, "LEGAL_CLAIMS"));
    }

    @Test
    void anEarlierEndNeverShortensAnActiveHold() {
        fixture.given(registered(), new LegalHoldPlaced(ID, IN_90_DAYS, "TAX_RETENTION"))
                .when(new PlaceLegalHold(ID, IN_30_DAYS, "LEGAL_CLAIMS"))
                .expectEvents(new LegalHoldPlaced(ID, IN_90_DAYS, "LEGAL_CLAIMS"));
    }

    @Test
    void aHoldThatAlreadyEndedDoesNotKeepANewOneFromEndingEarlier() {
        fixture.given(registered(), new LegalHoldPlaced(ID, NOW.minusSeconds(1), "TAX_RETENTION"))
                .when(new PlaceLegalHold(ID, IN_30_DAYS, "LEGAL_CLAIMS"))
                .expectEvents(new LegalHoldPlaced(ID, IN_30_DAYS, "LEGAL_CLAIMS"));
    }

    @Test
    void anErasedCustomerCannotBeHeld() {
        fixture.given(registered(), new CustomerErased(ID, ErasureReason.DATA_SUBJECT_REQUEST, NOW))
                .when(new PlaceLegalHold(ID, IN_30_DAYS, "TAX_RETENTION"))
                .expectNoEvents()
                .expectException(rejectedWith(Rejection.CUSTOMER_ERASED, "customerId"));
    }

    @Test
    void aMergedCustomerIsHeldThroughItsSurvivorOnly() {
        fixture.given(registered(), new CustomerMergedInto(ID, SURVIVOR))
                .when(new PlaceLegalHold(ID, IN_30_DAYS, "TAX_RETENTION"))
                .expectNoEvents()
                .expectException(rejectedWith(Rejection.CUSTOMER_MERGED, "customerId"));
    }

    @Test
    void releasingAnActiveHoldRecordsWhen() {
        fixture.given(registered(), new LegalHoldPlaced(ID, IN_30_DAYS, "TAX_RETENTION"))
                .when(new ReleaseLegalHold(ID))
                .expectEvents(new LegalHoldReleased(ID, NOW));
    }

    @Test
    void thereIsNothingToReleaseWithoutAHold() {
        fixture.given(registered())
                .when(new ReleaseLegalHold(ID))
                .expectNoEvents()
                .expectException(rejectedWith(Rejection.LEGAL_HOLD_NOT_ACTIVE, "customerId"));
    }

    @Test
    void aHoldThatEndedCannotBeReleased() {
        fixture.given(registered(), new LegalHoldPlaced(ID, NOW.minusSeconds(1), "TAX_RETENTION"))
                .when(new ReleaseLegalHold(ID))
                .expectNoEvents()
                .expectException(rejectedWith(Rejection.LEGAL_HOLD_NOT_ACTIVE, "customerId"));
    }

    @Test
    void aReleasedHoldCannotBeReleasedAgain() {
        fixture.given(registered(), new LegalHoldPlaced(ID, IN_30_DAYS, "TAX_RETENTION"),
                        new LegalHoldReleased(ID, NOW))
                .when(new ReleaseLegalHold(ID))
                .expectNoEvents()
                .expectException(rejectedWith(Rejection.LEGAL_HOLD_NOT_ACTIVE, "customerId"));
    }

    @Test
    void anErasedCustomersHoldCannotBeReleased() {
        fixture.given(registered(), new LegalHoldPlaced(ID, IN_30_DAYS, "TAX_RETENTION"),
                        new CustomerErased(ID, ErasureReason.RETENTION_EXPIRED, NOW))
                .when(new ReleaseLegalHold(ID))
                .expectNoEvents()
                .expectException(rejectedWith(Rejection.CUSTOMER_ERASED, "customerId"));
    }

    @Test
    void aMergedCustomersHoldIsReleasedThroughItsSurvivorOnly() {
        fixture.given(registered(), new LegalHoldPlaced(ID, IN_30_DAYS, "TAX_RETENTION"),
                        new CustomerMergedInto(ID, SURVIVOR))
                .when(new ReleaseLegalHold(ID))
                .expectNoEvents()
                .expectException(rejectedWith(Rejection.CUSTOMER_MERGED, "customerId"));
    }
}
