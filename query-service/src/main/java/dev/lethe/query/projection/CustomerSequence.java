package dev.lethe.query.projection;

/**
 * Where a projection stands with one customer, and what to do with the customer's next event. A customer's
 * events are totally ordered by their aggregate sequence (0 for the first) and keyed to one partition, so a
 * projection applies an event iff its sequence is the last applied + 1; anything else is a redelivery or a
 * hole. The store-wide global sequence cannot serve here: concurrent commits deliver it out of order.
 *
 * @param lastApplied the aggregate sequence of the last event applied, {@link #NONE} if none was,
 *                    {@link #UNKNOWN} if the projection's row predates per-customer sequencing
 * @param blocked     whether an earlier event of the customer is parked
 */
public record CustomerSequence(long lastApplied, boolean blocked) {

    public static final long NONE = -1;
    public static final long UNKNOWN = Long.MIN_VALUE;

    public enum Decision {
        /** The next event of the customer: apply it. */
        APPLY,
        /** At or below the last applied: delivered again (a redelivery, a republished batch); skip it. */
        REDELIVERY,
        /** Beyond the last applied + 1: an event of this customer is missing; park, do not apply. */
        GAP,
        /** An earlier event is parked: park this one behind it. */
        BEHIND_PARKED,
        /** The projection's row cannot say how far it got: park until the projection is rebuilt. */
        UNKNOWN_POSITION
    }

    public static CustomerSequence none() {
        return new CustomerSequence(NONE, false);
    }

    public Decision decide(long aggregateSequence) {
        if (lastApplied == UNKNOWN) {
            return Decision.UNKNOWN_POSITION;
        }
        if (aggregateSequence <= lastApplied) {
            return Decision.REDELIVERY;
        }
        if (blocked) {
            return Decision.BEHIND_PARKED;
        }
        return aggregateSequence == lastApplied + 1 ? Decision.APPLY : Decision.GAP;
    }
}
