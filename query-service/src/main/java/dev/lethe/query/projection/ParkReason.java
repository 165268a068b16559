package dev.lethe.query.projection;

/** Why a projection parked an event: the code in {@code query.parked_event}, the health details and the metric tag. */
public enum ParkReason {
    /** A header the projection needs is absent. */
    MISSING_HEADER,
    /** A header is present but does not parse (a sequence that is not a number, a time that is not ISO-8601). */
    INVALID_HEADER,
    /** The record has no key, or a key that is not a customer id. */
    MISSING_KEY,
    /** The type header names no class of the Lethe contract. */
    UNKNOWN_EVENT_TYPE,
    /** The payload is not the JSON of its type. */
    UNREADABLE_PAYLOAD,
    /** A personal field failed authentication or is stored unencrypted. */
    PERSONAL_DATA_INTEGRITY,
    /** The payload contradicts its record: another customer than the key, a merge with itself. */
    INCONSISTENT_EVENT,
    /** The first event of a customer is not one that creates it. */
    NO_CUSTOMER_ROW,
    /** The database refused the event's rows (a constraint violation). */
    CONSTRAINT_VIOLATION,
    /** An event of this customer is missing: its aggregate sequence is beyond the last applied + 1. */
    SEQUENCE_GAP,
    /** An earlier event of this customer is parked: applying this one past it would be wrong. */
    BEHIND_PARKED,
    /** The view row predates per-customer sequencing (migration V11): rebuild the view. */
    REBUILD_REQUIRED,
    /** An unclassified failure that persisted through its bounded retries. */
    APPLY_FAILED
}
