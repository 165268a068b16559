-- Every answer a readable commandId got is logged, so that a repeat is answered alike: also the answers to
-- records whose type cannot be read ({"commandId":"…"} alone, "type":17, broken JSON). Those have no type to
-- log, and a NOT NULL here made logging their rejection fail on every retry, jamming the partition.
-- Only known command type names are written here; anything else a sender put in "type" stays out.
ALTER TABLE event_store.command_log ALTER COLUMN command_type DROP NOT NULL;
