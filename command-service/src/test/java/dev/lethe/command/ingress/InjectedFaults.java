package dev.lethe.command.ingress;

import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Real database faults for chosen commands, test-only: a trigger on {@code event_store.command_log} that, when a
 * marked command is about to be logged as accepted (inside the transaction that applies it), sleeps and/or raises
 * an error with a chosen SQLState, exactly as PostgreSQL would report a constraint violation, a serialization
 * failure or a lost connection. Every firing is counted in a sequence, which a rollback does not undo. Commands
 * that are not marked pass untouched, so the shared service keeps working for every other test.
 */
public final class InjectedFaults {

    private final JdbcTemplate jdbc;

    public InjectedFaults(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void install() {
        jdbc.execute("CREATE TABLE IF NOT EXISTS public.ingress_fault (command_id UUID PRIMARY KEY, "
                + "sql_state CHAR(5), sleep_seconds INT, attempts TEXT NOT NULL)");
        jdbc.execute("""
                CREATE OR REPLACE FUNCTION public.ingress_fault() RETURNS trigger AS $$
                DECLARE
                    fault public.ingress_fault;
                BEGIN
                    IF NEW.status = 'ACCEPTED' THEN
                        SELECT * INTO fault FROM public.ingress_fault WHERE command_id = NEW.command_id;
                        IF FOUND THEN
                            PERFORM nextval(fault.attempts::regclass);
                            IF fault.sleep_seconds IS NOT NULL THEN
                                PERFORM pg_sleep(fault.sleep_seconds);
                            END IF;
                            IF fault.sql_state IS NOT NULL THEN
                                RAISE EXCEPTION 'injected fault' USING ERRCODE = fault.sql_state;
                            END IF;
                        END IF;
                    END IF;
                    RETURN NEW;
                END
                $$ LANGUAGE plpgsql""");
        jdbc.execute("DROP TRIGGER IF EXISTS ingress_fault ON event_store.command_log");
        jdbc.execute("CREATE TRIGGER ingress_fault BEFORE INSERT ON event_store.command_log "
                + "FOR EACH ROW EXECUTE FUNCTION public.ingress_fault()");
    }

    public void uninstall() {
        jdbc.execute("DROP TRIGGER IF EXISTS ingress_fault ON event_store.command_log");
    }

    /** Every attempt to accept this command fails with this SQLState. */
    public void fail(String commandId, String sqlState) {
        mark(commandId, sqlState, null);
    }

    /** Every attempt to accept this command takes this long (in the statement that logs it). */
    public void delay(String commandId, int seconds) {
        mark(commandId, null, seconds);
    }

    /** The fault is mended: the next attempt succeeds. */
    public void clear(String commandId) {
        jdbc.update("DELETE FROM public.ingress_fault WHERE command_id = ?::uuid", commandId);
    }

    /** How often the service tried to accept this command so far. */
    public long attempts(String commandId) {
        return jdbc.queryForObject("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM "
                + sequence(commandId), Long.class);
    }

    private void mark(String commandId, String sqlState, Integer sleepSeconds) {
        jdbc.execute("CREATE SEQUENCE IF NOT EXISTS " + sequence(commandId));
        jdbc.update("INSERT INTO public.ingress_fault (command_id, sql_state, sleep_seconds, attempts) "
                + "VALUES (?::uuid, ?, ?, ?)", commandId, sqlState, sleepSeconds, sequence(commandId));
    }

    private static String sequence(String commandId) {
        return "public.ingress_fault_" + UUID.fromString(commandId).toString().replace("-", "");
    }
}
