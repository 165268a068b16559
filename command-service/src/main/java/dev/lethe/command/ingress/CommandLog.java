package dev.lethe.command.ingress;

import dev.lethe.contract.envelope.CommandResult;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The answer each commandId got ({@code event_store.command_log}). Recorded in the transaction that
 * stores the command's events, so "applied" and "answered" can never disagree after a crash.
 */
@Repository
class CommandLog {

    private final JdbcTemplate jdbc;

    CommandLog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<CommandResult> find(UUID commandId) {
        return jdbc.query("SELECT status, customer_id, code, field, message, deferred_until "
                        + "FROM event_store.command_log WHERE command_id = ?",
                (rs, row) -> new CommandResult(commandId.toString(), CommandResult.Status.valueOf(rs.getString(1)),
                        rs.getString(2), rs.getString(3), rs.getString(5), rs.getString(4), rs.getString(6)),
                commandId).stream().findFirst();
    }

    /** The answers already logged for any of these commandIds, in one query (a batch's redeliveries). */
    Map<UUID, CommandResult> findAll(Collection<UUID> commandIds) {
        Map<UUID, CommandResult> found = new HashMap<>();
        if (commandIds.isEmpty()) {
            return found;
        }
        jdbc.query("SELECT command_id, status, customer_id, code, field, message FROM event_store.command_log "
                        + "WHERE command_id = ANY (?::uuid[])",
                rs -> {
                    UUID commandId = rs.getObject(1, UUID.class);
                    found.put(commandId, new CommandResult(commandId.toString(),
                            CommandResult.Status.valueOf(rs.getString(2)), rs.getString(3), rs.getString(4),
                            rs.getString(6), rs.getString(5)));
                },
                (Object) commandIds.stream().map(UUID::toString).toArray(String[]::new));
        return found;
    }

    /** @throws org.springframework.dao.DuplicateKeyException when the commandId was recorded meanwhile */
    void record(UUID commandId, String type, String source, CommandResult result) {
        jdbc.update("INSERT INTO event_store.command_log "
                        + "(command_id, command_type, source, status, customer_id, code, field, message) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                commandId, truncate(type, 64), truncate(source, 128), result.status().name(), result.customerId(),
                result.code(), result.field(), truncate(result.message(), 512));
    }

    /** The command turned out differently from a plain acceptance (a deferred erasure); same transaction. */
    void amend(UUID commandId, CommandResult result) {
        jdbc.update("UPDATE event_store.command_log SET status = ?, code = ?, field = ?, message = ?, deferred_until = ? "
                        + "WHERE command_id = ?",
                result.status().name(), result.code(), result.field(), truncate(result.message(), 512),
                result.deferredUntil(), commandId);
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
