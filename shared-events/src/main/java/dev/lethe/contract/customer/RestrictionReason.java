package dev.lethe.contract.customer;

/** The grounds for restricting processing that GDPR Art. 18(1) names; free text would invite personal data. */
public enum RestrictionReason {
    ACCURACY_CONTESTED,
    UNLAWFUL_PROCESSING,
    NEEDED_FOR_LEGAL_CLAIMS,
    OBJECTION_PENDING
}
