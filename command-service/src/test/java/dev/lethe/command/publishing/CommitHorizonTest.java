package dev.lethe.command.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommitHorizonTest {

    @Test
    void aFencePassesOnceNoTransactionOlderThanItsIdIsInProgress() {
        CommitHorizon horizon = new CommitHorizon(0);
        assertThat(horizon.wantsFence(10)).isTrue();
        horizon.fence(10, 700);

        assertThat(horizon.passedIn(699)).as("transaction 699 may hold an index up to 10").isZero();
        assertThat(horizon.passedIn(700)).isEqualTo(10);
        assertThat(horizon.horizon()).isEqualTo(10);
    }

    @Test
    void fencesPassInOrderAndTheHorizonTakesTheFurthestThatPassed() {
        CommitHorizon horizon = new CommitHorizon(5);
        horizon.fence(10, 700);
        horizon.fence(20, 710);
        horizon.fence(30, 720);

        assertThat(horizon.passedIn(715)).isEqualTo(20);
        assertThat(horizon.passedIn(800)).isEqualTo(30);
        assertThat(horizon.passedIn(100)).as("never back").isEqualTo(30);
    }

    @Test
    void onlyAFenceBeyondTheHorizonAndTheNewestFenceIsWanted() {
        CommitHorizon horizon = new CommitHorizon(50);
        assertThat(horizon.wantsFence(50)).as("nothing drawn since").isFalse();
        assertThat(horizon.wantsFence(51)).isTrue();
        horizon.fence(51, 900);
        assertThat(horizon.wantsFence(51)).isFalse();
        assertThat(horizon.wantsFence(52)).isTrue();
    }

    @Test
    void aLongTransactionHoldsEveryFenceAndTheNewestIsKeptWhenThereAreTooMany() {
        CommitHorizon horizon = new CommitHorizon(0);
        int fences = CommitHorizon.MAX_PENDING_FENCES * 3;
        for (int i = 1; i <= fences; i++) {
            horizon.fence(i, 1000 + i);
            // transaction 9 is older than every fence's id
            assertThat(horizon.passedIn(9)).isZero();
        }
        assertThat(horizon.passedIn(1000 + fences)).isEqualTo(fences);
    }
}
