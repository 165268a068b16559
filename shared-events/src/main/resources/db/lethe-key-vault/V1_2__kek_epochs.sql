-- Key-encryption-key epochs (docs/crypto-shredding.md, "When an erasure is physically complete"). A KEK wraps new
-- data keys while its epoch is current; a rotation retires it (every live data key is re-wrapped under the next
-- one) and it is destroyed in its backend once older than the retention of retired KEKs. Only then is a copy of
-- an erased person's wrapped key that survives in WAL, dead tuples, replicas or backups noise.
CREATE TABLE key_vault.kek_epoch (
    kek_id        varchar(64) PRIMARY KEY,
    backend       varchar(16) NOT NULL,
    created_at    timestamptz NOT NULL,
    retired_at    timestamptz,
    destroy_after timestamptz,
    destroyed_at  timestamptz
);

-- At most one current epoch: a rotation retires the old one and inserts the new one in one transaction.
CREATE UNIQUE INDEX kek_epoch_one_current ON key_vault.kek_epoch ((true)) WHERE retired_at IS NULL;

-- The KEK that wrapped the data key when it was destroyed: the erasure is physically complete once that KEK is
-- destroyed (null for subjects that never had a key, and for erasures recorded before this migration).
ALTER TABLE key_vault.destroyed_key ADD COLUMN kek_id varchar(64);

-- No data key may be written wrapped with a retired KEK (an instance that has not yet seen a rotation): that key
-- would not be re-wrapped and would die with the KEK. The shared advisory lock (released at commit) makes a
-- rotation, which retires under the exclusive lock of the same number, wait for every transaction that is writing
-- a key; a key written after the rotation committed sees the retirement and is refused with SQLSTATE LK001, on
-- which the writer switches to the current epoch. The number is arbitrary, documented in docs/crypto-shredding.md.
CREATE FUNCTION key_vault.refuse_retired_kek() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock_shared(7364002);
    IF EXISTS (SELECT 1 FROM key_vault.kek_epoch WHERE kek_id = NEW.kek_id AND retired_at IS NOT NULL) THEN
        RAISE EXCEPTION USING ERRCODE = 'LK001',
            MESSAGE = 'key-encryption key ' || NEW.kek_id || ' is retired; wrap with the current epoch''s key';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER data_key_refuse_retired_kek
    BEFORE INSERT OR UPDATE OF kek_id ON key_vault.data_key
    FOR EACH ROW EXECUTE FUNCTION key_vault.refuse_retired_kek();
