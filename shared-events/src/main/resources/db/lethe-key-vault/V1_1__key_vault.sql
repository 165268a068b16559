-- Lethe key vault: one data-encryption key per data subject, wrapped by a key-encryption key that never
-- lives in this database. Deleting a row erases the subject (crypto-shredding). Grant this schema only to
-- the role of the service that encrypts and erases; backups of it are governed by the erasure ledger
-- (destroyed_key), so that a restore cannot bring a destroyed key back.
CREATE SCHEMA IF NOT EXISTS key_vault;

CREATE TABLE key_vault.data_key (
    subject_id   varchar(255) PRIMARY KEY,
    key_id       uuid         NOT NULL UNIQUE,
    kek_id       varchar(64)  NOT NULL,
    -- nonce (12) || AES-256-GCM(ciphertext of the 32-byte key) (32) || tag (16); see docs/crypto-shredding.md
    wrapped_key  bytea        NOT NULL CHECK (octet_length(wrapped_key) = 60),
    created_at   timestamptz  NOT NULL DEFAULT now(),
    rewrapped_at timestamptz
);

-- Rotation finds the keys still wrapped by an old key-encryption key.
CREATE INDEX data_key_kek_id_idx ON key_vault.data_key (kek_id);

-- The erasure ledger: who was erased and when, no personal data. Tells "erased" from "never existed",
-- blocks issuing a new key for an erased subject, and is the list to re-apply after restoring a backup.
CREATE TABLE key_vault.destroyed_key (
    subject_id   varchar(255) PRIMARY KEY,
    key_id       uuid,  -- null when the subject never had a key
    destroyed_at timestamptz NOT NULL
);
