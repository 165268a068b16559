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

-- When the customer view first deleted an erased person's rows (the erasure receipt's "read-model rows deleted"
-- step): recorded when the tombstone is first written. A table of its own, outside the view's tables, so that a
-- rebuild (which empties and replays those) neither changes the time nor yields tables that differ from the
-- incremental build's. People erased before this migration get its time: their rows were gone by then.
CREATE TABLE query.customer_erasure_applied (
    customer_id VARCHAR(64)  NOT NULL PRIMARY KEY,
    deleted_at  TIMESTAMPTZ  NOT NULL DEFAULT now()
);
INSERT INTO query.customer_erasure_applied (customer_id) SELECT customer_id FROM query.customer_tombstone;

CREATE FUNCTION query.record_erasure_applied() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO query.customer_erasure_applied (customer_id) VALUES (NEW.customer_id)
        ON CONFLICT (customer_id) DO NOTHING;
    RETURN NEW;
END;
$$;
CREATE TRIGGER customer_tombstone_erasure_applied AFTER INSERT ON query.customer_tombstone
    FOR EACH ROW EXECUTE FUNCTION query.record_erasure_applied();

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${approle}') THEN
        EXECUTE 'GRANT SELECT, INSERT ON audit.signing_key TO ${approle}';
        EXECUTE 'GRANT SELECT, INSERT ON query.customer_erasure_applied TO ${approle}';
    END IF;
END;
$$;
