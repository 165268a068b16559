package dev.lethe.query.security;

/** The roles a token may carry in its roles claim; each becomes the authority {@code ROLE_<name>}. */
enum Role {
    /** The unified view and its statistics; personal fields masked unless {@link #ANALYST_PII} is also held. */
    ANALYST,
    /** Together with {@link #ANALYST}: personal fields in clear. Alone it grants nothing. */
    ANALYST_PII,
    /** Audit trail, history, time travel, subject access export, erasure receipts; sees restricted people. */
    COMPLIANCE_OFFICER,
    /** Metrics, health details, projection status and rebuilds. */
    OPERATOR;

    public String authority() {
        return "ROLE_" + name();
    }
}
