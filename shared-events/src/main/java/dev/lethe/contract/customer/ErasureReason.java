package dev.lethe.contract.customer;

/** Why a person's data was erased; recorded on {@link CustomerErased} and in the erasure receipt. */
public enum ErasureReason {
    /** The person asked for erasure (GDPR Art. 17). */
    DATA_SUBJECT_REQUEST,
    /** The retention period allowed for the purposes the data was collected for has run out. */
    RETENTION_EXPIRED,
    /** Consent, the only legal basis, was withdrawn. */
    CONSENT_WITHDRAWN,
    /** The data was processed unlawfully and must go. */
    UNLAWFUL_PROCESSING
}
