-- The erasure ledger: which data subjects were erased, when and why. No personal data (subject ids are random
-- UUIDs, reasons are codes). Written in the erasure's own transaction, so a committed erasure is always in it.
--
-- It lives in its own schema, apart from the key vault, because a backup of the vault taken before an erasure
-- still holds the erased person's key: the ledger is what a restore re-applies so that no such backup can bring
-- the person back. Backups export it as its own artefact (docs/backup-restore.md); a restore never replaces it
-- with an older copy, it takes the union of every copy it is given.
CREATE SCHEMA IF NOT EXISTS ledger;

CREATE TABLE ledger.erasure (
    subject_id VARCHAR(255) NOT NULL PRIMARY KEY,
    erased_at  TIMESTAMPTZ  NOT NULL,
    reason     VARCHAR(64)  NOT NULL
);
