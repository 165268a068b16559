package dev.lethe.query.projection;

import static dev.lethe.query.projection.CustomerSequence.Decision.APPLY;
import static dev.lethe.query.projection.CustomerSequence.Decision.BEHIND_PARKED;
import static dev.lethe.query.projection.CustomerSequence.Decision.GAP;
import static dev.lethe.query.projection.CustomerSequence.Decision.REDELIVERY;
import static dev.lethe.query.projection.CustomerSequence.Decision.UNKNOWN_POSITION;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CustomerSequenceTest {

    @Test
    void aCustomersFirstEventIsSequenceZero() {
        assertThat(CustomerSequence.none().decide(0)).isEqualTo(APPLY);
        assertThat(CustomerSequence.none().decide(1)).as("the registration is missing").isEqualTo(GAP);
    }

    @Test
    void onlyTheNextSequenceApplies() {
        CustomerSequence atFour = new CustomerSequence(4, false);

        assertThat(atFour.decide(5)).isEqualTo(APPLY);
        assertThat(atFour.decide(4)).isEqualTo(REDELIVERY);
        assertThat(atFour.decide(0)).isEqualTo(REDELIVERY);
        assertThat(atFour.decide(6)).isEqualTo(GAP);
    }

    @Test
    void behindAParkedEventNothingNewAppliesButRedeliveriesAreStillRecognised() {
        CustomerSequence blocked = new CustomerSequence(4, true);

        assertThat(blocked.decide(5)).as("even the next one: it may be the parked one's successor").isEqualTo(BEHIND_PARKED);
        assertThat(blocked.decide(9)).isEqualTo(BEHIND_PARKED);
        assertThat(blocked.decide(3)).isEqualTo(REDELIVERY);
    }

    @Test
    void aRowThatPredatesSequencingDecidesNothing() {
        CustomerSequence legacy = new CustomerSequence(CustomerSequence.UNKNOWN, false);

        assertThat(legacy.decide(0)).isEqualTo(UNKNOWN_POSITION);
        assertThat(legacy.decide(7)).isEqualTo(UNKNOWN_POSITION);
    }
}
