-- The unified view (issue 4): contact fields move out of customer_view into one row per field, value kind
-- and customer, so that survivorship can be decided at read time over a survivor and its merged members
-- and a merge can be undone without losing anything. See docs/unified-view.md.
ALTER TABLE query.customer_view
    DROP COLUMN name,
    DROP COLUMN email,
    DROP COLUMN phone,
    DROP COLUMN street,
    DROP COLUMN postal_code,
    DROP COLUMN city,
    DROP COLUMN country,
    DROP COLUMN birth_date,
    ADD COLUMN merged_into VARCHAR(64);

CREATE INDEX customer_view_merged_into ON query.customer_view (merged_into) WHERE merged_into IS NOT NULL;

-- Per customer and field the latest verified (rectified) and the latest unverified (registration, link)
-- value. value is NULL when the event that set it can no longer be decrypted (the person was erased).
CREATE TABLE query.customer_field (
    customer_id     VARCHAR(64) NOT NULL REFERENCES query.customer_view ON DELETE CASCADE,
    field           VARCHAR(32) NOT NULL,
    verified        BOOLEAN     NOT NULL,
    value           TEXT,
    changed_at      TIMESTAMPTZ NOT NULL,
    global_sequence BIGINT      NOT NULL,
    PRIMARY KEY (customer_id, field, verified)
);

-- A customer may be known to one source under several records: one row per linking event.
ALTER TABLE query.customer_source_record
    ADD COLUMN global_sequence BIGINT NOT NULL DEFAULT 0,
    DROP CONSTRAINT customer_source_record_pkey;
ALTER TABLE query.customer_source_record
    ALTER COLUMN global_sequence DROP DEFAULT,
    ADD PRIMARY KEY (customer_id, global_sequence);
CREATE INDEX customer_source_record_source ON query.customer_source_record (source);

-- Ties between consent changes of merged customers at the same instant are broken by global sequence.
ALTER TABLE query.customer_consent
    ADD COLUMN global_sequence BIGINT NOT NULL DEFAULT 0;
ALTER TABLE query.customer_consent
    ALTER COLUMN global_sequence DROP DEFAULT;

-- Keyed HMAC digests (dev.lethe.shredding.BlindIndex) of the email addresses, phone numbers and source
-- references a customer's field rows hold: exact search without storing or sending the value in a lookup.
CREATE TABLE query.customer_blind_index (
    customer_id VARCHAR(64) NOT NULL REFERENCES query.customer_view ON DELETE CASCADE,
    kind        VARCHAR(16) NOT NULL,
    digest      BYTEA       NOT NULL,
    PRIMARY KEY (customer_id, kind, digest)
);
CREATE INDEX customer_blind_index_lookup ON query.customer_blind_index (kind, digest);
