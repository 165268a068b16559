package dev.lethe.benchmark;

import java.util.Random;

/**
 * The command mix: 60 % registrations, 30 % contact updates, 8 % consent (grant or withdraw), 2 % erasures.
 * Seeded, so every round and mode draws the same sequence.
 */
final class CommandMix {

    enum Kind { REGISTER, UPDATE, CONSENT, ERASE }

    private final Random random;

    CommandMix(long seed) {
        this.random = new Random(seed);
    }

    Kind next() {
        int draw = random.nextInt(100);
        if (draw < 60) {
            return Kind.REGISTER;
        }
        if (draw < 90) {
            return Kind.UPDATE;
        }
        return draw < 98 ? Kind.CONSENT : Kind.ERASE;
    }

    /** A uniformly chosen index below {@code bound}, from the same seeded sequence. */
    int pick(int bound) {
        return random.nextInt(bound);
    }
}
