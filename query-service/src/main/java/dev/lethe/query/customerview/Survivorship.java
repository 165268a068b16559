package dev.lethe.query.customerview;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Map;

/**
 * Which stored value of each contact field a golden record shows, over the rows of a customer and of every customer
 * merged into it: a verified (rectified) value beats an unverified one; then the latest event time; then the later
 * global sequence. Only the rows are compared, never the values, so the winners are chosen before anything is
 * decrypted.
 */
final class Survivorship {

    /** One row of {@code query.customer_field}: the latest verified or unverified value of a customer's field. */
    record Candidate<V>(String customerId, Field field, boolean verified, Instant changedAt, long globalSequence,
                        V value) {
    }

    private static final Comparator<Candidate<?>> BETTER_FIRST = Comparator.<Candidate<?>, Boolean>comparing(
                    Candidate::verified)
            .thenComparing(Candidate::changedAt)
            .thenComparingLong(Candidate::globalSequence)
            .reversed();

    private Survivorship() {
    }

    static <V> Map<Field, Candidate<V>> winners(Collection<Candidate<V>> candidates) {
        Map<Field, Candidate<V>> winners = new EnumMap<>(Field.class);
        for (Candidate<V> candidate : candidates) {
            winners.merge(candidate.field(), candidate,
                    (held, challenger) -> BETTER_FIRST.compare(challenger, held) < 0 ? challenger : held);
        }
        return winners;
    }
}
