-- Every key that ever signed checkpoints and erasure receipts, so that GET /api/public/receipt-keys and the audit
-- export can publish retired keys too: a receipt must stay verifiable after the key that signed it was replaced.
-- Append-only like the rest of the audit schema: a key's validity ends where the next key's begins, so nothing is
-- ever updated. valid_from NULL: a retired key configured before this registry existed (its start is not known).
CREATE TABLE audit.signing_key (
    key_id     VARCHAR(16)  NOT NULL PRIMARY KEY,
    algorithm  VARCHAR(16)  NOT NULL,
    public_key TEXT         NOT NULL,  -- base64 of the X.509 encoding
    valid_from TIMESTAMPTZ
);
CREATE TRIGGER signing_key_no_change BEFORE UPDATE OR DELETE ON audit.signing_key
    FOR EACH ROW EXECUTE FUNCTION audit.refuse_change();
CREATE TRIGGER signing_key_no_truncate BEFORE TRUNCATE ON audit.signing_key
    FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change();

-- When the customer view deleted an erased person's rows (the erasure receipt's "read-model rows deleted" step).
-- Rows erased before this migration get its time: they were gone by then.
ALTER TABLE query.customer_tombstone ADD COLUMN deleted_at TIMESTAMPTZ NOT NULL DEFAULT now();

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${approle}') THEN
        EXECUTE 'GRANT SELECT, INSERT ON audit.signing_key TO ${approle}';
    END IF;
END;
$$;
