package dev.lethe.local.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ErasureLedgerTest {

    @TempDir
    Path directory;

    private static final Instant MONDAY = Instant.parse("2026-11-23T09:15:30.123456Z");
    private static final Instant FRIDAY = Instant.parse("2026-11-27T16:00:00Z");

    @Test
    void aLedgerWrittenToCsvReadsBackTheSameToTheMicrosecond() throws Exception {
        List<ErasureLedger.Entry> entries = List.of(
                new ErasureLedger.Entry("6d2f4a51-8c0e-4f7b-b1a3-2e9d5c7f0a64", MONDAY, "DATA_SUBJECT_REQUEST"),
                new ErasureLedger.Entry("3f1c2a9e-0d4b-4c55-9a57-6f0b2a6d8e11", FRIDAY, "RETENTION_EXPIRED"));
        Path file = directory.resolve("erasure-ledger.csv");

        ErasureLedger.write(file, entries);

        assertThat(Files.readAllLines(file).get(0)).isEqualTo("subject_id,erased_at,reason");
        assertThat(ErasureLedger.read(file)).isEqualTo(entries);
    }

    @Test
    void theUnionKeepsEverySubjectOnceWithItsEarliestErasure() {
        List<ErasureLedger.Entry> older = List.of(new ErasureLedger.Entry("a", MONDAY, "DATA_SUBJECT_REQUEST"));
        List<ErasureLedger.Entry> newer = List.of(new ErasureLedger.Entry("a", FRIDAY, "RETENTION_EXPIRED"),
                new ErasureLedger.Entry("b", FRIDAY, "CONSENT_WITHDRAWN"));

        assertThat(ErasureLedger.union(List.of(newer, older))).containsExactly(
                new ErasureLedger.Entry("a", MONDAY, "DATA_SUBJECT_REQUEST"),
                new ErasureLedger.Entry("b", FRIDAY, "CONSENT_WITHDRAWN"));
    }

    @Test
    void aFileThatIsNotALedgerIsRefusedNamingTheLineButNoValue() throws Exception {
        Path file = directory.resolve("tampered.csv");
        Files.writeString(file, "subject_id,erased_at,reason\nfine-id,2026-11-23T09:15:30Z,DATA_SUBJECT_REQUEST\n"
                + "Erika Mustermann,yesterday,DATA_SUBJECT_REQUEST\n");

        assertThatThrownBy(() -> ErasureLedger.read(file))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.code()).isEqualTo("LEDGER_UNREADABLE"))
                .hasMessageContaining("line 3").hasMessageNotContaining("Erika");
    }
}
