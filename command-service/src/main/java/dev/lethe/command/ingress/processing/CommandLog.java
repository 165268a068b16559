package dev.lethe.command.ingress.processing;

import dev.lethe.contract.envelope.CommandResult;
import dev.lethe.contract.envelope.ResultCode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
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

    private static final String COLUMNS = "command_id, status, customer_id, code, field, message, deferred_until";

    Optional<CommandResult> find(UUID commandId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM event_store.command_log WHERE command_id = ?",
                (rs, row) -> answer(rs), commandId).stream().findFirst();
    }

    /** The answers already logged for any of these commandIds, in one query (a batch's redeliveries). */
    Map<UUID, CommandResult> findAll(Collection<UUID> commandIds) {
        Map<UUID, CommandResult> found = new HashMap<>();
        if (commandIds.isEmpty()) {
            return found;
        }
        jdbc.query("SELECT " + COLUMNS + " FROM event_store.command_log WHERE command_id = ANY (?::uuid[])",
                rs -> {
                    CommandResult answer = answer(rs);
                    found.put(UUID.fromString(answer.commandId()), answer);
                },
                (Object) commandIds.stream().map(UUID::toString).toArray(String[]::new));
        return found;
    }

    /** Every field of the logged answer: a repeat is answered exactly alike (including a deferral's end). */
    private static CommandResult answer(ResultSet rs) throws SQLException {
        return new CommandResult(rs.getObject("command_id", UUID.class).toString(),
                CommandResult.Status.valueOf(rs.getString("status")), rs.getString("customer_id"),
                code(rs.getString("code")), rs.getString("message"), rs.getString("field"), rs.getString("deferred_until"));
    }

    private static ResultCode code(String name) {
        return name == null ? null : ResultCode.named(name);
    }

    private static final String INSERT = "INSERT INTO event_store.command_log "
            + "(command_id, command_type, source, status, customer_id, code, field, message, deferred_until) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /**
     * @param type the command type, or null when the record has none Lethe knows (only known names are logged)
     * @return the answer as logged (a field or message cut to the column's size), which is the one to send: a
     *         repeat gets the logged one, and both must be alike
     * @throws org.springframework.dao.DuplicateKeyException when the commandId was recorded meanwhile
     */
    CommandResult record(UUID commandId, String type, String source, CommandResult answer) {
        Row row = row(commandId, type, source, answer);
        jdbc.update(INSERT, row.values());
        return row.answer();
    }

    /**
     * A row to log later with others ({@link #recordAll}), in the same transaction as the command's work.
     *
     * @see #record
     */
    static Row row(UUID commandId, String type, String source, CommandResult answer) {
        return new Row(commandId, truncate(type, 64), truncate(source, 128), new CommandResult(answer.commandId(),
                answer.status(), answer.customerId(), answer.code(), truncate(answer.message(), 512),
                truncate(answer.field(), 128), answer.deferredUntil()));
    }

    /**
     * A batch's rows in one JDBC batch (multi-row INSERTs with {@code reWriteBatchedInserts}).
     *
     * @throws org.springframework.dao.DuplicateKeyException when a commandId was recorded meanwhile
     */
    void recordAll(List<Row> rows) {
        if (!rows.isEmpty()) {
            jdbc.batchUpdate(INSERT, rows.stream().map(Row::values).toList());
        }
    }

    /** One answer as it is logged: {@code answer} is the one to send. */
    record Row(UUID commandId, String type, String source, CommandResult answer) {

        private Object[] values() {
            return new Object[] {commandId, type, source, answer.status().name(), answer.customerId(),
                    name(answer.code()), answer.field(), answer.message(), answer.deferredUntil()};
        }
    }

    /** The command turned out differently from a plain acceptance (a deferred erasure); same transaction. */
    void amend(UUID commandId, CommandResult result) {
        jdbc.update("UPDATE event_store.command_log SET status = ?, code = ?, field = ?, message = ?, deferred_until = ? "
                        + "WHERE command_id = ?",
                result.status().name(), name(result.code()), result.field(), truncate(result.message(), 512),
                result.deferredUntil(), commandId);
    }

    private static String name(ResultCode code) {
        return code == null ? null : code.name();
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
