package dev.lethe.chaos;

/** The invariants the checker counts violations of; each is one column of the report. */
enum Invariant {

    UNANSWERED("unanswered", "a record with a readable commandId, acknowledged by the broker, that got no answer"),
    ANSWERED_DIFFERENTLY("answered differently", "a commandId answered with two different answers"),
    LOST("lost", "an accepted command whose effect is not in the event store"),
    DUPLICATE_EFFECTS("duplicate effects", "one command's event stored twice, or one event audited twice"),
    VIEW_NOT_STORE("view != store", "a customer whose view (status, restriction, consents, tombstone) is not what the store says"),
    NOT_PUBLISHED("not on lethe.events", "a stored event never published"),
    NOT_AUDITED("not in audit", "a stored event with no audit entry"),
    PHANTOM("phantom events", "an event published or audited that the store does not hold"),
    WRONG_POSITION("wrong positions", "an event whose published global-sequence or audit global_position is not its store globalindex"),
    STUCK("stuck partitions", "a consumer group's partition with lag > 0 when the run had time to drain");

    final String column;
    final String meaning;

    Invariant(String column, String meaning) {
        this.column = column;
        this.meaning = meaning;
    }
}
