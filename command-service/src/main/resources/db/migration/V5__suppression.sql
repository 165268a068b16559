-- Suppression list (opt-in, lethe.suppression.enabled): the emails and phones of erased people, so that a source
-- system cannot silently re-create someone who asked to be forgotten (docs/suppression.md). Only keyed hashes
-- (BlindIndex.suppression, label suppress-email: / suppress-phone:), no plaintext and no customer id: an entry
-- says "someone with this address was erased", not who. Entries expire (lethe.suppression.retention).
CREATE TABLE event_store.suppression (
    kind          VARCHAR(16) NOT NULL CHECK (kind IN ('email', 'phone')),
    digest        BYTEA       NOT NULL,
    suppressed_at TIMESTAMPTZ NOT NULL,
    expires_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (kind, digest)
);
CREATE INDEX suppression_expires_at_idx ON event_store.suppression (expires_at);
