-- No personal data in clear in the read model (issue 14): the personal columns of the customer view hold
-- AES-256-GCM ciphertexts under the person's own data key (dev.lethe.query.customerview.ViewCipher, format in
-- docs/crypto-shredding.md), so that neither the tables, their dead tuples, the WAL nor a backup hold them in
-- clear, and erasing the person shreds every leftover copy.
--
-- SQL cannot encrypt the existing rows (the data keys are wrapped by key-encryption keys that never enter the
-- database), so a view built before this migration is emptied here and rebuilt from lethe.events by the service
-- at start-up (dev.lethe.query.operations.PendingRebuilds), which then deletes its row below. TRUNCATE gives the
-- tables new files and unlinks the old ones at commit, so the plaintext is not left behind as dead tuples; the WAL
-- written before this migration still holds it until it is recycled (docs/crypto-shredding.md).

-- A rebuild a migration requires: run by the service once it is up, then deleted.
CREATE TABLE query.pending_rebuild (
    projection   VARCHAR(64)  NOT NULL PRIMARY KEY,
    reason       VARCHAR(64)  NOT NULL,
    requested_at TIMESTAMPTZ  NOT NULL
);

INSERT INTO query.pending_rebuild (projection, reason, requested_at)
SELECT 'customer-view', 'ENCRYPTED_READ_MODEL', now()
WHERE EXISTS (SELECT 1 FROM query.customer_view) OR EXISTS (SELECT 1 FROM query.customer_tombstone);

TRUNCATE query.customer_blind_index, query.customer_field, query.customer_source_record, query.customer_consent,
    query.customer_view, query.customer_tombstone;
DELETE FROM query.parked_event WHERE projection = 'customer-view';

-- value is NULL when the event that set it can no longer be decrypted (the person was erased)
ALTER TABLE query.customer_field
    DROP COLUMN value,
    ADD COLUMN value BYTEA;

ALTER TABLE query.customer_source_record
    DROP COLUMN source_customer_id,
    ADD COLUMN source_customer_id BYTEA;

-- channel and consent text version are free text from the producer: not personal by the contract, encrypted
-- all the same, since nothing stops a producer from making them so
ALTER TABLE query.customer_consent
    DROP COLUMN channel,
    ADD COLUMN channel BYTEA,
    DROP COLUMN consent_text_version,
    ADD COLUMN consent_text_version BYTEA;
