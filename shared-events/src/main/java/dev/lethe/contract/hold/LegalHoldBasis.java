package dev.lethe.contract.hold;

/**
 * The legal grounds a hold may name (GDPR Art. 17(3)(b) and (e)); a code, because free text would invite
 * personal data.
 */
public enum LegalHoldBasis {
    /** Commercial records, e.g. German HGB § 257 (letters 6 years, books and invoices 10 years). */
    COMMERCIAL_RETENTION,
    /** Tax records, e.g. German AO § 147. */
    TAX_RETENTION,
    /** Establishment, exercise or defence of legal claims. */
    LEGAL_CLAIMS,
    /** An authority's order or investigation. */
    REGULATORY_REQUEST
}
