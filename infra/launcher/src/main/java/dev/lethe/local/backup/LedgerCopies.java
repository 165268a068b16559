package dev.lethe.local.backup;

import dev.lethe.contract.customer.ErasureReason;
import dev.lethe.contract.ledger.ErasureLedgerFile;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the tools find copies of the erasure ledger: the live {@code ledger.erasure} (read only; the command
 * service owns and writes it) and ledger files ({@link ErasureLedgerFile}).
 */
final class LedgerCopies {

    private LedgerCopies() {
    }

    static List<ErasureLedgerFile.Entry> read(Connection connection) throws SQLException {
        List<ErasureLedgerFile.Entry> entries = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT subject_id, erased_at, reason FROM ledger.erasure ORDER BY erased_at, subject_id");
             ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                entries.add(new ErasureLedgerFile.Entry(rows.getString(1), rows.getTimestamp(2).toInstant(),
                        ErasureReason.valueOf(rows.getString(3))));
            }
        }
        return entries;
    }

    static List<ErasureLedgerFile.Entry> read(Path file) {
        try {
            return ErasureLedgerFile.read(file);
        } catch (ErasureLedgerFile.Unreadable e) {
            throw BackupException.refused("LEDGER_UNREADABLE", e.getMessage());
        }
    }
}
