package dev.lethe.contract.envelope;

/**
 * Stable, machine-readable reasons a command is refused. They are part of the wire contract on
 * {@code lethe.command-results}: never rename one, only add.
 */
public enum Rejection implements ResultCode {
    INVALID_JSON,
    UNKNOWN_COMMAND_TYPE,
    MISSING_FIELD,
    INVALID_FIELD,
    UNKNOWN_FIELD,
    INVALID_EMAIL,
    INVALID_PHONE,
    INVALID_DATE,
    UNKNOWN_PURPOSE,
    FIELD_NOT_PERMITTED_FOR_PURPOSE,
    SOURCE_NOT_AUTHORISED,
    PAYLOAD_TOO_LARGE,
    CUSTOMER_NOT_FOUND,
    CUSTOMER_ERASED,
    SOURCE_RECORD_ALREADY_REGISTERED,
    CONSENT_NOT_GRANTED,
    INTERNAL_ERROR,
    CUSTOMER_MERGED,
    CUSTOMERS_NOT_MERGED,
    CANNOT_MERGE_WITH_ITSELF,
    SUPPRESSED,
    LEGAL_HOLD_ENDS_IN_PAST,
    LEGAL_HOLD_NOT_ACTIVE,
    ERASURE_PENDING
}
