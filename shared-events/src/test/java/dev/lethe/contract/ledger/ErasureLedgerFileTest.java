package dev.lethe.contract.ledger;

import static dev.lethe.contract.customer.ErasureReason.CONSENT_WITHDRAWN;
import static dev.lethe.contract.customer.ErasureReason.DATA_SUBJECT_REQUEST;
import static dev.lethe.contract.customer.ErasureReason.RETENTION_EXPIRED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ErasureLedgerFileTest {

    @TempDir
    Path directory;

    private static final Instant MONDAY = Instant.parse("2026-11-23T09:15:30.123456Z");
    private static final Instant FRIDAY = Instant.parse("2026-11-27T16:00:00Z");

    @Test
    void aLedgerWrittenToCsvReadsBackTheSameToTheMicrosecond() throws Exception {
        List<ErasureLedgerFile.Entry> entries = List.of(
                new ErasureLedgerFile.Entry("6d2f4a51-8c0e-4f7b-b1a3-2e9d5c7f0a64", MONDAY, DATA_SUBJECT_REQUEST),
                new ErasureLedgerFile.Entry("3f1c2a9e-0d4b-4c55-9a57-6f0b2a6d8e11", FRIDAY, RETENTION_EXPIRED));
        Path file = directory.resolve("erasure-ledger.csv");

        ErasureLedgerFile.write(file, entries);

        assertThat(Files.readAllLines(file).get(0)).isEqualTo("subject_id,erased_at,reason");
        assertThat(ErasureLedgerFile.read(file)).isEqualTo(entries);
        assertThat(directory).isDirectoryNotContaining("glob:**/.erasure-ledger*");
    }

    @Test
    void theUnionKeepsEverySubjectOnceWithItsEarliestErasure() {
        List<ErasureLedgerFile.Entry> older = List.of(new ErasureLedgerFile.Entry("a", MONDAY, DATA_SUBJECT_REQUEST));
        List<ErasureLedgerFile.Entry> newer = List.of(new ErasureLedgerFile.Entry("a", FRIDAY, RETENTION_EXPIRED),
                new ErasureLedgerFile.Entry("b", FRIDAY, CONSENT_WITHDRAWN));

        assertThat(ErasureLedgerFile.union(List.of(newer, older))).containsExactly(
                new ErasureLedgerFile.Entry("a", MONDAY, DATA_SUBJECT_REQUEST),
                new ErasureLedgerFile.Entry("b", FRIDAY, CONSENT_WITHDRAWN));
    }

    @Test
    void aFileThatIsNotALedgerIsRefusedNamingTheLineButNoValue() throws Exception {
        Path file = directory.resolve("tampered.csv");
        Files.writeString(file, "subject_id,erased_at,reason\nfine-id,2026-11-23T09:15:30Z,DATA_SUBJECT_REQUEST\n"
                + "Erika Mustermann,yesterday,DATA_SUBJECT_REQUEST\n");

        assertThatThrownBy(() -> ErasureLedgerFile.read(file))
                .isInstanceOf(ErasureLedgerFile.Unreadable.class)
                .hasMessageContaining("line 3").hasMessageNotContaining("Erika");
    }

    @Test
    void aReasonNoServiceKnowsIsRefused() throws Exception {
        Path file = directory.resolve("unknown-reason.csv");
        Files.writeString(file, "subject_id,erased_at,reason\nfine-id,2026-11-23T09:15:30Z,FORGOT_WHY\n");

        assertThatThrownBy(() -> ErasureLedgerFile.read(file))
                .isInstanceOf(ErasureLedgerFile.Unreadable.class)
                .hasMessageContaining("line 2: reason is not an erasure reason");
    }

    @Test
    void aFileWithoutTheHeaderIsRefused() throws Exception {
        Path file = directory.resolve("headless.csv");
        Files.writeString(file, "fine-id,2026-11-23T09:15:30Z,DATA_SUBJECT_REQUEST\n");

        assertThatThrownBy(() -> ErasureLedgerFile.read(file))
                .isInstanceOf(ErasureLedgerFile.Unreadable.class)
                .hasMessageContaining("is not an erasure ledger");
    }

    @Test
    void aServiceGivenALedgerItCannotReadIsToldWhichSettingAndThatNothingWasApplied() {
        Path missing = directory.resolve("missing.csv");

        assertThatThrownBy(() -> ErasureLedgerFile.readSetting("lethe.restore.ledger", missing))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("lethe.restore.ledger: could not read the erasure ledger " + missing)
                .hasMessageEndingWith("; nothing was applied");
    }
}
