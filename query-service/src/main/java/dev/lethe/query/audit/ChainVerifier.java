package dev.lethe.query.audit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Recomputes the whole chain from the database: gap-free sequences, each entry linked to its predecessor's hash,
 * each entry hash equal to SHA-256 of its canonical encoding, each event copy equal to its digest; then every
 * stored checkpoint's signature and its agreement with the entry it names. Reports the first sequence that fails.
 */
@Component
class ChainVerifier {

    private final AuditTrail trail;
    private final Checkpoints checkpoints;
    private final CheckpointKeys keys;
    private final Timer duration;
    private final TransactionTemplate snapshot;

    ChainVerifier(AuditTrail trail, Checkpoints checkpoints, CheckpointKeys keys, MeterRegistry meters,
                  PlatformTransactionManager transactions) {
        this.trail = trail;
        this.checkpoints = checkpoints;
        this.keys = keys;
        // one consistent snapshot: checkpoints and entries as of the same moment, entries fetched in batches
        this.snapshot = new TransactionTemplate(transactions);
        this.snapshot.setReadOnly(true);
        this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        this.duration = Timer.builder("lethe.audit.verify.duration").description("time to verify the whole audit trail")
                .register(meters);
    }

    public Verification verify() {
        return duration.record(() -> snapshot.execute(status -> verifyNow()));
    }

    private Verification verifyNow() {
        List<Checkpoint> stored = checkpoints.all();
        Map<Long, byte[]> hashes = new HashMap<>();
        stored.forEach(checkpoint -> hashes.put(checkpoint.sequence(), null));
        Walk walk = new Walk();
        trail.forEachEntry(row -> {
            if (walk.failure == null) {
                walk.check(row);
                if (hashes.containsKey(row.entry().sequence())) {
                    hashes.put(row.entry().sequence(), row.entry().entryHash());
                }
            }
        });
        long entries = walk.expected - 1;
        if (walk.failure != null) {
            return Verification.invalid(entries, 0, walk.failedAt, walk.failure);
        }
        int verified = 0;
        for (Checkpoint checkpoint : stored) {
            if (!keys.verify(checkpoint.keyId(), checkpoint.canonicalEncoding(), checkpoint.signature())) {
                return Verification.invalid(entries, verified, checkpoint.sequence(),
                        "checkpoint signature does not verify (key " + checkpoint.keyId() + ")");
            }
            byte[] actual = hashes.get(checkpoint.sequence());
            if (actual == null) {
                return Verification.invalid(entries, verified, entries + 1, "trail ends at sequence " + entries
                        + " but a checkpoint signed sequence " + checkpoint.sequence() + ": entries were removed");
            }
            if (!Arrays.equals(actual, checkpoint.entryHash())) {
                return Verification.invalid(entries, verified, checkpoint.sequence(),
                        "entry hash differs from the signed checkpoint: the chain was rewritten");
            }
            verified++;
        }
        return Verification.valid(entries, verified);
    }

    /** The state of one pass over the chain. */
    private static final class Walk {
        long expected = 1;
        byte[] previousHash = AuditEntry.GENESIS_HASH;
        Long failedAt;
        String failure;

        void check(AuditTrail.EntryWithCopy row) {
            AuditEntry entry = row.entry();
            if (entry.sequence() != expected) {
                fail("sequence " + expected + " is missing (next entry found is " + entry.sequence() + ")");
            } else if (!Arrays.equals(entry.previousHash(), previousHash)) {
                fail("previous hash does not match the entry hash of sequence " + (expected - 1));
            } else if (!Arrays.equals(entry.computeHash(), entry.entryHash())) {
                fail("entry hash does not match its content");
            } else if (!row.copyPresent()) {
                fail("the stored copy of the event is missing");
            } else if (!row.copyMatches()) {
                fail("the stored copy of the event does not match the entry's digest");
            } else {
                previousHash = entry.entryHash();
                expected++;
            }
        }

        private void fail(String reason) {
            failedAt = expected;
            failure = reason;
        }
    }
}
